package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.facilitysync.launcher.CommandPortProtocol.Exit;
import org.facilitysync.launcher.CommandPortProtocol.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandPortProtocolTest {

    @Test
    void framesRoundTripAnyText() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        CommandPortProtocol.write(out, CommandPortProtocol.COMMAND, "echo 'a\nb' é");
        OutputStream stream = new CommandPortProtocol.FrameOutputStream(out, CommandPortProtocol.OUT);
        stream.write("line\n".getBytes(StandardCharsets.UTF_8));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        Frame command = CommandPortProtocol.read(in);
        assertEquals(CommandPortProtocol.COMMAND, command.type());
        assertEquals("echo 'a\nb' é", command.text());
        Frame output = CommandPortProtocol.read(in);
        assertEquals(CommandPortProtocol.OUT, output.type());
        assertArrayEquals("line\n".getBytes(StandardCharsets.UTF_8), output.payload());
        assertNull(CommandPortProtocol.read(in), "clean end of stream");
    }

    @Test
    void exitCarriesStatusAndOneLineMessage() throws Exception {
        String payload = CommandPortProtocol.exitPayload(new Exit(2, "unknown command 'x'\nmore\tdetail"));
        assertEquals("2\tunknown command 'x' more detail", payload);
        assertEquals(new Exit(2, "unknown command 'x' more detail"), CommandPortProtocol.parseExit(payload));
        assertEquals(new Exit(0, ""), CommandPortProtocol.parseExit(CommandPortProtocol.exitPayload(new Exit(0, null))));
        assertThrows(IOException.class, () -> CommandPortProtocol.parseExit("ok"));
    }

    @Test
    void truncatedAndOversizedFramesAreRejected() {
        byte[] truncated = { 'O', 0, 0, 0, 5, 'a' };
        assertThrows(IOException.class,
                () -> CommandPortProtocol.read(new DataInputStream(new ByteArrayInputStream(truncated))));
        byte[] huge = { 'O', 0x7f, 0, 0, 0 };
        assertThrows(IOException.class,
                () -> CommandPortProtocol.read(new DataInputStream(new ByteArrayInputStream(huge))));
    }

    @Test
    void portFileIsOwnerOnlyAndDeletedOnlyByItsWriter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(CommandPortFile.NAME);
        CommandPortFile.Info info = new CommandPortFile.Info(40123, CommandPortFile.newToken(), 77);
        CommandPortFile.write(file, info);

        assertEquals(Optional.of(info), CommandPortFile.read(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(64, info.token().length());

        CommandPortFile.deleteIfOurs(file, new CommandPortFile.Info(40123, "other", 78));
        assertTrue(Files.exists(file), "another node's file stays");
        CommandPortFile.deleteIfOurs(file, info);
        assertEquals(Optional.empty(), CommandPortFile.read(file));
    }

    @Test
    void clientAndServerTalkOverLoopback() throws Exception {
        // The server side without a framework: a fake command runner behind the real socket code.
        String token = CommandPortFile.newToken();
        CommandRunner fake = new CommandRunner() {
            @Override
            public Outcome run(String line, OutputStream out, OutputStream err) {
                try {
                    out.write(("ran " + line + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return line.equals("fail") ? new Outcome(1, "it failed", new IllegalStateException("it failed"))
                        : Outcome.ok();
            }
        };
        try (CommandPortServer server = CommandPortServer.open(token, fake)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long self = ProcessHandle.current().pid();
            CommandPortFile.Info info = new CommandPortFile.Info(server.port(), token, self);

            Optional<Exit> ok = CommandPortClient.run(info, "pipeline", new PrintStream(out), new PrintStream(err),
                    false);
            assertEquals(Optional.of(new Exit(0, "")), ok);
            assertEquals("ran pipeline\n", out.toString(StandardCharsets.UTF_8));

            Optional<Exit> failed = CommandPortClient.run(info, "fail", new PrintStream(out), new PrintStream(err),
                    true);
            assertEquals(Optional.of(new Exit(1, "it failed")), failed);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("IllegalStateException"), "trace when verbose");

            Optional<Exit> refused = CommandPortClient.run(new CommandPortFile.Info(server.port(), "wrong", self),
                    "pipeline", new PrintStream(out), new PrintStream(err), false);
            assertEquals(LauncherException.USAGE, refused.orElseThrow().status());
            assertTrue(refused.orElseThrow().message().contains("wrong or missing token"));
        }
    }

    @Test
    void aPortNobodyListensOnOrADeadPidMeansNoServingNode() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        long self = ProcessHandle.current().pid();
        assertEquals(Optional.empty(), CommandPortClient.run(new CommandPortFile.Info(port, "t", self), "lb", sink,
                sink, false));
        assertEquals(Optional.empty(), CommandPortClient.run(new CommandPortFile.Info(port, "t", Long.MAX_VALUE - 1),
                "lb", sink, sink, false));
    }
}
