package org.facilitysync.core.internal.http.client;

import org.facilitysync.core.internal.wire.BufferPage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.facilitysync.api.SyncFilter;
import org.facilitysync.api.SyncStage;
import org.facilitysync.core.internal.certificate.NonceHandshake;
import org.facilitysync.core.internal.certificate.RsaKey;
import org.facilitysync.core.internal.engine.RemoteTransferSession;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.engine.TransferSessionUpdate;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.BufferRecordParser;
import org.facilitysync.core.internal.identity.PythonJson;
import org.facilitysync.core.internal.vectors.MorangoVectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A minimal, test-only translation of Morango's endpoints onto a node's {@link TransferServer}, so that
 * the engine can drive {@link HttpPeer} over real HTTP. It checks nothing a real server must check
 * (certificates, nonces, scopes): it exists to exercise the client, not to be a server.
 */
final class TestMorangoEndpoints {

    private final TransferServer server;
    private final String instanceId;
    private final RsaKey serverKey;
    private final Set<String> activeSyncSessions = new HashSet<>();

    TestMorangoEndpoints(TransferServer server, String instanceId, RsaKey serverKey) {
        this.server = server;
        this.instanceId = instanceId;
        this.serverKey = serverKey;
    }

    ScriptedServer.Reply answer(ScriptedServer.Received r) {
        try {
            return route(r);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return ScriptedServer.Reply.json(400, PythonJson.dumps(Map.of("detail", String.valueOf(e.getMessage()))));
        } catch (Exception e) {
            return ScriptedServer.Reply.json(500, PythonJson.dumps(Map.of("detail", e.toString())));
        }
    }

    private ScriptedServer.Reply route(ScriptedServer.Received r) throws Exception {
        String path = r.pathAndQuery().substring("/api/morango/v1/".length());
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        String resource = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String[] parts = resource.split("/");
        String method = r.method();
        switch (parts[0]) {
            case "morangoinfo":
                return json(200, Map.of("instance_id", instanceId, "capabilities", List.copyOf(TransferServer.CAPABILITIES)));
            case "nonces":
                return json(201, Map.of("id", UUID.randomUUID().toString().replace("-", "")));
            case "syncsessions":
                if (method.equals("POST")) {
                    JsonNode body = read(r.body());
                    String id = body.path("id").asText();
                    String client = read(body.path("instance").asText().getBytes(StandardCharsets.UTF_8)).path("id").asText();
                    server.openSyncSession(id, body.path("profile").asText(), client, body.path("connection_path").asText());
                    activeSyncSessions.add(id);
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("signature", serverKey.sign(NonceHandshake.message(body.path("nonce").asText(), id)));
                    answer.put("server_instance", PythonJson.dumps(Map.of("id", instanceId)));
                    return json(201, answer);
                }
                if (method.equals("DELETE")) {
                    server.closeSyncSession(parts[1]);
                    activeSyncSessions.remove(parts[1]);
                    return ScriptedServer.Reply.empty(204);
                }
                return activeSyncSessions.contains(parts[1]) ? json(200, Map.of("id", parts[1])) : notFound();
            case "transfersessions":
                return transferSessions(r, parts);
            case "buffers":
                if (method.equals("GET")) {
                    Map<String, String> params = params(query);
                    String ts = params.get("transfer_session_id");
                    List<BufferRecord> page = server.buffers(ts, Long.parseLong(params.get("offset")),
                            Integer.parseInt(params.get("limit")));
                    long total = server.transferSession(ts).map(RemoteTransferSession::recordsTotal).orElse(0L);
                    return new ScriptedServer.Reply(200, BufferPage.json(total, null, null, page)
                            .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
                }
                byte[] body = "application/gzip".equals(r.header("Content-Type"))
                        ? new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes() : r.body();
                List<BufferRecord> records = new ArrayList<>();
                for (JsonNode record : read(body)) {
                    records.add(BufferRecordParser.parse(record));
                }
                server.receiveBuffers(records.get(0).transferSessionId(), records, 0, body.length);
                return ScriptedServer.Reply.empty(201);
            default:
                return notFound();
        }
    }

    private ScriptedServer.Reply transferSessions(ScriptedServer.Received r, String[] parts) throws Exception {
        switch (r.method()) {
            case "POST": {
                JsonNode body = read(r.body());
                Set<String> capabilities = Set.of(r.header("X-Morango-Capabilities").split(" "));
                return json(201, describe(server.createTransferSession(body.path("id").asText(),
                        body.path("sync_session_id").asText(), SyncFilter.fromWire(body.path("filter").asText()),
                        body.path("push").asBoolean(), capabilities)));
            }
            case "GET": {
                Optional<RemoteTransferSession> session = server.transferSession(parts[1]);
                return session.isPresent() ? json(200, describe(session.get())) : notFound();
            }
            case "PATCH": {
                JsonNode body = read(r.body());
                TransferSessionUpdate update = new TransferSessionUpdate(
                        body.has("transfer_stage") ? SyncStage.fromWireName(body.get("transfer_stage").asText()) : null,
                        body.has("client_fsic") ? body.get("client_fsic").asText() : null,
                        body.has("records_total") ? body.get("records_total").asLong() : null,
                        body.has("records_transferred") ? body.get("records_transferred").asLong() : null);
                return json(200, describe(server.updateTransferSession(parts[1], update)));
            }
            case "DELETE":
                server.deleteTransferSession(parts[1]);
                return ScriptedServer.Reply.empty(204);
            default:
                return ScriptedServer.Reply.json(405, "{\"detail\": \"Method not allowed.\"}");
        }
    }

    private static Map<String, Object> describe(RemoteTransferSession s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("active", s.active());
        json.put("records_transferred", s.recordsTransferred());
        json.put("records_total", s.recordsTotal());
        json.put("server_fsic", s.serverFsic());
        json.put("transfer_stage", s.stage().wireName());
        json.put("transfer_stage_status", s.status().wireName());
        return json;
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return params;
    }

    private static JsonNode read(byte[] json) throws Exception {
        return MorangoVectors.mapper().readTree(json);
    }

    private static ScriptedServer.Reply json(int status, Object body) {
        return ScriptedServer.Reply.json(status, PythonJson.dumps(body));
    }

    private static ScriptedServer.Reply notFound() {
        return ScriptedServer.Reply.json(404, "{\"detail\": \"Not found.\"}");
    }
}
