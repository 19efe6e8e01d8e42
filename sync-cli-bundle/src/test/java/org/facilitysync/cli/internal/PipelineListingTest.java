package org.facilitysync.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.SyncStage;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class PipelineListingTest {

    private static final PipelineEntry PLUGIN = new PipelineEntry(42, 100, "org.example.hello", "1.2.0",
            "org.example.hello.HelloOperation", Set.of(SyncStage.INITIALIZING));
    private static final PipelineEntry CORE = new PipelineEntry(7, Integer.MIN_VALUE, "org.facilitysync.core",
            "1.0.0.SNAPSHOT", "org.facilitysync.core.internal.InitializeOperation", Set.of(SyncStage.INITIALIZING));
    private static final PipelineEntry HOOK = new PipelineEntry(50, 0, "org.example.hello", "1.2.0",
            "org.example.hello.HelloHook", Set.of());

    @Test
    void emptyPipelineNamesEveryStageInOrderAndSaysItErrors() {
        String text = PipelineListing.format(Map.of(), List.of());

        assertEquals("""
                sync pipeline: 7 stages, 0 operations, 0 hooks
                operations are asked in the order listed: higher sync.priority first, then lower service id

                initializing
                  (no operation: this stage errors until one is registered)

                serializing
                  (no operation: this stage errors until one is registered)

                queuing
                  (no operation: this stage errors until one is registered)

                transferring
                  (no operation: this stage errors until one is registered)

                dequeuing
                  (no operation: this stage errors until one is registered)

                deserializing
                  (no operation: this stage errors until one is registered)

                cleanup
                  (no operation: this stage errors until one is registered)

                hooks (preTransfer after initializing, postTransfer after cleanup)
                  (no hook)
                """, text);
    }

    @Test
    void operationsKeepThePipelinesOrderAndLineUp() {
        String text = PipelineListing.format(Map.of(SyncStage.INITIALIZING, List.of(PLUGIN, CORE)), List.of(HOOK));

        assertTrue(text.startsWith("sync pipeline: 7 stages, 2 operations, 1 hook\n"), text);
        assertTrue(text.contains("""
                initializing
                  priority  service  bundle                                class
                       100       42  org.example.hello 1.2.0               org.example.hello.HelloOperation
                    engine        7  org.facilitysync.core 1.0.0.SNAPSHOT  org.facilitysync.core.internal.InitializeOperation

                serializing
                  (no operation: this stage errors until one is registered)
                """), text);
        assertTrue(text.endsWith("""
                hooks (preTransfer after initializing, postTransfer after cleanup)
                  service  bundle                                class
                       50  org.example.hello 1.2.0               org.example.hello.HelloHook
                """), text);
    }

    @Test
    void unavailableNamesTheCoreBundleAndItsState() {
        assertEquals("the sync pipeline is not available: bundle org.facilitysync.core is not installed",
                PipelineListing.unavailable(null));
        assertEquals("the sync pipeline is not available: bundle org.facilitysync.core is not active"
                + " (resolved, not started)", PipelineListing.unavailable(Bundle.RESOLVED));
        assertTrue(PipelineListing.unavailable(Bundle.ACTIVE).contains("has not registered a SyncPipeline"));
    }
}
