package org.facilitysync.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <home>/run/command-port}: how a one-shot command finds the node serving a home. Written
 * only once that node is settled, readable by its owner only (the token is what lets a local process
 * run commands in the node), removed when the node stops.
 */
final class CommandPortFile {

    static final String NAME = "command-port";

    record Info(int port, String token, long pid) {
    }

    private CommandPortFile() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static void write(Path file, Info info) throws IOException {
        Path dir = file.getParent();
        Path temp;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            temp = Files.createTempFile(dir, NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            temp = Files.createTempFile(dir, NAME, ".tmp");
        }
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write("# command port of the facilitysync node serving this home; removed when it stops\n");
                out.write("port=" + info.port() + "\n");
                out.write("token=" + info.token() + "\n");
                out.write("pid=" + info.pid() + "\n");
            }
            // Readers never see a half-written file.
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's content, or empty when there is no (readable, well-formed) file. */
    static Optional<Info> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return Optional.of(new Info(Integer.parseInt(p.getProperty("port", "").trim()),
                    p.getProperty("token", "").trim(), Long.parseLong(p.getProperty("pid", "-1").trim())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Deletes the file if it still describes {@code info}, so a newer node's file is left alone. */
    static void deleteIfOurs(Path file, Info info) {
        try {
            if (read(file).map(info::equals).orElse(false)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Best effort at exit: a stale file is detected by the next client (connection refused).
        }
    }
}
