package org.facilitysync.core.internal.controller;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** A lease held by a process of this boot that is gone is not waited for; any other holder is. */
class LeaseHolderTest {

    @Test
    void aHolderOfThisBootWhoseProcessEndedIsGoneAndLiveOrForeignHoldersAreNot() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/sys/kernel/random/boot_id")),
                "SKIPPED: no Linux boot id here, so every lease is only outlived by its expiry");
        String mine = LeaseHolder.newToken();
        String[] parts = mine.split(":");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        assertTrue(LeaseHolder.isGone(parts[0] + ":" + ended.pid() + ":x"), "a finished process of this boot");
        assertFalse(LeaseHolder.isGone(mine), "this very process");
        assertFalse(LeaseHolder.isGone(parts[0] + ":" + ProcessHandle.current().parent().orElseThrow().pid() + ":x"),
                "a live process of this boot");
        assertFalse(LeaseHolder.isGone("another-boot:" + ended.pid() + ":x"), "a process of another machine or boot");
        assertFalse(LeaseHolder.isGone("not a token"), "a holder written by something else");
    }
}
