package org.facilitysync.itests;

import java.util.Map;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncOperation;

/**
 * A test plugin operation that waits {@code delay.millis} at every step of its stage and then skips, so the
 * engine still does the work: a slow link for the console test, a stalled stage for the health test. Packed
 * into a bundle by {@link ConsoleIT#slowPlugin} with its stage and delay in the component description.
 */
public class SlowStep implements SyncOperation {

    private volatile long delayMillis;

    public void activate(Map<String, Object> properties) {
        delayMillis = Long.parseLong(String.valueOf(properties.get("delay.millis")));
    }

    @Override
    public StageResult handle(SyncContext context) throws InterruptedException {
        Thread.sleep(delayMillis);
        return StageResult.SKIPPED;
    }
}
