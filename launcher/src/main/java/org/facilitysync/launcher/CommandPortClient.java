package org.facilitysync.launcher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * Sends one command to the node serving a home and relays its output (attach mode).
 */
final class CommandPortClient {

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    /** A live node accepts at once; silence means something else owns the port now. */
    private static final int ACCEPT_TIMEOUT_MS = 5_000;

    private CommandPortClient() {
    }

    /**
     * Runs {@code line} in the serving node described by {@code info}.
     *
     * @return the command's exit, or empty when no facilitysync node listens there (a file left by a
     *         node that was killed)
     * @throws IOException when the node accepted the command but the exchange broke off
     */
    static Optional<CommandPortProtocol.Exit> run(CommandPortFile.Info info, String line, PrintStream out,
            PrintStream err, boolean verbose) throws IOException {
        if (info.pid() > 0 && ProcessHandle.of(info.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return Optional.empty();
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), info.port()), CONNECT_TIMEOUT_MS);
        } catch (ConnectException | SocketTimeoutException e) {
            socket.close();
            return Optional.empty();
        }
        try (socket) {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            CommandPortProtocol.write(request, CommandPortProtocol.TOKEN, info.token());
            CommandPortProtocol.write(request, CommandPortProtocol.COMMAND, line);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            socket.setSoTimeout(ACCEPT_TIMEOUT_MS);
            boolean accepted = false;
            while (true) {
                CommandPortProtocol.Frame frame;
                try {
                    frame = CommandPortProtocol.read(in);
                } catch (SocketTimeoutException e) {
                    return Optional.empty(); // not a facilitysync node
                }
                if (frame == null) {
                    if (!accepted) {
                        return Optional.empty();
                    }
                    throw new IOException("the serving node closed the connection before the command ended"
                            + " (did the command stop the node?)");
                }
                switch (frame.type()) {
                    case CommandPortProtocol.ACCEPTED -> {
                        accepted = true;
                        socket.setSoTimeout(0); // commands (a whole sync) may run for a long time
                    }
                    case CommandPortProtocol.OUT -> {
                        out.write(frame.payload());
                        out.flush();
                    }
                    case CommandPortProtocol.ERR -> {
                        err.write(frame.payload());
                        err.flush();
                    }
                    case CommandPortProtocol.TRACE -> {
                        if (verbose) {
                            err.print(frame.text());
                            err.flush();
                        }
                    }
                    case CommandPortProtocol.EXIT -> {
                        return Optional.of(CommandPortProtocol.parseExit(frame.text()));
                    }
                    default -> throw new IOException("the serving node sent an unknown frame type "
                            + (char) frame.type());
                }
            }
        }
    }
}
