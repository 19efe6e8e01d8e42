package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.itests.NodeProcesses.Digest;
import org.facilitysync.itests.NodeProcesses.Result;
import org.facilitysync.itests.NodeProcesses.Running;
import org.facilitysync.itests.NodeProcesses.Served;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The hub process is killed (SIGKILL, no shutdown of any kind) while a device pulls from it or pushes to
 * it; the hub restarts on the same home (on a new port) and the device resumes its sync session with
 * {@code sync:resume}: both nodes end with the same records, none lost and none twice.
 */
public class NetworkKillIT {

    /** Enough records in small chunks that the transfer lasts several seconds: the kill lands inside it. */
    private static final int RECORDS = 20_000;
    private static final String CHUNK = "50";
    private static final String PASSWORD = "kill-it-secret";

    private NodeProcesses nodes;
    private Path hubHome;
    private Path deviceHome;

    @Before
    public void homes() throws Exception {
        nodes = new NodeProcesses("kill-it-");
        hubHome = nodes.home("hub");
        deviceHome = nodes.home("device");
    }

    @After
    public void stop() throws Exception {
        nodes.close();
    }

    @Test
    public void aPullBrokenByKillingTheHubResumesAfterItsRestart() throws Exception {
        Served hub = nodes.serve(hubHome, Map.of());
        nodes.serve(deviceHome, Map.of());
        String dataset = nodes.createFacility(hubHome, PASSWORD);
        nodes.ok(hubHome, "facility:generate", "--facility", dataset, "--records", String.valueOf(RECORDS));
        Digest onHub = nodes.digest(hubHome);

        Running pull = nodes.start(deviceHome, "sync:sync", "--baseurl", hub.baseUrl, "--facility", dataset,
                "--username", "admin", "--password", PASSWORD, "--no-push", "--chunk-size", CHUNK, "--noninteractive");
        String id = killHubDuringTransfer(hub, pull, "pull");

        assertTrue("nothing of the broken pull is in the device's store yet",
                nodes.digest(deviceHome).records() < onHub.records());
        Served restarted = nodes.serve(hubHome, Map.of());
        Result resumed = nodes.run(deviceHome, "sync:resume", "--id", id, "--baseurl", restarted.baseUrl, "--no-push",
                "--chunk-size", CHUNK, "--noninteractive");
        assertEquals(resumed.describe(), 0, resumed.status());
        assertTrue(resumed.describe(), resumed.out().contains("pull completed: "));

        assertSameRecords(onHub.records());
        assertNothingLeftToSync(restarted, dataset);
    }

    @Test
    public void aPushBrokenByKillingTheHubResumesAfterItsRestart() throws Exception {
        Served hub = nodes.serve(hubHome, Map.of());
        nodes.serve(deviceHome, Map.of());
        String dataset = nodes.createFacility(hubHome, PASSWORD);
        // The device imports the (still empty) facility first: it then holds the facility and a certificate.
        Result imported = nodes.run(deviceHome, "sync:sync", "--baseurl", hub.baseUrl, "--facility", dataset,
                "--username", "admin", "--password", PASSWORD, "--noninteractive");
        assertEquals(imported.describe(), 0, imported.status());
        long before = nodes.digest(hubHome).records();
        nodes.ok(deviceHome, "facility:generate", "--facility", dataset, "--records", String.valueOf(RECORDS),
                "--seed", "7");
        Digest onDevice = nodes.digest(deviceHome);
        assertTrue(onDevice.records() > before + RECORDS / 2);

        Running push = nodes.start(deviceHome, "sync:sync", "--baseurl", hub.baseUrl, "--facility", dataset,
                "--no-pull", "--chunk-size", CHUNK, "--noninteractive");
        String id = killHubDuringTransfer(hub, push, "push");

        Served restarted = nodes.serve(hubHome, Map.of());
        assertTrue("the hub's store did not take in the broken push's records",
                nodes.digest(hubHome).records() < onDevice.records());
        Result resumed = nodes.run(deviceHome, "sync:resume", "--id", id, "--baseurl", restarted.baseUrl, "--no-pull",
                "--chunk-size", CHUNK, "--noninteractive");
        assertEquals(resumed.describe(), 0, resumed.status());
        assertTrue(resumed.describe(), resumed.out().contains("push completed: "));

        assertSameRecords(onDevice.records());
        assertNothingLeftToSync(restarted, dataset);
    }

    /**
     * Issue #5: with background finalization on, the hub is SIGKILLed while its dequeuing job runs; after
     * its restart the device's resumed push completes (the job, recorded as running, is run again).
     */
    @Test
    public void aPushWhoseBackgroundJobDiesWithTheHubCompletesAfterItsRestart() throws Exception {
        Path cfg = hubHome.resolve("load/org.facilitysync.extras.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "background.finalization = true\n");
        Map<String, String> info = Map.of("FACILITYSYNC_LOG_LEVEL", "info"); // the extras log their jobs at info
        Served hub = nodes.serve(hubHome, info);
        nodes.serve(deviceHome, Map.of());
        String dataset = nodes.createFacility(hubHome, PASSWORD);
        Result imported = nodes.run(deviceHome, "sync:sync", "--baseurl", hub.baseUrl, "--facility", dataset,
                "--username", "admin", "--password", PASSWORD, "--noninteractive");
        assertEquals(imported.describe(), 0, imported.status());
        nodes.ok(deviceHome, "facility:generate", "--facility", dataset, "--records", String.valueOf(RECORDS),
                "--seed", "9");
        Digest onDevice = nodes.digest(deviceHome);

        // the import's own (empty) push ran finalization jobs too: look only at what the hub logs from now on
        int logged = hub.output.length();
        Running push = nodes.start(deviceHome, "sync:sync", "--baseurl", hub.baseUrl, "--facility", dataset,
                "--no-pull", "--noninteractive");
        Pattern jobStarted = Pattern.compile("Background finalization of stage '(dequeuing|deserializing)' of transfer"
                + " session \\w+ started");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!jobStarted.matcher(hub.output.substring(logged)).find()) {
            assertTrue("the hub started no background job:\n" + hub.output, System.nanoTime() < deadline);
            Thread.sleep(20);
        }
        hub.process.destroyForcibly();
        assertTrue(hub.process.waitFor(30, TimeUnit.SECONDS));
        Result broken = push.finish(5);
        assertNotEquals(broken.describe(), 0, broken.status());
        Matcher resume = NodeProcesses.RESUME.matcher(broken.err());
        assertTrue(broken.describe(), resume.find());

        Served restarted = nodes.serve(hubHome, info);
        Result resumed = nodes.run(deviceHome, "sync:resume", "--id", resume.group(1), "--baseurl", restarted.baseUrl,
                "--no-pull", "--noninteractive");
        assertEquals(resumed.describe(), 0, resumed.status());
        assertTrue(resumed.describe(), resumed.out().contains("push completed: "));
        assertTrue("the restarted hub ran the stage as a job again:\n" + restarted.output,
                Pattern.compile("Background finalization of stage '\\w+' of transfer session \\w+ completed")
                        .matcher(restarted.output).find());
        assertSameRecords(onDevice.records());
    }

    /**
     * Waits until the device's transfer is under way, SIGKILLs the hub, and returns the sync session the
     * device's failure names for resuming.
     */
    private String killHubDuringTransfer(Served hub, Running sync, String direction) throws Exception {
        sync.awaitLine(line -> line.startsWith(direction + " transferring"), 180);
        Thread.sleep(2_000);
        assertTrue("the " + direction + " is still running when the hub is killed", sync.process.isAlive());
        hub.process.destroyForcibly();
        assertTrue(hub.process.waitFor(30, TimeUnit.SECONDS));

        Result broken = sync.finish(5);
        assertNotEquals(broken.describe(), 0, broken.status());
        assertTrue("it broke in the transfer: " + broken.describe(), broken.err().contains("'transferring'"));
        Matcher resume = NodeProcesses.RESUME.matcher(broken.err());
        assertTrue(broken.describe(), resume.find());
        // the operator sees one readable line; the node's log (with its stack trace) stays in the node's log
        assertEquals(broken.describe(), 1, broken.err().strip().lines().count());
        return resume.group(1);
    }

    /** Both stores hold the same records (same digest), as many as expected: none lost, none twice. */
    private void assertSameRecords(long expected) throws Exception {
        Digest hub = nodes.digest(hubHome);
        Digest device = nodes.digest(deviceHome);
        assertEquals("records on the hub", expected, hub.records());
        assertEquals("records on the device", expected, device.records());
        assertEquals("same data on both nodes", hub.hex(), device.hex());
    }

    /** A new full sync finds nothing to move either way. */
    private void assertNothingLeftToSync(Served hub, String dataset) throws Exception {
        Result again = nodes.run(deviceHome, "sync:sync", "--baseurl", hub.baseUrl, "--facility", dataset,
                "--noninteractive");
        assertEquals(again.describe(), 0, again.status());
        assertTrue(again.describe(), again.out().contains("pull completed: 0 records"));
        assertTrue(again.describe(), again.out().contains("push completed: 0 records"));
    }
}
