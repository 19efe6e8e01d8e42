package org.facilitysync.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names a full disk in a failure line. A full disk surfaces as whatever the part that hit it says
 * (SQLite's "disk I/O error", Felix's "Unable to cache bundle"), none of which tells an operator that
 * freeing space is the fix; the free space of the home's file system does.
 */
final class DiskSpace {

    /** Below this, a failure is put down to the disk: SQLite needs a few pages, Felix a bundle's cache. */
    static final long FULL_BELOW_BYTES = 1L << 20;

    private DiskSpace() {
    }

    /**
     * @param home the node's home, or {@code null} when the failure came before it was known
     * @return {@code ""}, or a clause that says the home's disk is full, to append to a failure line
     */
    static String whenFull(Path home) {
        if (home == null) {
            return "";
        }
        try {
            Path existing = home.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return "";
            }
            long free = Files.getFileStore(existing).getUsableSpace();
            return free < FULL_BELOW_BYTES
                    ? " (the disk holding " + home + " is full: " + free / 1024 + " KiB free; free some space and run it again)"
                    : "";
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
