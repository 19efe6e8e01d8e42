package org.facilitysync.core.internal.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.facilitysync.core.internal.wire.ErrorDetail;
import org.osgi.service.component.annotations.Component;

/**
 * Jetty's own answers to requests it refuses before any servlet sees them (a header or request line
 * it cannot parse, a malformed or ambiguous URI, an unknown HTTP version, a line too long) in the API's
 * shape, {@code {"detail": "..."}} as JSON, instead of Jetty's HTML page: a client's mistake gets the
 * same kind of answer at every layer. The status stays Jetty's (400, 414, 431, 505).
 * Jetty's other error pages (a 404 outside every servlet) take the same shape.
 *
 * <p>Felix HTTP hands its Jetty {@link Server} to {@link ConnectorFactory} services only, so this is one;
 * the connector it must give back is an in-memory {@link LocalConnector}, which listens on nothing.
 */
@Component(service = ConnectorFactory.class)
public final class JettyErrorPages implements ConnectorFactory {

    @Override
    public Connector createConnector(Server server) {
        server.setErrorHandler(new JsonErrorHandler());
        return new LocalConnector(server);
    }

    /** Jetty's error handler with every page written as the API's JSON refusal, never with a trace. */
    static final class JsonErrorHandler extends ErrorHandler {

        JsonErrorHandler() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) throws IOException {
            String detail = message == null || message.isBlank() ? "the request is malformed" : message;
            byte[] body = ErrorDetail.json("HTTP " + code + ": " + detail).getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
