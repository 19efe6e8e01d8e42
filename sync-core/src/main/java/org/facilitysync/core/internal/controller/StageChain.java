package org.facilitysync.core.internal.controller;

import java.util.List;
import java.util.Objects;

import org.facilitysync.api.StageResult;
import org.facilitysync.api.SyncContext;
import org.facilitysync.api.SyncStage;
import org.facilitysync.core.internal.pipeline.RankedOperation;
import org.facilitysync.core.internal.storage.DatabaseFullException;
import org.slf4j.Logger;

/**
 * Asks a stage's operations, in order, to handle it (chain of responsibility): the first result that
 * is not {@link StageResult#SKIPPED} decides the stage's status. Operations are vital, so anything
 * that goes wrong in one errors the stage with a message that says where.
 */
final class StageChain {

    private final Logger log;

    StageChain(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    StageOutcome run(SyncStage stage, List<RankedOperation> operations, SyncContext context) {
        for (RankedOperation ranked : operations) {
            StageResult result;
            try {
                result = ranked.operation().handle(context);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                // Throwable, not Exception: a plugin whose bundle was stopped mid-transfer fails with
                // NoClassDefFoundError and the like, which must error the stage, not kill the thread.
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure instanceof DatabaseFullException full) {
                    // not a bug: one line, no trace, and the message as it is
                    log.error("Stage '{}' of transfer session {} stopped: {}", stage.wireName(),
                            context.transferSessionId(), full.getMessage());
                    return StageOutcome.failed("stage '" + stage.wireName() + "' stopped: " + full.getMessage());
                }
                log.error("Stage '{}' of transfer session {} failed in operation {}", stage.wireName(),
                        context.transferSessionId(), ranked.describe(), failure);
                return StageOutcome.failed("stage '" + stage.wireName() + "' failed: operation "
                        + ranked.entry().className() + " threw " + describe(failure));
            }
            if (result == null) {
                log.error("Operation {} returned null for stage '{}' of transfer session {}", ranked.describe(),
                        stage.wireName(), context.transferSessionId());
                return StageOutcome.failed("stage '" + stage.wireName() + "' failed: operation "
                        + ranked.entry().className() + " returned null; it must return StageResult.SKIPPED"
                        + " to let the next operation handle the stage");
            }
            if (result == StageResult.ERRORED) {
                log.error("Operation {} errored stage '{}' of transfer session {} without saying why",
                        ranked.describe(), stage.wireName(), context.transferSessionId());
                return StageOutcome.failed("stage '" + stage.wireName() + "' failed: operation "
                        + ranked.entry().className() + " returned ERRORED without saying why"
                        + " (throw an exception to keep the reason on the session)");
            }
            if (!result.isSkipped()) {
                return StageOutcome.handled(result.status());
            }
        }
        String error = "no operation handles stage '" + stage.wireName() + "' of transfer session "
                + context.transferSessionId() + (operations.isEmpty() ? ": none is registered for it"
                        : ": all " + operations.size() + " registered for it skipped");
        log.error("{}; is the bundle that provides it missing or stopped?", error);
        return StageOutcome.failed(error);
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getName()
                : failure.getClass().getName() + ": " + failure.getMessage();
    }
}
