package org.facilitysync.example.hello;

import org.facilitysync.api.OncePerStageOperation;
import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncOperation;
import org.facilitysync.api.SyncOperationStage;
import org.facilitysync.api.SyncStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage operation that greets once per transfer session, at cleanup, and leaves the stage itself to
 * the engine.
 *
 * <p>It takes part in the {@code cleanup} stage at priority 10, so it runs before the engine's own
 * cleanup. Because it answers {@link StageResult#SKIPPED}, the next operation in the chain still handles
 * the stage: this is how a plugin adds work to a stage without taking it over. The greeting is
 * remembered in the session's attributes, which is how a test (or another plugin) can see it ran.
 *
 * <p>Its configuration PID is {@value #PID}: a file {@code load/org.facilitysync.example.hello.cfg}
 * with {@code sync.priority = 50} moves it in the pipeline, and {@code greeting = Hi} changes the words,
 * both without a restart ({@link Modified}).
 */
@Component(service = SyncOperation.class, configurationPid = HelloCleanupOperation.PID)
@SyncOperationStage(stage = SyncStage.CLEANUP, priority = 10)
@Designate(ocd = HelloCleanupOperation.Config.class)
public class HelloCleanupOperation extends OncePerStageOperation {

    /** The configuration PID, and the prefix of the session attributes this plugin writes. */
    public static final String PID = "org.facilitysync.example.hello";

    /** The session attribute that holds the greeting of a transfer session. */
    public static final String GREETED = PID + ".greeted";

    @ObjectClassDefinition(name = "facilitysync example: hello operation",
            description = "A plugin operation that greets once per transfer session at cleanup.")
    public @interface Config {

        @AttributeDefinition(name = "Priority", description = "Higher runs first; the engine runs last.")
        int sync_priority() default 10;

        @AttributeDefinition(name = "Greeting", description = "The words written to the log and the session.")
        String greeting() default "Hello";
    }

    private static final Logger LOG = LoggerFactory.getLogger(HelloCleanupOperation.class);

    // Written by SCR on (re)configuration, read by sync threads.
    private volatile String greeting;

    @Activate
    @Modified
    void configure(Config config) {
        greeting = config.greeting();
    }

    @Override
    protected StageResult handleInitial(SyncContext context) {
        String words = greeting + " from transfer session " + context.transferSessionId() + " ("
                + (context.isPush() ? "push" : "pull") + ", " + context.recordsTransferred() + " records)";
        context.attributes().put(GREETED, words);
        LOG.info(words);
        return StageResult.SKIPPED;
    }
}
