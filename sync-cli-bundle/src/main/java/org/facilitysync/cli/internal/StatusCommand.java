package org.facilitysync.cli.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

/**
 * {@code sync:status}: this node's heap (used, peak, max), so an operator or a benchmark can see that a
 * long sync stays within its memory. The peak is the sum of each heap pool's peak since the node started,
 * an upper bound of the true peak.
 */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=sync",
        "osgi.command.function=status" })
public class StatusCommand {

    public String status() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "heap used %d MiB, peak %d MiB, max %d MiB; uptime %d s",
                heap.getUsed() >> 20, peak >> 20, heap.getMax() >> 20,
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
    }
}
