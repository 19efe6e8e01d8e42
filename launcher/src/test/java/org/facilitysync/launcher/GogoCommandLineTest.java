package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class GogoCommandLineTest {

    @Test
    void plainWordsStayPlainOthersAreSingleQuoted() {
        assertEquals("sync --baseurl http://127.0.0.1:8000/ --facility abc-123",
                GogoCommandLine.join(List.of("sync", "--baseurl", "http://127.0.0.1:8000/", "--facility", "abc-123")));
        assertEquals("echo 'two words' '$HOME' 'it'\\''s' ''",
                GogoCommandLine.join(List.of("echo", "two words", "$HOME", "it's", "")));
    }

    @Test
    void aBareRegisteredNameGetsTheSyncScope() {
        Set<String> sync = Set.of("pipeline", "sync");
        assertEquals("sync:pipeline", GogoCommandLine.withScope("pipeline", sync::contains));
        assertEquals("sync:sync --facility x", GogoCommandLine.withScope("sync --facility x", sync::contains));
    }

    @Test
    void otherNamesAreLeftForGogo() {
        Set<String> sync = Set.of("pipeline");
        assertEquals("lb", GogoCommandLine.withScope("lb", sync::contains));
        assertEquals("scr:list", GogoCommandLine.withScope("scr:list", sync::contains));
        assertEquals("nosuchcommand", GogoCommandLine.withScope("nosuchcommand", sync::contains));
    }

    @Test
    void commandNameIsTheFirstWord() {
        assertEquals("felix:lb", GogoCommandLine.commandName("  felix:lb -s "));
    }
}
