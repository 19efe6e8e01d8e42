package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.facilitysync.launcher.LauncherArguments.Mode;
import org.junit.jupiter.api.Test;

class LauncherArgumentsTest {

    @Test
    void noArgumentsIsNoMode() throws Exception {
        assertEquals(Mode.NONE, LauncherArguments.parse().mode());
    }

    @Test
    void modesAndHelp() throws Exception {
        assertEquals(Mode.SERVE, LauncherArguments.parse("serve").mode());
        assertEquals(Mode.SHELL, LauncherArguments.parse("shell").mode());
        assertEquals(Mode.HELP, LauncherArguments.parse("help").mode());
        assertEquals(Mode.HELP, LauncherArguments.parse("--help").mode());
        assertEquals(Mode.HELP, LauncherArguments.parse("-h", "serve").mode());
    }

    @Test
    void benchStartIsAModeWithItsOwnArguments() throws Exception {
        LauncherArguments a = LauncherArguments.parse("bench", "start", "--runs", "3");
        assertEquals(Mode.BENCH_START, a.mode());
        assertEquals(List.of("start", "--runs", "3"), a.command());
        assertEquals(3, StartBench.runs(a.command()));
        assertEquals(5, StartBench.runs(List.of("start")));
        assertThrows(LauncherException.class, () -> StartBench.runs(List.of("start", "--runs", "0")));
        assertThrows(LauncherException.class, () -> StartBench.runs(List.of("start", "--records", "3")));
    }

    @Test
    void optionsBeforeTheCommandBelongToTheLauncher() throws Exception {
        LauncherArguments a = LauncherArguments.parse("--home", "/tmp/n1", "--verbose", "pipeline");
        assertEquals(Mode.COMMAND, a.mode());
        assertEquals(Optional.of(Path.of("/tmp/n1")), a.home());
        assertTrue(a.verbose());
        assertEquals(List.of("pipeline"), a.command());

        assertEquals(Optional.of(Path.of("n2")), LauncherArguments.parse("--home=n2", "serve").home());
    }

    @Test
    void wordsAfterTheCommandGoToTheCommandUntouched() throws Exception {
        LauncherArguments a = LauncherArguments.parse("sync", "--baseurl", "http://h:8000", "--verbose", "--home", "x");
        assertEquals(List.of("sync", "--baseurl", "http://h:8000", "--verbose", "--home", "x"), a.command());
        assertFalse(a.verbose());
        assertEquals(Optional.empty(), a.home());
    }

    @Test
    void doubleDashEndsLauncherOptions() throws Exception {
        assertEquals(List.of("--odd", "x"), LauncherArguments.parse("--", "--odd", "x").command());
    }

    @Test
    void usageErrorsAreExitStatusTwoAndNameTheProblem() {
        LauncherException unknown = assertThrows(LauncherException.class, () -> LauncherArguments.parse("--colour"));
        assertEquals(LauncherException.USAGE, unknown.exitStatus());
        assertTrue(unknown.getMessage().contains("'--colour'"), unknown.getMessage());

        LauncherException noDir = assertThrows(LauncherException.class, () -> LauncherArguments.parse("--home"));
        assertEquals("option --home needs a directory", noDir.getMessage());

        LauncherException extra = assertThrows(LauncherException.class, () -> LauncherArguments.parse("serve", "now"));
        assertEquals(LauncherException.USAGE, extra.exitStatus());
        assertEquals("serve takes no arguments (got 'now')", extra.getMessage());
    }
}
