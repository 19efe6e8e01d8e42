package org.facilitysync.cli.internal;

import org.facilitysync.api.execution.SyncPipeline;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync:pipeline}: shows the operations and hooks every transfer session begun now would use.
 *
 * <p>The pipeline reference is optional and dynamic so the command exists even while the core is
 * missing or restarting, and can then say why there is nothing to show instead of vanishing into
 * Gogo's "Command not found". Immediate, so its activation line in the log shows the commands are
 * there before anyone calls them.
 */
@Component(service = PipelineCommand.class, immediate = true, property = {
        "osgi.command.scope=sync",
        "osgi.command.function=pipeline" })
public class PipelineCommand {

    static final String CORE_BUNDLE = "org.facilitysync.core";

    private static final Logger LOG = LoggerFactory.getLogger(PipelineCommand.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SyncPipeline pipeline;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        LOG.info("sync commands ready: sync:pipeline (sync pipeline {})",
                pipeline == null ? "not available yet" : "available");
    }

    /** Lists every stage's operations in run order, then the hooks. */
    public String pipeline() {
        SyncPipeline current = pipeline; // one read: the reference may go away at any moment
        if (current == null) {
            throw new IllegalStateException(unavailableReason());
        }
        return PipelineListing.of(current);
    }

    private String unavailableReason() {
        Bundle core = null;
        for (Bundle bundle : context.getBundles()) {
            if (CORE_BUNDLE.equals(bundle.getSymbolicName())) {
                core = bundle;
                break;
            }
        }
        return PipelineListing.unavailable(core == null ? null : core.getState());
    }
}
