package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StartLevelsTest {

    @Test
    void mediatorAndLoggingComeFirstOthersGetTheDefault() throws Exception {
        StartLevels levels = StartLevels.from(Map.of(
                "facilitysync.startlevel.1", "org.objectweb.asm*, org.apache.aries.spifly.dynamic.bundle",
                "facilitysync.startlevel.2", "slf4j.api,slf4j.simple",
                "felix.fileinstall.poll", "1000"), 3);

        assertEquals(1, levels.levelOf("org.objectweb.asm"));
        assertEquals(1, levels.levelOf("org.objectweb.asm.tree.analysis"));
        assertEquals(1, levels.levelOf("org.apache.aries.spifly.dynamic.bundle"));
        assertEquals(2, levels.levelOf("slf4j.simple"));
        assertEquals(3, levels.levelOf("org.facilitysync.core"));
        assertEquals(3, levels.levelOf(null));
    }

    @Test
    void theLowestMatchingLevelWins() throws Exception {
        StartLevels levels = StartLevels.from(Map.of("facilitysync.startlevel.2", "*",
                "facilitysync.startlevel.1", "slf4j.*"), 3);
        assertEquals(1, levels.levelOf("slf4j.api"));
        assertEquals(2, levels.levelOf("anything"));
    }

    @Test
    void aKeyWithoutALevelNumberIsAnError() {
        assertThrows(LauncherException.class, () -> StartLevels.from(Map.of("facilitysync.startlevel.early", "x"), 3));
    }
}
