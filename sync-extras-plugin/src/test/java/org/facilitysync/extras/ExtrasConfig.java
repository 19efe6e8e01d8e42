package org.facilitysync.extras;

import java.util.Map;

import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.core.testsupport.ComponentProperties;

/** The extras configured as SCR configures them: from properties as a {@code .cfg} file or ConfigAdmin gives them. */
final class ExtrasConfig {

    private ExtrasConfig() {
    }

    static SyncExtrasComponent.Config of(Map<String, ?> properties) {
        return ComponentProperties.of(SyncExtrasComponent.Config.class, properties);
    }

    static ExtrasSettings settings(Map<String, ?> properties) {
        return ExtrasSettings.from(of(properties));
    }

    static BackgroundExtras extras(SyncPipeline pipeline, Map<String, ?> properties) {
        return new BackgroundExtras(pipeline, of(properties), properties.keySet());
    }

    static boolean apply(BackgroundExtras extras, Map<String, ?> properties) {
        return extras.apply(of(properties), properties.keySet());
    }
}
