package org.facilitysync.core.internal.http.client;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.engine.RemoteTransferSession;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Morango's transfer-session JSON ({@code id, ..., records_total, server_fsic, client_fsic,
 * transfer_stage, transfer_stage_status}) into what the engine uses of it. The FSICs stay the strings
 * they are on the wire.
 */
final class TransferSessionJson {

    private TransferSessionJson() {
    }

    /**
     * @throws IllegalArgumentException naming the field when the peer's answer lacks or garbles one; an
     *     empty stage status is Morango's "cannot resume" case
     */
    static RemoteTransferSession parse(JsonNode json, String where) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(where + ": expected a transfer session object, got "
                    + (json == null ? "nothing" : json.getNodeType()));
        }
        String id = text(json, "id", where);
        String stageName = text(json, "transfer_stage", where);
        String statusName = json.path("transfer_stage_status").asText("");
        if (statusName.isEmpty()) {
            throw new IllegalArgumentException(where + ": transfer session " + id + " has no transfer_stage_status;"
                    + " the peer cannot continue it (start a new transfer)");
        }
        SyncStage stage;
        TransferStatus status;
        try {
            stage = SyncStage.fromWireName(stageName);
            status = TransferStatus.fromWireName(statusName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": transfer session " + id + ": " + e.getMessage(), e);
        }
        JsonNode total = json.path("records_total");
        return new RemoteTransferSession(id, stage, status, total.isIntegralNumber() ? total.longValue() : 0,
                json.path("records_transferred").asLong(0), json.path("server_fsic").asText("{}"),
                json.path("active").asBoolean(true), error(json, status));
    }

    /**
     * The reason of an errored stage, from {@code transfer_stage_error}: our servers send it after
     * Morango's fields (Morango's do not, and then there is none).
     */
    private static String error(JsonNode json, TransferStatus status) {
        JsonNode error = json.get("transfer_stage_error");
        return status == TransferStatus.ERRORED && error != null && error.isTextual() && !error.textValue().isBlank()
                ? error.textValue() : null;
    }

    private static String text(JsonNode json, String field, String where) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new IllegalArgumentException(where + ": the transfer session has no \"" + field + "\"");
        }
        return value.textValue();
    }
}
