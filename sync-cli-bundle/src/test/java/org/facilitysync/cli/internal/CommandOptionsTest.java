package org.facilitysync.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CommandOptionsTest {

    private static CommandOptions parse(String... args) {
        return CommandOptions.parse("sync:sync", args, Set.of("baseurl", "chunk-size"), Set.of("no-push"));
    }

    @Test
    void readsValuesFlagsAndPositionals() {
        CommandOptions options = parse("--baseurl", "http://h/", "--chunk-size=200", "--no-push", "extra");
        assertEquals("http://h/", options.required("baseurl"));
        assertEquals(200, options.integer("chunk-size", 500, 1, 1000));
        assertTrue(options.flag("no-push"));
        assertEquals(List.of("extra"), options.positional());
    }

    @Test
    void namesWhatIsWrong() {
        assertEquals("sync:sync: unknown option --baseur (known: --baseurl, --chunk-size, --no-push)",
                assertThrows(IllegalArgumentException.class, () -> parse("--baseur", "x")).getMessage());
        assertEquals("sync:sync: --baseurl needs a value",
                assertThrows(IllegalArgumentException.class, () -> parse("--baseurl")).getMessage());
        assertEquals("sync:sync: --chunk-size must be a whole number from 1 to 1000, not 'lots'",
                assertThrows(IllegalArgumentException.class,
                        () -> parse("--chunk-size", "lots").integer("chunk-size", 500, 1, 1000)).getMessage());
        assertEquals("sync:sync: --no-push takes no value",
                assertThrows(IllegalArgumentException.class, () -> parse("--no-push=yes")).getMessage());
        assertEquals("sync:sync: --baseurl given twice",
                assertThrows(IllegalArgumentException.class, () -> parse("--baseurl", "a", "--baseurl", "b")).getMessage());
        assertEquals("sync:sync: unexpected argument 'extra'",
                assertThrows(IllegalArgumentException.class, () -> parse("extra").atMostPositional(0)).getMessage());
    }
}
