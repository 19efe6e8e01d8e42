package org.facilitysync.core.internal.http.server;

import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request's body as JSON text, read from the bytes that arrived through gzip (when the client sent
 * it so) and a strict UTF-8 decoder, within the size limit. Read whole ({@link #text()}) for the small
 * bodies of most requests, or as a stream ({@link #reader()}) for a push, so a large body is never
 * held as one array or string. Every refusal is an {@link ApiException}: 413 over the limit once
 * decompressed, 400 for a broken gzip stream or bytes that are not UTF-8.
 */
final class RequestBody {

    private final ReceivedBytes raw;
    private final boolean gzip;
    private final long maxBytes;
    private long chars;

    private RequestBody(ReceivedBytes raw, boolean gzip, long maxBytes) {
        this.raw = raw;
        this.gzip = gzip;
        this.maxBytes = maxBytes;
    }

    /** The body; refused with 415 when it is there but neither JSON nor gzip. */
    static RequestBody of(ReceivedBytes raw, String contentTypeHeader, String encoding, long maxBytes) {
        String contentType = contentTypeHeader == null ? ""
                : contentTypeHeader.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean gzip = "application/gzip".equals(contentType) || "application/x-gzip".equals(contentType)
                || (encoding != null && encoding.trim().equalsIgnoreCase("gzip"));
        if (!raw.isEmpty() && !gzip && !"application/json".equals(contentType)) {
            throw new ApiException(415, "Unsupported media type \"" + contentTypeHeader
                    + "\" in request: send application/json, or application/gzip for gzip-compressed JSON");
        }
        return new RequestBody(raw, gzip, maxBytes);
    }

    boolean isEmpty() {
        return raw.isEmpty();
    }

    /** The whole text, or null when the request has no body. */
    String text() {
        if (raw.isEmpty()) {
            return null;
        }
        StringWriter text = new StringWriter();
        try (Reader in = reader()) {
            in.transferTo(text);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body cannot be read: " + e.getMessage());
        }
        return text.toString();
    }

    /**
     * The text as a stream, read once. Its reads throw the refusals as {@link ApiException}s, which a
     * parser lets through.
     */
    Reader reader() {
        InputStream bytes = raw.stream();
        if (gzip) {
            bytes = new Inflating(bytes);
        }
        InputStreamReader decoder = new InputStreamReader(new Limited(bytes, gzip ? "decompressed request body"
                : "request body"), StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new FilterReader(decoder) {
            @Override
            public int read(char[] into, int offset, int length) throws IOException {
                try {
                    int n = super.read(into, offset, length);
                    chars += Math.max(n, 0);
                    return n;
                } catch (CharacterCodingException e) {
                    throw ApiException.badRequest("the request body is not UTF-8 text");
                }
            }

            @Override
            public int read() throws IOException {
                char[] one = new char[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }
        };
    }

    /** How many characters have been read so far (all of them, once read to the end). */
    long charsRead() {
        return chars;
    }

    /** The inflated bytes; a broken gzip stream is refused with 400. */
    private static final class Inflating extends ChunkedInputStream {
        private final InputStream compressed;
        private GZIPInputStream gzip;

        Inflating(InputStream compressed) {
            this.compressed = compressed;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            try {
                if (gzip == null) {
                    gzip = new GZIPInputStream(compressed, ReceivedBytes.BLOCK);
                }
                return gzip.read(into, offset, length);
            } catch (ZipException | EOFException e) {
                throw ApiException.badRequest("the gzip request body cannot be decompressed: " + e.getMessage());
            } catch (IOException e) {
                throw ApiException.badRequest("the gzip request body cannot be read: " + e.getMessage());
            }
        }
    }

    /** The bytes, refused with 413 once they pass the limit. */
    private final class Limited extends ChunkedInputStream {
        private final InputStream in;
        private final String what;
        private long total;

        Limited(InputStream in, String what) {
            this.in = in;
            this.what = what;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = in.read(into, offset, length);
            total += Math.max(n, 0);
            if (total > maxBytes) {
                throw new ApiException(413, what + " is over this server's limit of " + maxBytes + " bytes");
            }
            return n;
        }
    }
}
