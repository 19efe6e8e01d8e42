package org.facilitysync.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A node's home directory: {@code load/} (FileInstall: plugin jars and {@code .cfg} files, hot),
 * {@code felix-cache/} (framework storage of serve and shell), {@code run/} (the command port file
 * and the lock of the running node) and {@code log/}.
 */
record NodeHome(Path dir) {

    static final String ENV = "FACILITYSYNC_HOME";

    NodeHome {
        dir = dir.toAbsolutePath().normalize();
    }

    Path load() {
        return dir.resolve("load");
    }

    Path felixCache() {
        return dir.resolve("felix-cache");
    }

    Path run() {
        return dir.resolve("run");
    }

    Path log() {
        return dir.resolve("log");
    }

    Path commandPortFile() {
        return run().resolve(CommandPortFile.NAME);
    }

    Path lockFile() {
        return run().resolve("node.lock");
    }

    /**
     * Creates the directories a node needs. A new {@code load/} is seeded with the distribution's
     * template files (its README), so an operator finds the explanation where they drop plugins.
     */
    void prepare(Path loadTemplate) throws LauncherException {
        try {
            Files.createDirectories(dir);
            if (!Files.isDirectory(load())) {
                Files.createDirectories(load());
                if (Files.isDirectory(loadTemplate) && !loadTemplate.equals(load())) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(loadTemplate)) {
                        for (Path file : files) {
                            if (Files.isRegularFile(file)) {
                                Files.copy(file, load().resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                            }
                        }
                    }
                }
            }
            Files.createDirectories(run());
            Files.createDirectories(log());
        } catch (IOException e) {
            throw LauncherException.failure("cannot prepare the node home " + dir + ": " + e, e);
        }
    }
}
