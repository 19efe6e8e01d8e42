package org.facilitysync.example.hello;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.TransferEvent;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hook that logs every transfer's start and end. Hooks are fail-tolerant: were this one to throw, the
 * sync would carry on and the exception would only be logged.
 */
@Component
public class HelloSyncHook implements FacilityDataSyncHook {

    private static final Logger LOG = LoggerFactory.getLogger(HelloSyncHook.class);

    @Override
    public void preTransfer(TransferEvent event) {
        LOG.info("Transfer {} of dataset {} begins ({})", event.context().transferSessionId(),
                event.datasetId(), event.context().isPush() ? "push" : "pull");
    }

    @Override
    public void postTransfer(TransferEvent event) {
        LOG.info("Transfer {} ended {}", event.context().transferSessionId(), event.outcome().wireName());
    }
}
