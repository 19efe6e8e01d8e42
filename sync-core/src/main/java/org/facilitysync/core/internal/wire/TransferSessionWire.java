package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
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

    static final String ID = "id";
    static final String FILTER = "filter";
    static final String PUSH = "push";
    static final String SYNC_SESSION_ID = "sync_session_id";
    static final String CLIENT_FSIC = "client_fsic";
    static final String SERVER_FSIC = "server_fsic";
    static final String RECORDS_TOTAL = "records_total";
    static final String RECORDS_TRANSFERRED = "records_transferred";
    static final String BYTES_SENT = "bytes_sent";
    static final String BYTES_RECEIVED = "bytes_received";
    static final String TRANSFER_STAGE = "transfer_stage";
    static final String TRANSFER_STAGE_STATUS = "transfer_stage_status";
    static final String ACTIVE = "active";
    /** Not Morango's: its serializer has no error, so a Morango client only learns "errored". */
    public static final String ERROR = "transfer_stage_error";

    private TransferSessionWire() {
    }

    // ---------------------------------------------------------------- POST transfersessions/

    /** The body of {@code POST transfersessions/}; the client's FSIC is {@code "{}"}, as Morango sends it. */
    public record Create(String id, String filter, boolean push, String syncSessionId, String clientFsic) {

        /** The JSON text, as Morango's client writes it. */
        public String json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(ID, id);
            body.put(FILTER, filter);
            body.put(PUSH, push);
            body.put(SYNC_SESSION_ID, syncSessionId);
            body.put(CLIENT_FSIC, clientFsic);
            return PythonJson.dumps(body);
        }

        /** @throws WireFormatException naming the first field that is missing or malformed */
        public static Create read(String body) {
            WireObject fields = WireObject.of(body);
            String id = fields.morangoId(ID);
            String filter = fields.text(FILTER);
            boolean push = fields.bool(PUSH);
            String syncSessionId = fields.text(SYNC_SESSION_ID);
            return new Create(id, filter, push, syncSessionId, fields.optionalText(CLIENT_FSIC, null));
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
            Map<String, Object> body = new LinkedHashMap<>();
            put(body, CLIENT_FSIC, clientFsic);
            put(body, RECORDS_TOTAL, recordsTotal);
            put(body, TRANSFER_STAGE, stage == null ? null : stage.wireName());
            return PythonJson.dumps(body);
        }

        /** A pull's progress report in Morango's order: what it PATCHes with its byte counts. */
        public String progressJson() {
            Map<String, Object> body = new LinkedHashMap<>();
            put(body, TRANSFER_STAGE, stage == null ? null : stage.wireName());
            put(body, RECORDS_TRANSFERRED, recordsTransferred);
            put(body, BYTES_RECEIVED, bytesReceived);
            put(body, BYTES_SENT, bytesSent);
            put(body, CLIENT_FSIC, clientFsic);
            put(body, RECORDS_TOTAL, recordsTotal);
            return PythonJson.dumps(body);
        }

        private static void put(Map<String, Object> body, String key, Object value) {
            if (value != null) {
                body.put(key, value);
            }
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
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(ID, session.id());
        json.put("start_timestamp", WireTimestamps.format(session.startTimestamp()));
        json.put("last_activity_timestamp", WireTimestamps.format(session.lastActivityTimestamp()));
        json.put(ACTIVE, session.active());
        json.put(FILTER, session.filter());
        json.put(PUSH, session.push());
        json.put(RECORDS_TRANSFERRED, session.recordsTransferred());
        json.put(RECORDS_TOTAL, session.recordsTotal());
        json.put(BYTES_RECEIVED, session.bytesReceived());
        json.put(BYTES_SENT, session.bytesSent());
        json.put("sync_session", session.syncSessionId());
        json.put(SERVER_FSIC, session.serverFsic());
        json.put(CLIENT_FSIC, session.clientFsic());
        json.put(TRANSFER_STAGE, session.stage() == null ? null : session.stage().wireName());
        json.put(TRANSFER_STAGE_STATUS, session.status() == null ? null : session.status().wireName());
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
