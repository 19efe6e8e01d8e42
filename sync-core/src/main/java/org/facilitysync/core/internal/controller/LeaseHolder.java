package org.facilitysync.core.internal.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a step lease: {@code <boot id>:<pid>:<random>}. The boot id (Linux's
 * {@code /proc/sys/kernel/random/boot_id}) names this machine in its current boot, so a holder with the same
 * boot id and a process id that no longer runs is known to be gone, and the session it held need not wait
 * for its lease to run out (a node killed and restarted on the same machine, a one-shot command killed).
 * A holder on another machine, or where the boot id cannot be read, is only ever outlived by its lease.
 */
final class LeaseHolder {

    private static final Optional<String> BOOT = bootId();
    private static final String PREFIX = BOOT.orElse("unknown-boot") + ":" + ProcessHandle.current().pid() + ":";

    private LeaseHolder() {
    }

    static String newToken() {
        return PREFIX + UUID.randomUUID();
    }

    /** Whether the holder was a process of this machine's current boot that no longer runs. */
    static boolean isGone(String holder) {
        String[] parts = holder.split(":");
        if (BOOT.isEmpty() || parts.length != 3 || !parts[0].equals(BOOT.get())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    private static Optional<String> bootId() {
        try {
            String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            return id.isEmpty() || id.contains(":") ? Optional.empty() : Optional.of(id);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
