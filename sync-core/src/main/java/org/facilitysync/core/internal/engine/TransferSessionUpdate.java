package org.facilitysync.core.internal.engine;

import org.facilitysync.api.SyncStage;

/**
 * What a client asks of the peer's transfer session (Morango's PATCH): the stage to proceed to, and
 * the fields it reports. Null means "not sent".
 *
 * @param stage the stage the peer should proceed to, or null
 * @param clientFsic the client's FSIC text, sent with the serializing stage
 * @param recordsTotal the client's records total, sent with the queuing stage of a push
 * @param recordsTransferred records the client has received, sent after each chunk of a pull
 */
public record TransferSessionUpdate(SyncStage stage, String clientFsic, Long recordsTotal, Long recordsTransferred) {

    /** Only proceed to {@code stage}. */
    public static TransferSessionUpdate proceedTo(SyncStage stage) {
        return new TransferSessionUpdate(stage, null, null, null);
    }
}
