package org.facilitysync.launcher;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Where a node's start-up time goes, printed by {@code --verbose}: milliseconds since the JVM started
 * for each step of the launcher, each container bundle that took a noticeable time to start, and the
 * moment each service a command waits for was registered.
 */
final class StartupTimeline {

    /** A bundle whose activation took less than this is not worth a line. */
    private static final long BUNDLE_LINE_MILLIS = 15;

    private record Mark(long millis, long cpuMillis, String what) {
    }

    private final long jvmStart;
    private final List<Mark> marks = new ArrayList<>();
    private final Map<Long, Long> starting = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    StartupTimeline() {
        // The JVM's own start (ProcessHandle reads it from the OS), so the JVM's boot is included.
        long now = System.currentTimeMillis();
        jvmStart = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).filter(t -> t <= now)
                .orElse(now);
    }

    /** Milliseconds since the JVM started. */
    long elapsed() {
        return System.currentTimeMillis() - jvmStart;
    }

    synchronized void mark(String what) {
        marks.add(new Mark(elapsed(), cpuMillis(), what));
    }

    /**
     * Records bundle activations and the first registration of each of {@code services} in the
     * framework of {@code context}; the listeners stay until the framework stops.
     */
    void watch(BundleContext context, List<String> services) {
        watched.addAll(services);
        context.addBundleListener((SynchronousBundleListener) this::bundleChanged);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                for (String name : (String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS)) {
                    if (watched.remove(name)) {
                        mark("service " + name + " registered");
                    }
                }
            }
        };
        context.addServiceListener(listener);
    }

    private void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (event.getType() == BundleEvent.STARTING) {
            starting.put(bundle.getBundleId(), System.nanoTime());
        } else if (event.getType() == BundleEvent.STARTED) {
            Long began = starting.remove(bundle.getBundleId());
            long took = began == null ? 0 : (System.nanoTime() - began) / 1_000_000;
            if (took >= BUNDLE_LINE_MILLIS) {
                mark("bundle " + bundle.getSymbolicName() + " started (" + took + " ms)");
            }
        }
    }

    /** CPU time of the whole process so far (all threads, JIT and GC included); -1 where unknown. */
    private static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    }

    synchronized void print(PrintStream out) {
        out.println("facilitysync: start-up timeline (wall: ms since the JVM started; cpu: ms the process used)");
        out.printf("%8s %8s%n", "wall", "cpu");
        for (Mark mark : marks) {
            out.printf("%8d %8d  %s%n", mark.millis(), mark.cpuMillis(), mark.what());
        }
        out.flush();
    }
}
