package org.facilitysync.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The local command port's wire format: a sequence of frames, each one type byte, a big-endian
 * 32-bit payload length and the payload (UTF-8 text).
 *
 * <p>The client sends {@link #TOKEN} then {@link #COMMAND}. The server answers {@link #ACCEPTED}
 * (so a client can tell a live node from an unrelated process on a reused port without waiting for
 * a possibly long command), then any number of {@link #OUT}, {@link #ERR} and {@link #TRACE} frames
 * as the command runs, and ends with exactly one {@link #EXIT} frame: {@code <status>} or
 * {@code <status> TAB <one-line message>}. A refused request gets only the {@link #EXIT} frame.
 * Frames instead of lines, so command output and command lines may hold any character.
 */
final class CommandPortProtocol {

    static final byte TOKEN = 'K';
    static final byte COMMAND = 'C';
    /** The token was right; the command runs now. Empty payload. */
    static final byte ACCEPTED = 'A';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    /** A stack trace; the client shows it only with {@code --verbose}. */
    static final byte TRACE = 'T';
    static final byte EXIT = 'X';

    /** Refuses absurd lengths so a stray connection cannot make either side allocate gigabytes. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private CommandPortProtocol() {
    }

    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The end of a command: its exit status and, on failure, a one-line message. */
    record Exit(int status, String message) {
        Exit {
            message = message == null ? "" : message;
        }
    }

    static void write(DataOutputStream out, byte type, String text) throws IOException {
        write(out, type, text.getBytes(StandardCharsets.UTF_8), 0, -1);
    }

    static void write(DataOutputStream out, byte type, byte[] bytes, int offset, int length) throws IOException {
        int n = length < 0 ? bytes.length - offset : length;
        synchronized (out) { // command output and stderr may be written from different threads
            out.writeByte(type);
            out.writeInt(n);
            out.write(bytes, offset, n);
            out.flush();
        }
    }

    /** Reads one frame, or returns null at a clean end of stream before a frame starts. */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new IOException("the command port connection ended inside a frame");
        }
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("the command port sent a frame of " + length + " bytes (at most " + MAX_PAYLOAD
                    + " allowed)");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame((byte) type, payload);
    }

    static String exitPayload(Exit exit) {
        String oneLine = exit.message().replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
        return oneLine.isEmpty() ? Integer.toString(exit.status()) : exit.status() + "\t" + oneLine;
    }

    static Exit parseExit(String payload) throws IOException {
        int tab = payload.indexOf('\t');
        String status = tab < 0 ? payload : payload.substring(0, tab);
        try {
            return new Exit(Integer.parseInt(status.trim()), tab < 0 ? "" : payload.substring(tab + 1));
        } catch (NumberFormatException e) {
            throw new IOException("the command port sent a malformed exit frame: '" + payload + "'");
        }
    }

    /** An output stream that forwards every write as one frame of the given type. */
    static final class FrameOutputStream extends OutputStream {
        private final DataOutputStream out;
        private final byte type;

        FrameOutputStream(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                CommandPortProtocol.write(out, type, b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
