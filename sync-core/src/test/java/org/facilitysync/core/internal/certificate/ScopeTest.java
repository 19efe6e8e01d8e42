package org.facilitysync.core.internal.certificate;

import org.facilitysync.api.model.ScopeDefinition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Template substitution and Morango's filter arithmetic for scopes (reference §4.4 / §5). */
class ScopeTest {

    private static ScopeDefinition definition(String readWrite, String read, String write) {
        return new ScopeDefinition("s", "facilitydata", 1, "", "", read, write, readWrite);
    }

    @Test
    void safeSubstituteIsPythons() {
        Map<String, Object> params = new HashMap<>();
        params.put("user", "U");
        params.put("n", BigInteger.valueOf(7));
        params.put("flag", true);
        params.put("none", null);
        assertEquals("U:U:7:True:None", ScopeTemplate.safeSubstitute("${user}:$user:${n}:$flag:$none", params));
        assertEquals("$ and ${missing} and $missing and $ and $1", ScopeTemplate.safeSubstitute("$$ and ${missing} and $missing and $ and $1", params));
        assertEquals("U_x stays $user_x", ScopeTemplate.safeSubstitute("${user}_x stays $user_x", params));
        assertThrows(IllegalArgumentException.class,
                () -> ScopeTemplate.safeSubstitute("${f}", Map.of("f", 1.5)));
    }

    @Test
    void emptyTemplatesVanishBesideNonEmptyOnes() {
        Scope scope = Scope.of(definition("", "${user}", "${user}:${sub}"), "{\"user\": \"D\", \"sub\": \"user\"}");
        assertEquals(List.of("D"), scope.readFilter().partitions());
        assertEquals(List.of("D:user"), scope.writeFilter().partitions());

        Scope kolibriLike = Scope.of(definition("${ds}:user-rw:${u}", "${ds}:allusers-ro\n${ds}:user-ro:${u}", "${ds}:anonymous"), "{\"ds\": \"D\", \"u\": \"U\"}");
        assertEquals(List.of("D:user-rw:U", "D:allusers-ro", "D:user-ro:U"), kolibriLike.readFilter().partitions());
        assertEquals(List.of("D:user-rw:U", "D:anonymous"), kolibriLike.writeFilter().partitions());
    }

    @Test
    void onlyAllEmptyTemplatesGiveTheWholeDatabase() {
        // Morango's arithmetic; a definition with all templates empty is refused, so no scope ever is this
        Scope scope = Scope.of("", "", "", Map.of());
        assertEquals(List.of(""), scope.readFilter().partitions());
        assertEquals(List.of(""), scope.writeFilter().partitions());
        assertThrows(IllegalArgumentException.class, () -> definition("", "", ""));
        Scope one = Scope.of(definition("${user}", "", ""), "{\"user\": \"U\"}");
        assertEquals(List.of("U"), one.readFilter().partitions());
    }

    @Test
    void subsetIsPrefixContainmentOfBothFilters() {
        Scope root = Scope.of(definition("R", "", ""), "{}");
        Scope subset = Scope.of(definition("", "R", "R:user"), "{}");
        Scope sideways = Scope.of(definition("", "R", "Q"), "{}");
        assertTrue(subset.isSubsetOf(root));
        assertFalse(root.isSubsetOf(subset));
        assertFalse(sideways.isSubsetOf(root));
    }
}
