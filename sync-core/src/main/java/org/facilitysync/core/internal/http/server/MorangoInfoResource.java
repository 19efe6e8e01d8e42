package org.facilitysync.core.internal.http.server;

import java.util.Map;
import java.util.function.Supplier;
import org.facilitysync.core.internal.engine.TransferServer;
import org.facilitysync.core.internal.identity.Proquint;
import org.facilitysync.core.internal.wire.MorangoInfo;

/** {@code GET morangoinfo/1/}: who this node is and what it can do. */
final class MorangoInfoResource {

    private final TransferServer server;
    private final Supplier<Map<String, Object>> applicationFields;

    MorangoInfoResource(TransferServer server, Supplier<Map<String, Object>> applicationFields) {
        this.server = server;
        this.applicationFields = applicationFields;
    }

    ApiResponse get() {
        String instanceId = server.instanceId();
        MorangoInfo info = new MorangoInfo(instanceId, Proquint.ofInstanceId(instanceId),
                System.getProperty("os.name", ""), MorangoApi.MORANGO_VERSION, TransferServer.CAPABILITIES);
        return ApiResponse.json(200, info.json(applicationFields.get()));
    }
}
