package org.facilitysync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
