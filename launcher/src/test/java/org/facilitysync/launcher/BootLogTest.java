package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BootLogTest {

    private final ByteArrayOutputStream target = new ByteArrayOutputStream();

    @Test
    void heldLinesAppearOnReleaseInOrderAndLaterOnesPassStraightThrough() {
        BootLog log = new BootLog(target, true);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        out.println("first");
        out.println("second");
        assertEquals("", text(), "nothing is written while the node starts");
        log.release();
        assertEquals("first\nsecond\n", text());
        out.println("third");
        assertEquals("first\nsecond\nthird\n", text());
    }

    @Test
    void aDroppedLogWritesNothingThenOrLater() {
        BootLog log = new BootLog(target, true);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        out.println("a trace of a start that failed");
        log.drop();
        out.println("stopping");
        log.release();
        assertEquals("", text());
    }

    @Test
    void aLogNotHeldPassesStraightThroughAndCannotBeDropped() {
        BootLog log = new BootLog(target, false);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        out.println("verbose");
        log.drop();
        out.println("still");
        assertEquals("verbose\nstill\n", text());
    }

    private String text() {
        return target.toString(StandardCharsets.UTF_8);
    }
}
