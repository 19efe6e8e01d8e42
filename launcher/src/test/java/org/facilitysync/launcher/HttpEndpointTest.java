package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpEndpointTest {

    @Test
    void thePortVariableSetsFelixsPortProperty() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(HttpEndpoint.PORT_PROPERTY, "8000"));
        HttpEndpoint.applyPortVariable(" 0 ", properties);
        assertEquals("0", properties.get(HttpEndpoint.PORT_PROPERTY));
        HttpEndpoint.applyPortVariable("8123", properties);
        assertEquals("8123", properties.get(HttpEndpoint.PORT_PROPERTY));
    }

    @Test
    void anUnsetVariableKeepsTheConfiguredPort() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(HttpEndpoint.PORT_PROPERTY, "8000"));
        HttpEndpoint.applyPortVariable(null, properties);
        HttpEndpoint.applyPortVariable("  ", properties);
        assertEquals("8000", properties.get(HttpEndpoint.PORT_PROPERTY));
    }

    @Test
    void aBadPortIsRefusedNamingTheVariableAndValue() {
        for (String bad : new String[] {"eighty", "-1", "65536", "80.5"}) {
            Map<String, Object> properties = new HashMap<>();
            LauncherException e = assertThrows(LauncherException.class, () -> HttpEndpoint.applyPortVariable(bad, properties));
            assertTrue(e.getMessage().contains("FACILITYSYNC_HTTP_PORT") && e.getMessage().contains(bad), e.getMessage());
            assertFalse(properties.containsKey(HttpEndpoint.PORT_PROPERTY));
        }
    }

    @Test
    void aTakenPortIsNamedBeforeTheNodeStartsAndAFreeOneOrPortZeroPasses(@TempDir Path load) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Map<String, Object> properties = new HashMap<>(Map.of(HttpEndpoint.HOST_PROPERTY, "127.0.0.1",
                    HttpEndpoint.PORT_PROPERTY, Integer.toString(taken.getLocalPort())));
            LauncherException e = assertThrows(LauncherException.class,
                    () -> HttpEndpoint.checkAvailable(properties, load));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()) && e.getMessage().contains("in use"),
                    e.getMessage());

            properties.put(HttpEndpoint.PORT_PROPERTY, "0");
            HttpEndpoint.checkAvailable(properties, load);

            // load/org.apache.felix.http.cfg wins over the framework properties, as at runtime
            Files.writeString(load.resolve(HttpEndpoint.CONFIG_FILE), HttpEndpoint.PORT_PROPERTY + " = "
                    + taken.getLocalPort() + "\n");
            e = assertThrows(LauncherException.class, () -> HttpEndpoint.checkAvailable(properties, load));
            assertTrue(e.getMessage().contains(HttpEndpoint.CONFIG_FILE), e.getMessage());
        }
    }
}
