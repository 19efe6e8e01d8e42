package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class DemoArgumentsTest {

    @Test
    void demoTakesItsRecordCount() throws Exception {
        assertEquals(Demo.DEFAULT_RECORDS, Demo.records(List.of("demo")));
        assertEquals(2500, Demo.records(List.of("demo", "--records", "2500")));
        assertEquals(2500, Demo.records(List.of("demo", "--records=2500")));
        assertEquals(LauncherArguments.Mode.DEMO, LauncherArguments.parse("demo", "--records", "5").mode());
    }

    @Test
    void demoRefusesWhatItDoesNotKnow() {
        assertEquals("demo: --records must be a whole number from 100 to 10000000, not 'many'",
                assertThrows(LauncherException.class, () -> Demo.records(List.of("demo", "--records", "many")))
                        .getMessage());
        assertEquals("demo takes only --records N, not '--fast'",
                assertThrows(LauncherException.class, () -> Demo.records(List.of("demo", "--fast"))).getMessage());
    }

    @Test
    void aSyncOnATerminalAsksForTheRewrittenProgressLine() {
        assertEquals(List.of("sync", "--baseurl", "u", "--progress=line"),
                Main.withProgressStyle(List.of("sync", "--baseurl", "u"), true));
        assertEquals(List.of("sync", "--baseurl", "u"), Main.withProgressStyle(List.of("sync", "--baseurl", "u"), false));
        assertEquals(List.of("sync", "--progress", "plain"),
                Main.withProgressStyle(List.of("sync", "--progress", "plain"), true));
        assertEquals(List.of("sessions"), Main.withProgressStyle(List.of("sessions"), true));
    }

    @Test
    void theSummaryQuotesThePullsOwnRate() {
        String output = "pull completed: 1,996 records in 3.48 s (573 records/s), 297,485 bytes on the wire; ...\n"
                + "push completed: 0 records in 0.24 s (0 records/s), 304 bytes on the wire; ...";
        assertEquals("1,996 records in 3.48 s (573 records/s)", Demo.transfer(output, "pull").orElseThrow());
        assertEquals("0 records in 0.24 s (0 records/s)", Demo.transfer(output, "push").orElseThrow());
    }
}
