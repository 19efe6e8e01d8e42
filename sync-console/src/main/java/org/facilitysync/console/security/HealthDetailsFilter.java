package org.facilitysync.console.security;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the health check servlet's details for operators. Without credentials, {@code /system/health}
 * answers only the overall status as text ({@code OK}, {@code CRITICAL}, ...) with 200 or 503, so a load
 * balancer can use it; every request parameter is ignored, and the detail formats
 * ({@code /system/health.html}, {@code .json}, ...) answer 401.
 */
@Component(service = Filter.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + HealthDetailsFilter.PATH,
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + HealthDetailsFilter.PATH + ".html",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + HealthDetailsFilter.PATH + ".json",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + HealthDetailsFilter.PATH + ".jsonp",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + HealthDetailsFilter.PATH + ".txt",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=" + HealthDetailsFilter.PATH + ".verbose.txt"})
public final class HealthDetailsFilter implements Filter {

    /** Where the distribution configures the Felix health check servlet. */
    public static final String PATH = "/system/health";

    private final ConsoleCredentials credentials;

    @Activate
    public HealthDetailsFilter(@Reference ConsoleCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (credentials.authenticate(request) != null) {
            chain.doFilter(req, res);
        } else if (request.getRequestURI().equals(request.getContextPath() + PATH)) {
            chain.doFilter(new StatusOnly(request), res);
        } else {
            credentials.challenge((HttpServletResponse) res);
        }
    }

    /** The request as the servlet sees it without credentials: plain text, no parameters. */
    private static final class StatusOnly extends HttpServletRequestWrapper {

        StatusOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return name.equals("format") ? "txt" : null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of("format", new String[] {"txt"});
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return getParameterMap().get(name);
        }

        @Override
        public String getPathInfo() {
            return null;
        }
    }
}
