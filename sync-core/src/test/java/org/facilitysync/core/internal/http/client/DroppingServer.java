package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP server on 127.0.0.1 that reads each request's head and then drops the connection without a
 * word, the first {@code drops} times (a failing proxy, a restarting peer); afterwards it answers 200 with
 * {@code json}. Plain sockets because an HTTP server library always answers something.
 */
final class DroppingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread thread;

    DroppingServer(int drops, String json) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(drops, json), "dropping-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(int drops, String json) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                int n = connections.incrementAndGet();
                readHead(connection.getInputStream());
                if (n <= drops) {
                    connection.setSoLinger(true, 0); // a reset, not a polite close
                    continue;
                }
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // closed, or the client gave up: next connection
            }
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
