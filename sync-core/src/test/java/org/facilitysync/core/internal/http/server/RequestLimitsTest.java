package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.facilitysync.core.testsupport.ComponentProperties;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {

    @Test
    void aConfigurationGivesItsLimitsAndTheDefaultsForWhatItLeavesOut() {
        assertEquals(RequestLimits.DEFAULTS, RequestLimits.from(config(Map.of())));
        assertEquals(new RequestLimits(1000, Duration.ofSeconds(5), 10, 3), RequestLimits.from(config(Map.of(
                "max.body.bytes", "1000", "body.timeout.seconds", 5L, "min.body.bytes.per.second", " 10 ",
                "max.requests.per.client", 3))));
    }

    @Test
    void anInvalidValueIsNamedWithItsKey() {
        for (Map<String, Object> invalid : java.util.List.<Map<String, Object>>of(Map.of("max.body.bytes", "lots"),
                Map.of("body.timeout.seconds", "0"), Map.of("min.body.bytes.per.second", "-5"),
                Map.of("max.requests.per.client", "99999999999"), Map.of("max.body.bytes", "1.5"))) {
            String key = invalid.keySet().iterator().next();
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> RequestLimits.from(config(invalid)));
            assertEquals(true, thrown.getMessage().startsWith("'" + key + "' must be a whole number from 1 to ")
                    && thrown.getMessage().endsWith(", not '" + invalid.get(key) + "'"), thrown.getMessage());
        }
    }

    /** The configuration as SCR hands it to the component. */
    private static MorangoApiComponent.Config config(Map<String, ?> properties) {
        return ComponentProperties.of(MorangoApiComponent.Config.class, properties);
    }
}
