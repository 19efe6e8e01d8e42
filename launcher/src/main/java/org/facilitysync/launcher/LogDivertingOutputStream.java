package org.facilitysync.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A command's stderr that keeps the node's log out of it. While a command runs, Gogo routes everything its
 * thread writes to {@code System.err} into the command's stderr, so a log record the engine writes on that
 * thread (with its stack trace) would reach the operator's terminal instead of the node's log. Lines in
 * the log's format (see {@link LogSettings}), and the exception lines that follow one, go to {@code log}
 * instead; the command's own error text passes through. With {@code keepTraces} false, only a record's
 * first line reaches the log (a one-shot node's log is the operator's terminal: no stack traces there
 * unless {@code --verbose}).
 */
final class LogDivertingOutputStream extends OutputStream {

    private static final Pattern RECORD = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*");
    /** What follows a record's first line when it carries an exception: its class and message, frames, causes. */
    private static final Pattern CONTINUATION = Pattern.compile(
            "^(\\s+.*|Caused by: .*|Suppressed: .*|([a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(: .*)?)$");

    private final OutputStream command;
    private final PrintStream log;
    private final boolean keepTraces;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean inRecord;

    LogDivertingOutputStream(OutputStream command, PrintStream log, boolean keepTraces) {
        this.command = command;
        this.log = log;
        this.keepTraces = keepTraces;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            route();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                route();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    private void route() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
        if (RECORD.matcher(text).matches()) {
            inRecord = true;
            synchronized (log) {
                log.println(text);
            }
        } else if (inRecord && CONTINUATION.matcher(text).matches()) {
            if (keepTraces) {
                synchronized (log) {
                    log.println(text);
                }
            }
        } else {
            inRecord = false;
            command.write(bytes);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        command.flush();
    }

    /** Passes on a last line without a newline. */
    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            command.write(line.toByteArray());
            line.reset();
        }
        command.flush();
    }
}
