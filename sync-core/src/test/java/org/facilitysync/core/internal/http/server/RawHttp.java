package org.facilitysync.core.internal.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 spoken byte by byte over a socket, for what no HTTP client library sends: malformed
 * percent-escapes and chunk sizes, bodies that stop half-way, connections from another loopback address.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A response as read off the wire: the status, the head's text and the body's text. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** Opens a connection to {@code baseUrl} from {@code from} (any 127.x.y.z on Linux). */
    static Socket connect(String baseUrl, String from) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        return socket;
    }

    /** Sends {@code request} (its head's lines joined by CRLF, then the body) and reads the whole answer. */
    static Answer exchange(String baseUrl, String request) throws IOException {
        try (Socket socket = connect(baseUrl, "127.0.0.1")) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one answer; the request asked for {@code Connection: close} or the server closes. */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
                Answer whole = complete(all.toString(StandardCharsets.ISO_8859_1));
                if (whole != null) {
                    return whole;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived is all there is
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        Answer whole = complete(text);
        if (whole == null) {
            throw new IOException("no complete HTTP answer: '" + text + "'");
        }
        return whole;
    }

    private static Answer complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        int status = Integer.parseInt(head.split(" ")[1]);
        Answer answer = new Answer(status, head, body);
        String length = answer.header("Content-Length");
        if (length != null) {
            int expected = Integer.parseInt(length);
            return body.length() >= expected ? new Answer(status, head, body.substring(0, expected)) : null;
        }
        if ("chunked".equalsIgnoreCase(String.valueOf(answer.header("Transfer-Encoding")))) {
            return body.endsWith("0\r\n\r\n") ? new Answer(status, head, dechunk(body)) : null;
        }
        return null; // until the connection closes
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int line = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, line).trim().toLowerCase(Locale.ROOT), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, line + 2, line + 2 + size);
            at = line + 2 + size + 2;
        }
    }

    /** What a block of code writes to {@code System.err} (where the tests' slf4j-simple logs). */
    static String stderrOf(ThrowingRunnable block) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(both);
        try {
            block.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
