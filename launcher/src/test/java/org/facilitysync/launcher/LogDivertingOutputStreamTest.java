package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LogDivertingOutputStreamTest {

    private static final String RECORD = "2026-11-22 21:30:01.123 [gogo command] ERROR org.facilitysync.core - Stage"
            + " 'transferring' of transfer session abc failed in operation x\n";
    private static final String TRACE = "org.facilitysync.core.internal.engine.PeerException: the peer is gone\n"
            + "\tat org.facilitysync.core.internal.engine.TransferStage.handle(TransferStage.java:40)\n"
            + "\t... 12 more\n"
            + "Caused by: java.net.ConnectException: Connection refused\n"
            + "\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n";

    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private String written(boolean keepTraces, String... chunks) throws Exception {
        try (LogDivertingOutputStream err = new LogDivertingOutputStream(command,
                new PrintStream(log, true, StandardCharsets.UTF_8), keepTraces)) {
            for (String chunk : chunks) {
                err.write(chunk.getBytes(StandardCharsets.UTF_8));
            }
        }
        return command.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logRecordsAndTheirTracesGoToTheNodesLogNotToTheCommand() throws Exception {
        String toCommand = written(true, "pull transferring pending\n", RECORD.substring(0, 30), RECORD.substring(30),
                TRACE, "sync failed (resume with: sync:resume --id 1)\n");
        assertEquals("pull transferring pending\nsync failed (resume with: sync:resume --id 1)\n", toCommand);
        assertEquals(RECORD + TRACE, log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutTracesOnlyTheRecordsFirstLineIsLogged() throws Exception {
        written(false, RECORD, TRACE);
        assertEquals(RECORD, log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLastLineWithoutNewlineStillReachesTheCommand() throws Exception {
        assertEquals("no newline", written(true, "no newline"));
    }
}
