package org.facilitysync.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The look-ahead of a client transfer: used only for the offset it was made for, failing as making it failed. */
class ChunkPipelineTest {

    @Test
    void aChunkMadeAheadIsUsedForItsOffsetOnly() {
        ChunkPipeline pipeline = new ChunkPipeline();
        AtomicInteger madeNow = new AtomicInteger();
        pipeline.ahead(500, () -> "ahead 500");
        assertEquals("ahead 500", pipeline.take(500, () -> "now " + madeNow.incrementAndGet()));
        assertEquals(0, madeNow.get(), "nothing made twice");

        pipeline.ahead(1000, () -> "ahead 1000");
        // a resumed or repeated step asks for another offset: what was made ahead is dropped
        assertEquals("now 1", pipeline.take(700, () -> "now " + madeNow.incrementAndGet()));
        assertEquals("now 2", pipeline.take(1000, () -> "now " + madeNow.incrementAndGet()),
                "taken once: a second take makes it again");
    }

    @Test
    void aChunkThatFailedAheadFailsWhenTakenAsIfMadeThen() {
        ChunkPipeline pipeline = new ChunkPipeline();
        PeerException failure = new PeerException("the peer at http://hub/ did not answer");
        pipeline.ahead(50, () -> {
            throw failure;
        });
        assertSame(failure, assertThrows(PeerException.class, () -> pipeline.take(50, () -> "unused")));
        assertEquals("made now", pipeline.take(50, () -> "made now"), "a failure is not kept");
    }

    @Test
    void clearedLookAheadIsNeverUsed() {
        ChunkPipeline pipeline = new ChunkPipeline();
        pipeline.ahead(10, () -> "stale");
        pipeline.clear();
        assertEquals("fresh", pipeline.take(10, () -> "fresh"));
    }
}
