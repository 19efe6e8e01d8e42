package org.facilitysync.extras;

import java.util.EnumMap;
import java.util.Hashtable;
import java.util.Map;

import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.execution.SyncPipeline;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Switches background initialization and finalization on and off from the configuration
 * {@value ExtrasSettings#PID} ({@code load/org.facilitysync.extras.cfg}).
 *
 * <p>With no configuration the component is not active and the bundle contributes nothing. While a mode
 * is on, its operation is registered as a {@link SyncOperation} with the configured stages, so the
 * pipeline (and {@code sync:pipeline}) shows it exactly then; a change of stages updates the service's
 * properties ({@link Modified}, no restart, running jobs go on).
 */
@Component(service = {}, configurationPid = ExtrasSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SyncExtrasComponent.Config.class)
public final class SyncExtrasComponent {

    /*
     * The one source of keys, defaults and Metatype. Switches and numbers are Strings (Metatype still shows
     * their type) that ExtrasSettings checks: SCR would read an untyped "yes" as false and "two" as 0.
     */
    @ObjectClassDefinition(name = "facilitysync sync extras",
            description = "Long server-side stages of large syncs run as durable background jobs, so no request"
                    + " waits for them. Invalid values are refused with a log line and the previous"
                    + " configuration stays in force.")
    public @interface Config {

        @AttributeDefinition(name = "Background initialization", type = AttributeType.BOOLEAN,
                description = "Serializing/queuing of pull syncs this node serves (as producer) run as background"
                        + " jobs: true or false.")
        String background_initialization() default "false";

        @AttributeDefinition(name = "Background initialization stages",
                description = "Comma-separated stages after initializing and before transferring.")
        String[] background_initialization_stages() default "serializing,queuing";

        @AttributeDefinition(name = "Background finalization", type = AttributeType.BOOLEAN,
                description = "Dequeuing/deserializing/cleanup of push syncs this node receives run as background"
                        + " jobs: true or false.")
        String background_finalization() default "false";

        @AttributeDefinition(name = "Background finalization stages",
                description = "Comma-separated stages after transferring.")
        String[] background_finalization_stages() default "dequeuing,deserializing,cleanup";

        @AttributeDefinition(name = "Workers", type = AttributeType.INTEGER,
                description = "How many background jobs run at once (1 to 64).")
        String background_workers() default "" + ExtrasSettings.DEFAULT_WORKERS;

        @AttributeDefinition(name = "Job timeout (seconds)", type = AttributeType.LONG,
                description = "A job running longer is stopped and its stage errored, so the client stops polling.")
        String background_job_timeout_seconds() default "" + ExtrasSettings.DEFAULT_JOB_TIMEOUT_SECONDS;
    }

    private final SyncPipeline pipeline;
    private final BundleContext bundleContext;
    private final BackgroundExtras extras;
    private final Map<BackgroundMode, ServiceRegistration<SyncOperation>> registrations =
            new EnumMap<>(BackgroundMode.class);

    /** The raw {@code properties} only for their keys: one not in {@link Config} is reported as a likely typo. */
    @Activate
    public SyncExtrasComponent(@Reference(name = "pipeline") SyncPipeline pipeline, BundleContext bundleContext,
            Config config, Map<String, Object> properties) {
        this.pipeline = pipeline;
        this.bundleContext = bundleContext;
        this.extras = new BackgroundExtras(this.pipeline, config, properties.keySet());
        publish();
    }

    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        if (extras.apply(config, properties.keySet())) {
            publish();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        for (ServiceRegistration<SyncOperation> registration : registrations.values()) {
            unregisterQuietly(registration);
        }
        registrations.clear();
        extras.close();
    }

    /** Registers, updates or withdraws each mode's operation to match the settings in force. */
    private synchronized void publish() {
        ExtrasSettings settings = extras.settings();
        for (BackgroundMode mode : BackgroundMode.values()) {
            ServiceRegistration<SyncOperation> registration = registrations.get(mode);
            if (!settings.enabled(mode)) {
                if (registration != null) {
                    unregisterQuietly(registration);
                    registrations.remove(mode);
                }
                continue;
            }
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(SyncOperation.STAGE, settings.stageNames(mode));
            properties.put(SyncOperation.PRIORITY, BackgroundStageOperation.PRIORITY);
            properties.put("service.description", "background " + mode.word() + " of " + ExtrasSettings.PID);
            if (registration == null) {
                registrations.put(mode, bundleContext.registerService(SyncOperation.class, extras.operation(mode),
                        properties));
            } else {
                registration.setProperties(properties);
            }
        }
    }

    private static void unregisterQuietly(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The bundle is stopping and the framework withdrew it first.
        }
    }
}
