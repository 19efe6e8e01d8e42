package org.facilitysync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SyncFilterTest {

    @Test
    void blankTextIsTheFilterThatMatchesEverything() {
        SyncFilter all = SyncFilter.parse("  \n");
        assertEquals(List.of(""), all.partitions());
        assertTrue(all.contains("anything:at:all"));
    }

    @Test
    void wireFormJoinsPrefixesWithNewlines() {
        SyncFilter filter = SyncFilter.parse("d:user-rw:u \n d:allusers-ro");
        assertEquals(List.of("d:user-rw:u", "d:allusers-ro"), filter.partitions());
        assertEquals("d:user-rw:u\nd:allusers-ro", filter.toString());
        assertEquals(filter, SyncFilter.parse(filter.toString()));
    }

    @Test
    void theWireFormRoundTripsExactly() {
        for (SyncFilter filter : List.of(SyncFilter.of(""), SyncFilter.of("d:user-rw:u", "d:allusers-ro"),
                SyncFilter.of("d", ""))) {
            assertEquals(filter, SyncFilter.fromWire(filter.toString()));
        }
    }

    @Test
    void subsetMeansEveryPrefixLiesWithinTheOther() {
        SyncFilter facility = SyncFilter.of("d");
        SyncFilter user = SyncFilter.of("d:user-rw:u", "d:allusers-ro");
        assertTrue(user.isSubsetOf(facility));
        assertFalse(facility.isSubsetOf(user));
        assertFalse(SyncFilter.of("e").isSubsetOf(facility));
    }

    @Test
    void aFilterNeedsAPrefix() {
        assertThrows(IllegalArgumentException.class, () -> new SyncFilter(List.of()));
    }

    @Test
    void stagesParseTheirWireNamesAndSayWhatIsValid() {
        assertEquals(SyncStage.DEQUEUING, SyncStage.fromWireName(" Dequeuing "));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SyncStage.fromWireName("sleeping"));
        assertTrue(bad.getMessage().contains("sleeping") && bad.getMessage().contains("cleanup"), bad.getMessage());
        assertTrue(SyncStage.CLEANUP.isAfter(SyncStage.INITIALIZING));
        assertEquals(40, SyncStage.TRANSFERRING.precedence());
    }
}
