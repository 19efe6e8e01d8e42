package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) whose answers a test scripts: every request is
 * recorded as it arrived (method, raw path and query, headers, body bytes), then answered by the script.
 */
final class ScriptedServer implements AutoCloseable {

    /** One request as the server received it. */
    record Received(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The script's answer. */
    record Reply(int status, byte[] body, Map<String, String> headers) {
        static Reply json(int status, String json) {
            return new Reply(status, json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        }

        static Reply empty(int status) {
            return new Reply(status, new byte[0], Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<Received> received = new ArrayList<>();

    ScriptedServer(Function<Received, Reply> script) throws IOException {
        this(script, null);
    }

    /** With an SSL context, an https server presenting that context's certificate. */
    ScriptedServer(Function<Received, Reply> script, SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", exchange -> handle(exchange, script));
        server.setExecutor(executor); // one request at a time, like Morango's recorded runserver
        server.start();
    }

    private void handle(HttpExchange exchange, Function<Received, Reply> script) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                    body);
            synchronized (received) {
                received.add(request);
            }
            Reply reply;
            try {
                reply = script.apply(request);
            } catch (RuntimeException | AssertionError e) {
                reply = Reply.json(599, "{\"detail\": \"test script failed: " + e.toString().replace('"', '\'') + "\"}");
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Connection", "close");
            boolean noBody = reply.status() == 204 || reply.body().length == 0;
            exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    /** The base URL a client is given (ends with {@code /}). */
    String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + "/";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
