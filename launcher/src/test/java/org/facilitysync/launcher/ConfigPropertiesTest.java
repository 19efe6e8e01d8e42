package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPropertiesTest {

    private static final Map<String, String> VARIABLES = Map.of("facilitysync.home", "/srv/node",
            "facilitysync.dist", "/opt/facilitysync");

    @Test
    void substitutesLauncherVariablesOtherKeysAndSystemProperties() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("felix.fileinstall.dir", "${facilitysync.home}/load");
        entries.put("a", "${b}-${user}");
        entries.put("b", "<${facilitysync.dist}>");
        Map<String, String> resolved = ConfigProperties.resolve(entries, VARIABLES,
                name -> name.equals("user") ? "ops" : null, "conf/config.properties");

        assertEquals("/srv/node/load", resolved.get("felix.fileinstall.dir"));
        assertEquals("</opt/facilitysync>-ops", resolved.get("a"));
    }

    @Test
    void unknownVariableIsAnErrorNamingFileKeyAndVariable() {
        LauncherException e = assertThrows(LauncherException.class, () -> ConfigProperties.resolve(
                Map.of("felix.fileinstall.dir", "${facilitysync.hmoe}/load"), VARIABLES, name -> null,
                "conf/config.properties"));
        assertTrue(e.getMessage().startsWith("conf/config.properties: felix.fileinstall.dir refers to"
                + " ${facilitysync.hmoe}"), e.getMessage());
    }

    @Test
    void cyclesAndUnclosedReferencesAreErrors() {
        assertThrows(LauncherException.class, () -> ConfigProperties.resolve(Map.of("a", "${b}", "b", "${a}"),
                VARIABLES, name -> null, "f"));
        LauncherException e = assertThrows(LauncherException.class,
                () -> ConfigProperties.resolve(Map.of("a", "x${b"), VARIABLES, name -> null, "f"));
        assertTrue(e.getMessage().contains("unclosed ${"), e.getMessage());
    }

    @Test
    void loadsTheFileAndLetsSystemPropertiesOverrideItsKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, """
                felix.fileinstall.dir=${facilitysync.home}/load
                felix.fileinstall.poll=1000
                felix.fileinstall.filter=.*\\\\.(jar|cfg|config)
                """);
        Properties system = new Properties();
        system.setProperty("felix.fileinstall.poll", "200");

        Map<String, String> config = ConfigProperties.load(file, VARIABLES, system);

        assertEquals("/srv/node/load", config.get("felix.fileinstall.dir"));
        assertEquals("200", config.get("felix.fileinstall.poll"));
        assertEquals(".*\\.(jar|cfg|config)", config.get("felix.fileinstall.filter"));
    }

    @Test
    void missingFileSaysWhichFile(@TempDir Path dir) {
        LauncherException e = assertThrows(LauncherException.class,
                () -> ConfigProperties.load(dir.resolve("nope.properties"), VARIABLES, new Properties()));
        assertTrue(e.getMessage().contains("nope.properties is missing"), e.getMessage());
    }
}
