package org.facilitysync.core.internal.http.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub with a self-signed certificate, over real https on 127.0.0.1: trusted when the client is given
 * that certificate's PEM, refused (with a readable error) when not. The certificate is made by the JDK's
 * keytool, so the test needs nothing beyond the JDK.
 */
class TlsTrustTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String INFO = "{\"instance_id\": \"37c99a37812dce52fea1dc812985126d\", \"capabilities\": []}";
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(50), 2,
            Duration.ofSeconds(5), Duration.ofSeconds(3));

    @TempDir
    static Path dir;
    private static SSLContext serverTls;
    private static String certificatePem;

    @BeforeAll
    static void selfSignedHub() throws Exception {
        Path store = dir.resolve("hub.p12");
        keytool("-genkeypair", "-alias", "hub", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        certificatePem = keytool("-exportcert", "-rfc", "-alias", "hub", "-keystore", store.toString(), "-storepass",
                "changeit");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(managers.getKeyManagers(), null, null);
    }

    private static String keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, process.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
        return output;
    }

    @Test
    void aHubsSelfSignedCertificateIsTrustedWhenGiven() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Reply.json(200, INFO), serverTls)) {
            MorangoHttpClient client = MorangoHttpClient.builder(server.baseUrl()).retryPolicy(QUICK)
                    .trustedCertificatePem(certificatePem).build();
            assertTrue(server.baseUrl().startsWith("https://"));
            assertEquals("37c99a37812dce52fea1dc812985126d", client.morangoinfo().instanceId());
        }
    }

    @Test
    void aHubsSelfSignedCertificateIsRefusedOtherwise() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Reply.json(200, INFO), serverTls)) {
            MorangoHttpClient client = MorangoHttpClient.builder(server.baseUrl()).retryPolicy(QUICK).build();
            MorangoHttpException e = assertThrows(MorangoHttpException.class, client::morangoinfo);
            assertEquals(0, e.status());
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
            assertTrue(e.getMessage().contains("after 1 attempt"), "a certificate problem is not retried: " + e.getMessage());
            assertTrue(server.received().isEmpty());
        }
    }

    @Test
    void textWithoutACertificateIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MorangoHttpClient.builder("https://hub/").trustedCertificatePem("not a certificate"));
        assertTrue(e.getMessage().contains("trusted certificate"), e.getMessage());
    }
}
