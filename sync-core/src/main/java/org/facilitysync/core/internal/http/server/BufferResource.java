package org.facilitysync.core.internal.http.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import org.facilitysync.core.internal.engine.ServedTransferSession;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.RecordRejection;
import org.facilitysync.core.internal.wire.BufferChunk;
import org.facilitysync.core.internal.wire.BufferPage;

/**
 * {@code buffers/}: pages of the buffer of a pull this node produces, and the chunks of a push it
 * receives. A chunk is read from the request's stream in one pass ({@link BufferChunk}) and taken all
 * or nothing: one bad record refuses it, and nothing is stored.
 */
final class BufferResource {

    /** The largest page of {@code GET buffers/} served, whatever {@code limit} asks. */
    static final int MAX_PAGE = 10_000;

    private final TransferServer server;

    BufferResource(TransferServer server) {
        this.server = server;
    }

    /** {@code GET buffers/?transfer_session_id=&limit=&offset=}: DRF's limit-offset page. */
    ApiResponse page(ApiRequest request) {
        String id = request.requiredQuery(BufferPage.TRANSFER_SESSION_ID);
        ServedTransferSession session = active(id);
        if (session.push()) {
            throw ApiException.forbidden("transfer session " + id + " is a push: this node serves no buffers for it");
        }
        int limit = request.queryInt(BufferPage.LIMIT, 100, 1, MAX_PAGE);
        long offset = request.queryInt(BufferPage.OFFSET, 0, 0, Integer.MAX_VALUE);
        long count = server.bufferCount(session);
        List<BufferRecord> records = server.buffers(id, offset, limit);
        String base = request.baseUrl() + MorangoApi.PREFIX + BufferPage.PATH;
        String next = offset + limit < count ? BufferPage.link(base, limit, offset + limit, id) : null;
        String previous = offset <= 0 ? null : BufferPage.link(base, limit, offset - limit, id);
        return new ApiResponse(200, BufferPage.json(count, next, previous, records), java.util.Map.of(), true);
    }

    /** {@code POST buffers/}: 201 when every record was taken. */
    ApiResponse receive(ApiRequest request) {
        RequestBody body = request.stream();
        if (body == null) {
            throw ApiException.badRequest("the request has no JSON body");
        }
        List<BufferRecord> records;
        try (Reader in = body.reader()) {
            records = BufferChunk.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a push body failed", e);
        }
        if (records.isEmpty()) {
            throw ApiException.badRequest("the body holds no buffer records");
        }
        String id = records.get(0).transferSessionId();
        for (int i = 1; i < records.size(); i++) {
            if (!records.get(i).transferSessionId().equals(id)) {
                throw ApiException.forbidden("records of several transfer sessions in one request: record " + i
                        + " (" + records.get(i).modelUuid() + ") names " + records.get(i).transferSessionId()
                        + ", record 0 names " + id);
            }
        }
        if (!active(id).push()) {
            throw ApiException.forbidden("transfer session " + id + " is a pull: records cannot be pushed to it");
        }
        List<RecordRejection> refused = server.receiveBuffersAllOrNothing(id, records, 0, body.charsRead()).rejected();
        if (!refused.isEmpty()) {
            StringBuilder detail = new StringBuilder("refused ").append(refused.size()).append(" of ")
                    .append(records.size()).append(" records, none stored: ");
            for (int i = 0; i < refused.size() && i < 10; i++) {
                RecordRejection r = refused.get(i);
                detail.append(i == 0 ? "" : "; ").append("record ").append(r.recordKey())
                        .append(r.modelName() == null ? "" : " (" + r.modelName() + ")").append(": ").append(r.reason());
            }
            throw ApiException.badRequest(detail.toString());
        }
        if (server.served(id).filter(ServedTransferSession::errored).isPresent()) {
            throw new StageErroredException("transfer session " + id + " errored while receiving records");
        }
        return ApiResponse.empty(201);
    }

    private ServedTransferSession active(String id) {
        return ApiException.orNotFound(server.served(id).filter(ServedTransferSession::active),
                "no active transfer session " + id);
    }
}
