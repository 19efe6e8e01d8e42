package org.facilitysync.launcher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The serving node's local command port: runs commands sent by one-shot {@code facilitysync}
 * invocations on the same home, so they use the live node instead of booting another one.
 *
 * <p>Bound to the loopback interface only. A client must present the token from the owner-only
 * {@code run/command-port} file, which limits use to the local user who runs the node.
 */
final class CommandPortServer implements AutoCloseable {

    /** How long a client may take to send its request; a running command has no limit. */
    private static final int REQUEST_TIMEOUT_MS = 10_000;

    private final ServerSocket socket;
    private final String token;
    private final CommandRunner commands;
    private final ExecutorService workers;
    private final Thread acceptor;

    private CommandPortServer(ServerSocket socket, String token, CommandRunner commands) {
        this.socket = socket;
        this.token = token;
        this.commands = commands;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "facilitysync command " + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "facilitysync command port");
        this.acceptor.setDaemon(true);
    }

    static CommandPortServer open(String token, CommandRunner commands) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CommandPortServer server = new CommandPortServer(socket, token, commands);
        server.acceptor.start();
        return server;
    }

    String token() {
        return token;
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                workers.execute(() -> serve(client));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LogSettings.warn("command port: " + e.getMessage());
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(REQUEST_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.getOutputStream()));
            String line;
            try {
                line = readRequest(in);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (line == null) {
                exit(out, new CommandPortProtocol.Exit(LauncherException.USAGE,
                        "the node refused the command: wrong or missing token (is run/command-port stale?)"));
                return;
            }
            client.setSoTimeout(0);
            CommandPortProtocol.write(out, CommandPortProtocol.ACCEPTED, "");
            CommandRunner.Outcome outcome = commands.run(line,
                    new CommandPortProtocol.FrameOutputStream(out, CommandPortProtocol.OUT),
                    new CommandPortProtocol.FrameOutputStream(out, CommandPortProtocol.ERR));
            if (outcome.error() != null && outcome.status() != 0) {
                StringWriter trace = new StringWriter();
                outcome.error().printStackTrace(new PrintWriter(trace));
                CommandPortProtocol.write(out, CommandPortProtocol.TRACE, trace.toString());
            }
            exit(out, new CommandPortProtocol.Exit(outcome.status(), outcome.message()));
        } catch (IOException e) {
            // The client went away; the command (if it ran) is not affected.
        }
    }

    /** The command line, or null when the token is wrong or the request malformed. */
    private String readRequest(DataInputStream in) throws IOException {
        CommandPortProtocol.Frame first = CommandPortProtocol.read(in);
        if (first == null || first.type() != CommandPortProtocol.TOKEN || !MessageDigest.isEqual(
                first.payload(), token.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        CommandPortProtocol.Frame second = CommandPortProtocol.read(in);
        if (second == null || second.type() != CommandPortProtocol.COMMAND) {
            return null;
        }
        return second.text();
    }

    private static void exit(DataOutputStream out, CommandPortProtocol.Exit exit) throws IOException {
        CommandPortProtocol.write(out, CommandPortProtocol.EXIT, CommandPortProtocol.exitPayload(exit));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
