package org.facilitysync.core.internal.controller;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.facilitysync.api.FacilityDataSyncHook;
import org.facilitysync.api.TransferEvent;
import org.facilitysync.core.internal.pipeline.RankedHook;
import org.slf4j.Logger;

/**
 * Calls the hooks of a snapshot in order. Hooks are fail-tolerant by contract: whatever one throws is
 * logged with its class and bundle and the next hook is called, so no hook can change a transfer's
 * outcome (Kolibri swallows hook errors the same way).
 */
final class HookDispatcher {

    private final List<RankedHook> hooks;
    private final Logger log;

    HookDispatcher(List<RankedHook> hooks, Logger log) {
        this.hooks = List.copyOf(hooks);
        this.log = Objects.requireNonNull(log, "log");
    }

    void preTransfer(TransferEvent event) {
        dispatch("preTransfer", FacilityDataSyncHook::preTransfer, event);
    }

    void postTransfer(TransferEvent event) {
        dispatch("postTransfer", FacilityDataSyncHook::postTransfer, event);
    }

    private void dispatch(String method, BiConsumer<FacilityDataSyncHook, TransferEvent> call, TransferEvent event) {
        for (RankedHook ranked : hooks) {
            try {
                call.accept(ranked.hook(), event);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.warn("Hook {}.{} failed for transfer session {}; the transfer carries on as if it had"
                        + " returned normally", ranked.describe(), method, event.context().transferSessionId(),
                        failure);
            }
        }
    }
}
