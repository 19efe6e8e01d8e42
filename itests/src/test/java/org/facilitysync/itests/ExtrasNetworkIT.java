package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.facilitysync.itests.NodeProcesses.Result;
import org.facilitysync.itests.NodeProcesses.Served;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The sync extras in real containers: a hub process whose {@code load/org.facilitysync.extras.cfg}
 * switches background initialization and finalization on serves a device process's sync over HTTP;
 * the hub's server-side stages run as jobs (its log says so) and both nodes end equal. Deleting the
 * file switches the extras off without a restart, and the next sync still completes.
 */
public class ExtrasNetworkIT {

    private static final String EXTRAS_BUNDLE = "org.facilitysync.extras";

    private NodeProcesses nodes;

    @Before
    public void homes() throws Exception {
        nodes = new NodeProcesses("extras-network-it-");
    }

    @After
    public void stopAndClean() throws Exception {
        nodes.close();
    }

    @Test
    public void aHubWithTheExtrasRunsItsStagesAsJobsAndStillSyncsOnceTheCfgIsDeleted() throws Exception {
        Path hub = nodes.home("hub");
        Path device = nodes.home("device");
        Path cfg = hub.resolve("load/org.facilitysync.extras.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "background.initialization = true\nbackground.finalization = true\n");
        // the extras log their jobs at info
        Served served = nodes.serve(hub, Map.of("FACILITYSYNC_LOG_LEVEL", "info"));
        String hubUrl = served.baseUrl;
        StringBuffer hubLog = served.output;
        nodes.serve(device, Map.of());
        awaitPipeline(hub, "the extras' operations are in the hub's pipeline", out -> out.contains(EXTRAS_BUNDLE));
        String dataset = nodes.createFacility(hub, "secret5");
        nodes.ok(hub, "facility:generate", "--facility", dataset, "--records", "600");

        Result synced = sync(device, hubUrl, dataset);
        assertEquals(synced.describe(), 0, synced.status());
        assertEquals("both nodes hold the same records", nodes.digest(hub), nodes.digest(device));
        // The pull's serializing and queuing, the push's dequeuing and deserializing ran as the hub's jobs.
        for (String job : List.of("initialization of stage 'serializing'", "initialization of stage 'queuing'",
                "finalization of stage 'dequeuing'", "finalization of stage 'deserializing'")) {
            assertTrue("the hub ran background " + job + " as a job:\n" + hubLog,
                    Pattern.compile("Background " + Pattern.quote(job) + " of transfer session \\w+ completed")
                            .matcher(hubLog).find());
        }

        Files.delete(cfg);
        awaitPipeline(hub, "deleting the .cfg file takes the extras' operations out", out -> !out.contains(EXTRAS_BUNDLE));
        int jobsBefore = count(hubLog, "Background ");
        Result again = sync(device, hubUrl, dataset);
        assertEquals(again.describe(), 0, again.status());
        assertEquals("both nodes hold the same records", nodes.digest(hub), nodes.digest(device));
        assertEquals("no job once the extras are off:\n" + hubLog, jobsBefore, count(hubLog, "Background "));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Result sync(Path device, String hubUrl, String dataset) throws Exception {
        return nodes.run(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--username", "admin",
                "--password", "secret5", "--noninteractive");
    }

    private static int count(CharSequence text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }

    private String awaitPipeline(Path home, String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result last;
        do {
            last = nodes.run(home, "pipeline");
            if (last.status() == 0 && condition.test(last.out())) {
                return last.out();
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting until " + what + "; last sync:pipeline:\n" + last.describe());
    }
}
