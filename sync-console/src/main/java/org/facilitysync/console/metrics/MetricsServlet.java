package org.facilitysync.console.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.facilitysync.console.security.ConsoleCredentials;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the Prometheus text format. Needs the console's credentials (Prometheus sends them
 * with {@code basic_auth}) unless {@code metrics.public = true} in {@code load/org.facilitysync.console.cfg}.
 */
@Component(service = Servlet.class, property = HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/metrics")
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SyncMetrics metrics;
    private final transient ConsoleCredentials credentials;

    @Activate
    public MetricsServlet(@Reference SyncMetrics metrics, @Reference ConsoleCredentials credentials) {
        this.metrics = metrics;
        this.credentials = credentials;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!credentials.metricsPublic() && credentials.authenticate(request) == null) {
            credentials.challenge(response);
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
