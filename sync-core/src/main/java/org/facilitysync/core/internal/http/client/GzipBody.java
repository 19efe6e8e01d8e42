package org.facilitysync.core.internal.http.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Gzip as Morango's {@code compress_string} writes it (Python's {@code GzipFile(compresslevel=9,
 * mtime=0)}): header {@code 1f 8b 08 00 00000000 02 ff} (no name, mtime 0, "maximum compression", OS
 * unknown), raw deflate at level 9, then CRC-32 and length. The JDK's {@code GZIPOutputStream} writes
 * another header and cannot set the level, so the frame is written here; the bytes then equal
 * Python's, which makes a recorded body checkable byte for byte. Other levels write the same frame with
 * the matching "extra flags" byte; any level is valid gzip to every peer.
 */
final class GzipBody {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff};

    private GzipBody() {
    }

    /** Morango's level, whose bodies equal Python's byte for byte. */
    static final int MORANGO_LEVEL = Deflater.BEST_COMPRESSION;

    static byte[] compress(byte[] data) {
        return compress(data, MORANGO_LEVEL);
    }

    static byte[] compress(byte[] data, int level) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("a gzip level is 1 to 9, not " + level);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        byte[] header = HEADER.clone();
        // XFL: 2 "maximum compression", 4 "fastest", 0 otherwise (RFC 1952), as Python writes it
        header[8] = (byte) (level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0);
        out.writeBytes(header);
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, data.length);
        return out.toByteArray();
    }

    /** The body as the peer meant it, undoing a {@code Content-Encoding} of gzip or deflate. */
    static byte[] decode(byte[] body, String contentEncoding) throws IOException {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return body;
        }
        String encoding = contentEncoding.strip().toLowerCase(java.util.Locale.ROOT);
        try (InputStream in = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw new IOException("the peer answered with Content-Encoding '" + contentEncoding
                    + "', which this client did not ask for");
        }) {
            return in.readAllBytes();
        }
    }

    private static void writeIntLe(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
