package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.facilitysync.itests.NodeProcesses.Result;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two real nodes, each the built container in its own process with its own home and SQLite database,
 * syncing over HTTP on loopback through the operator's commands.
 */
public class NetworkSyncIT {

    private NodeProcesses nodes;
    private Path hub;
    private Path device;

    @Before
    public void homes() throws Exception {
        nodes = new NodeProcesses("network-it-");
        hub = nodes.home("hub");
        device = nodes.home("device");
    }

    @After
    public void stopAndClean() throws Exception {
        nodes.close();
    }

    @Test
    public void theDemoSyncsAFacilityBothWaysAndBothNodesEndEqual() throws Exception {
        Result demo = nodes.run(nodes.home("demo-home"), "demo", "--records", "1500");
        assertEquals(demo.describe(), 0, demo.status());
        assertTrue(demo.out(), demo.out().contains("same data on both nodes  yes"));
    }

    @Test
    public void aSigningRequestWithWrongCredentialsIsRefusedAndGrantsNothingAndANodeDoesNotSyncWithItself() throws Exception {
        String hubUrl = nodes.serve(hub, Map.of()).baseUrl;
        nodes.serve(device, Map.of());
        String dataset = nodes.createFacility(hub, "secret1");

        Result refused = nodes.run(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--username", "admin",
                "--password", "wrong", "--noninteractive");
        assertNotEquals(refused.describe(), 0, refused.status());
        assertEquals(refused.describe(), 1, refused.err().strip().lines().count());
        assertTrue(refused.describe(), refused.err().contains("401")
                || refused.err().contains("invalid username or password"));
        Result certs = nodes.run(device, "sync:certs");
        assertTrue(certs.describe(), !certs.out().contains(" yes "));
        assertEquals(0, nodes.digest(device).records());

        Result self = nodes.run(hub, "sync", "--baseurl", hubUrl, "--facility", dataset, "--noninteractive");
        assertNotEquals(self.describe(), 0, self.status());
        assertTrue(self.describe(), self.err().contains("cannot sync with itself"));
    }

    @Test
    public void aSingleUserSyncBringsOnlyThatLearnersRecordsAndSendsItsChangesBack() throws Exception {
        String hubUrl = nodes.serve(hub, Map.of()).baseUrl;
        nodes.serve(device, Map.of());
        String dataset = nodes.createFacility(hub, "secret2");
        nodes.ok(hub, "facility:generate", "--facility", dataset, "--records", "800");
        String learner = nodes.ok(hub, "facility:users").lines().filter(l -> l.endsWith(" learner1")).findFirst()
                .orElseThrow().split(" ")[0];

        nodes.ok(device, "sync", "--baseurl", hubUrl, "--facility", dataset, "--user", learner, "--username", "admin",
                "--password", "secret2", "--noninteractive");
        long hubRecords = nodes.digest(hub).records();
        long deviceRecords = nodes.digest(device).records();
        assertTrue("the device holds some records: " + deviceRecords, deviceRecords > 0);
        assertTrue("the device holds fewer records than the hub: " + deviceRecords + " of " + hubRecords,
                deviceRecords < hubRecords);
        String users = nodes.ok(device, "facility:users");
        assertTrue(users, users.contains(learner + " learner1"));
        assertTrue("no other learner reached the device: " + users, !users.contains(" learner2"));
    }

    @Test
    public void aHubWithAKeystoreServesHttpsAndADeviceSyncsWhenItTrustsTheHubsCertificate() throws Exception {
        Path keystore = nodes.home("hub.p12");
        Path pem = nodes.home("hub.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        exec(keytool, "-genkeypair", "-alias", "hub", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
                "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "store-secret", "-keypass", "store-secret");
        exec(keytool, "-exportcert", "-rfc", "-alias", "hub", "-keystore", keystore.toString(), "-storepass",
                "store-secret", "-file", pem.toString());
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.createDirectories(hub.resolve("load"));
        Files.writeString(hub.resolve("load/org.apache.felix.http.cfg"), "org.apache.felix.https.enable=true\n"
                + "org.osgi.service.http.port.secure=" + port + "\n"
                + "org.apache.felix.https.keystore=" + keystore + "\n"
                + "org.apache.felix.https.keystore.password=store-secret\n"
                + "org.apache.felix.https.keystore.key.password=store-secret\n");
        nodes.serve(hub, Map.of());
        nodes.serve(device, Map.of());
        String dataset = nodes.createFacility(hub, "secret3");
        String https = "https://127.0.0.1:" + port + "/";

        Result untrusted = nodes.run(device, "sync", "--baseurl", https, "--facility", dataset, "--username", "admin",
                "--password", "secret3", "--noninteractive");
        assertNotEquals(untrusted.describe(), 0, untrusted.status());
        assertEquals(untrusted.describe(), 1, untrusted.err().strip().lines().count());

        nodes.ok(device, "sync", "--baseurl", https, "--facility", dataset, "--username", "admin", "--password",
                "secret3", "--trust-certificate", pem.toString(), "--noninteractive");
        assertEquals(nodes.digest(hub), nodes.digest(device));
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = NodeProcesses.read(process.getInputStream());
        assertTrue(String.join(" ", command) + " did not finish", process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(output, 0, process.exitValue());
    }
}
