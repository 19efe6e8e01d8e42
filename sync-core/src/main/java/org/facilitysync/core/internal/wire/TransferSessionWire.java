package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.TransferStatus;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.ServedTransferSession;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * The transfer session resource ({@code transfersessions/}): the client's bodies that create one and
 * report on it (PATCH), and the server's answer, Morango's {@code TransferSessionSerializer} with an
 * errored stage's reason after it as {@value #ERROR}, which Morango does not send. The FSICs stay the
 * strings they are on the wire.
 */
public final class TransferSessionWire {

    // what a client sends when it creates one
    private static final String ID = "id", FILTER = "filter", PUSH = "push", SYNC_SESSION_ID = "sync_session_id";
    // what a client reports (PATCH) and the server shows
    private static final String CLIENT_FSIC = "client_fsic", RECORDS_TOTAL = "records_total",
            RECORDS_TRANSFERRED = "records_transferred", TRANSFER_STAGE = "transfer_stage";
    private static final String BYTES_SENT = "bytes_sent", BYTES_RECEIVED = "bytes_received";
    // what only the server shows
    private static final String SERVER_FSIC = "server_fsic", TRANSFER_STAGE_STATUS = "transfer_stage_status",
            ACTIVE = "active", SYNC_SESSION = "sync_session";
    private static final String START = "start_timestamp", LAST_ACTIVITY = "last_activity_timestamp";
    /** Not Morango's: its serializer has no error, so a Morango client only learns "errored". */
    public static final String ERROR = "transfer_stage_error";

    private TransferSessionWire() {
    }

    // ---------------------------------------------------------------- POST transfersessions/

    /** The body of {@code POST transfersessions/}; the client's FSIC is {@code "{}"}, as Morango sends it. */
    public record Create(String id, String filter, boolean push, String syncSessionId, String clientFsic) {

        /** The JSON text, as Morango's client writes it. */
        public String json() {
            return PythonJson.dumps(WireJson.fields(ID, id, FILTER, filter, PUSH, push, SYNC_SESSION_ID, syncSessionId,
                    CLIENT_FSIC, clientFsic));
        }

        /** @throws WireFormatException naming the first field that is missing or malformed */
        public static Create read(String body) {
            WireObject fields = WireObject.of(body);
            // arguments are read left to right: the first bad field is the one named
            return new Create(fields.morangoId(ID), fields.text(FILTER), fields.bool(PUSH), fields.text(SYNC_SESSION_ID),
                    fields.optionalText(CLIENT_FSIC, null));
        }
    }

    // ---------------------------------------------------------------- PATCH transfersessions/{id}/

    /**
     * The body of {@code PATCH transfersessions/{id}/}: what the client reports and, with a stage, asks
     * for; null fields are left out.
     */
    public record Patch(SyncStage stage, String clientFsic, Long recordsTotal, Long recordsTransferred,
            Long bytesSent, Long bytesReceived) {

        /** A stage request in Morango's order: reported fields, then the stage. */
        public String json() {
            return PythonJson.dumps(WireJson.withoutNulls(WireJson.fields(CLIENT_FSIC, clientFsic, RECORDS_TOTAL,
                    recordsTotal, TRANSFER_STAGE, stageName())));
        }

        /** A pull's progress report in Morango's order: what it PATCHes with its byte counts. */
        public String progressJson() {
            return PythonJson.dumps(WireJson.withoutNulls(WireJson.fields(TRANSFER_STAGE, stageName(),
                    RECORDS_TRANSFERRED, recordsTransferred, BYTES_RECEIVED, bytesReceived, BYTES_SENT, bytesSent,
                    CLIENT_FSIC, clientFsic, RECORDS_TOTAL, recordsTotal)));
        }

        private String stageName() {
            return stage == null ? null : stage.wireName();
        }

        /** @throws WireFormatException naming the first field that is malformed */
        public static Patch read(String body) {
            WireObject fields = WireObject.of(body);
            SyncStage stage = null;
            if (fields.has(TRANSFER_STAGE)) {
                String name = fields.text(TRANSFER_STAGE);
                try {
                    stage = SyncStage.fromWireName(name);
                } catch (RuntimeException e) {
                    throw new WireFormatException(TRANSFER_STAGE + " '" + name + "' is not a stage");
                }
            }
            String clientFsic = fields.optionalText(CLIENT_FSIC, null);
            Long recordsTotal = fields.optionalCount(RECORDS_TOTAL);
            Long recordsTransferred = fields.optionalCount(RECORDS_TRANSFERRED);
            Long bytesSent = fields.optionalCount(BYTES_SENT);
            Long bytesReceived = fields.optionalCount(BYTES_RECEIVED);
            return new Patch(stage, clientFsic, recordsTotal, recordsTransferred, bytesSent, bytesReceived);
        }
    }

    // ---------------------------------------------------------------- the server's answer

    /** A transfer session as the server shows it: the serializer's fields, in order, timestamps as DRF renders them. */
    public static String json(ServedTransferSession session) {
        Map<String, Object> json = WireJson.fields(ID, session.id(),
                START, WireTimestamps.format(session.startTimestamp()),
                LAST_ACTIVITY, WireTimestamps.format(session.lastActivityTimestamp()), ACTIVE, session.active(),
                FILTER, session.filter(), PUSH, session.push(), RECORDS_TRANSFERRED, session.recordsTransferred(),
                RECORDS_TOTAL, session.recordsTotal(), BYTES_RECEIVED, session.bytesReceived(),
                BYTES_SENT, session.bytesSent(), SYNC_SESSION, session.syncSessionId(),
                SERVER_FSIC, session.serverFsic(), CLIENT_FSIC, session.clientFsic(),
                TRANSFER_STAGE, session.stage() == null ? null : session.stage().wireName(),
                TRANSFER_STAGE_STATUS, session.status() == null ? null : session.status().wireName());
        if (session.errored() && session.error() != null && !session.error().isEmpty()) {
            // Morango's client ignores fields it does not know; ours shows the server's reason.
            json.put(ERROR, session.error());
        }
        return WireJson.write(json);
    }

    /**
     * The server's answer as the client uses it.
     *
     * @throws IllegalArgumentException naming the field when the answer lacks or garbles one; an empty
     *     stage status is Morango's "cannot resume" case
     */
    public static RemoteTransferSession read(JsonNode json, String where) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(where + ": expected a transfer session object, got "
                    + (json == null ? "nothing" : json.getNodeType()));
        }
        String id = text(json, ID, where);
        String stageName = text(json, TRANSFER_STAGE, where);
        String statusName = json.path(TRANSFER_STAGE_STATUS).asText("");
        if (statusName.isEmpty()) {
            throw new IllegalArgumentException(where + ": transfer session " + id + " has no " + TRANSFER_STAGE_STATUS
                    + "; the peer cannot continue it (start a new transfer)");
        }
        SyncStage stage;
        TransferStatus status;
        try {
            stage = SyncStage.fromWireName(stageName);
            status = TransferStatus.fromWireName(statusName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": transfer session " + id + ": " + e.getMessage(), e);
        }
        JsonNode total = json.path(RECORDS_TOTAL);
        return new RemoteTransferSession(id, stage, status, total.isIntegralNumber() ? total.longValue() : 0,
                json.path(RECORDS_TRANSFERRED).asLong(0), json.path(SERVER_FSIC).asText("{}"),
                json.path(ACTIVE).asBoolean(true), error(json, status));
    }

    /** The reason of an errored stage: our servers send it (Morango's do not, and then there is none). */
    private static String error(JsonNode json, TransferStatus status) {
        JsonNode error = json.get(ERROR);
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
