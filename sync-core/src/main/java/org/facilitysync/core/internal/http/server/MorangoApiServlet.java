package org.facilitysync.core.internal.http.server;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.facilitysync.core.internal.wire.ErrorDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet in front of {@link MorangoApi}. Request bodies are read asynchronously (servlet non-blocking
 * IO), so a client that sends its body slowly or never finishes it holds a connection but no server
 * thread; {@link RequestLimits} bound how long a body may take, how large it may be and how many
 * requests one client address may have in progress. Every refusal is {@code {"detail": "..."}} with
 * its status and never a stack trace; a client's mistake is logged in one line at most, a failure inside
 * the server at WARN with its cause. Buffer pages are gzipped for clients that accept it.
 */
public final class MorangoApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final Logger LOG = LoggerFactory.getLogger(MorangoApiServlet.class);

    /** The default limit of a request body, compressed or not (64 MiB). */
    public static final long DEFAULT_MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final transient MorangoApi api;
    private final transient RequestLimits limits;
    private final transient ApiRequestReader reader;
    private final transient ClientSlots slots;
    private final transient Set<AsyncBodyRead> reading = ConcurrentHashMap.newKeySet();
    private transient ScheduledExecutorService timeouts;

    public MorangoApiServlet(MorangoApi api, long maxBodyBytes) {
        this(api, RequestLimits.DEFAULTS.withMaxBodyBytes(maxBodyBytes));
    }

    public MorangoApiServlet(MorangoApi api, RequestLimits limits) {
        this.api = Objects.requireNonNull(api, "api");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.reader = new ApiRequestReader(limits.maxBodyBytes());
        this.slots = new ClientSlots(limits.maxRequestsPerClient());
    }

    @Override
    public void init() {
        timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "morango-api-body-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timeouts.scheduleWithFixedDelay(this::expireLateBodies, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        if (timeouts != null) {
            timeouts.shutdownNow();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String client = request.getRemoteAddr();
        if (!slots.tryEnter(client)) {
            refuse(request, response, new ApiException(429, "too many requests in progress from " + client
                    + ": this server takes at most " + slots.perClient() + " at a time from one address",
                    Map.of("Retry-After", "1")));
            return;
        }
        try {
            reader.checkDeclaredLength(request);
        } catch (ApiException e) {
            slots.leave(client);
            refuse(request, response, e);
            return;
        }
        if (request.isAsyncSupported()) {
            AsyncContext async = request.startAsync();
            async.setTimeout(0); // handling may take long; the body's own deadline is kept by expireLateBodies
            AsyncBodyRead read = new AsyncBodyRead(this, request, response, async, () -> slots.leave(client));
            reading.add(read);
            async.addListener(read);
            request.getInputStream().setReadListener(read);
            return;
        }
        try {
            ReceivedBytes raw;
            try (InputStream in = request.getInputStream()) {
                raw = reader.readLimited(in, "request body");
            } catch (ApiException e) {
                refuse(request, response, e);
                return;
            } catch (IOException | RuntimeException e) {
                bodyBroke(request, response, e);
                return;
            }
            respond(request, response, raw);
        } finally {
            slots.leave(client);
        }
    }

    /** Answers a request whose body arrived whole. */
    void respond(HttpServletRequest request, HttpServletResponse response, ReceivedBytes raw) {
        ApiResponse answer;
        try {
            answer = api.handle(reader.read(request, raw));
        } catch (ApiException e) {
            refuse(request, response, e);
            return;
        } catch (StageErroredException e) {
            LOG.warn("Morango API {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            answer = ApiResponse.json(500, detail(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Morango API {} {} failed", request.getMethod(), request.getRequestURI(), e);
            answer = ApiResponse.json(500, detail("internal server error: " + e.getClass().getSimpleName()
                    + "; see the server's log"));
        }
        write(request, response, answer);
    }

    /** The client's body broke off or was malformed (a bad chunk): 400 if it can still be told, one log line. */
    void bodyBroke(HttpServletRequest request, HttpServletResponse response, Throwable cause) {
        String why = oneLine(cause);
        LOG.info("Morango API {} {} from {}: the request body broke off or is malformed: {}", request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr(), why);
        refuse(request, response, ApiException.badRequest("the request body broke off or is malformed: " + why));
    }

    /** A body that came too slowly: 408, one log line, and the connection is closed. */
    void bodyLate(HttpServletRequest request, HttpServletResponse response, long received) {
        LOG.info("Morango API {} {} from {}: request body too slow ({} bytes received), connection closed",
                request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), received);
        refuse(request, response, new ApiException(408, "the request body did not arrive in time: " + received
                + " bytes in more than " + limits.bodyTimeout().toSeconds() + " s (at least "
                + limits.minBodyBytesPerSecond() + " bytes/s are needed after that)"));
    }

    RequestLimits limits() {
        return limits;
    }

    void doneReading(AsyncBodyRead read) {
        reading.remove(read);
    }

    private void expireLateBodies() {
        long now = System.nanoTime();
        for (AsyncBodyRead read : reading) {
            try {
                read.expireIfLate(now);
            } catch (RuntimeException e) {
                LOG.debug("expiring a late request body failed", e);
            }
        }
    }

    void refuse(HttpServletRequest request, HttpServletResponse response, ApiException e) {
        if (e.status() == 413 || e.status() == 408 || e.status() == 429 || e.status() == 400
                && e.getMessage().startsWith("the request body broke off")) {
            // The unread rest of the body is still on the connection: the client must not reuse it.
            response.setHeader("Connection", "close");
        }
        write(request, response, new ApiResponse(e.status(), detail(e.getMessage()), e.headers(), false));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, ApiResponse answer) {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.setStatus(answer.status());
            answer.headers().forEach(response::setHeader);
            if (answer.json() == null) {
                response.setContentLength(0);
                return;
            }
            byte[] body = answer.bytes();
            response.setContentType("application/json");
            String accept = request.getHeader("Accept-Encoding");
            if (answer.compressible() && accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4 + 64);
                try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                    gzip.write(body);
                }
                body = zipped.toByteArray();
                response.setHeader("Content-Encoding", "gzip");
                response.setHeader("Vary", "Accept-Encoding");
            }
            response.setContentLength(body.length);
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Morango API {} {}: the answer could not be sent to {}: {}", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr(), oneLine(e));
        }
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                : t.getMessage();
        return message.replaceAll("\\s+", " ");
    }

    /** {@code {"detail": message}}, the shape of every refusal. */
    static String detail(String message) {
        return ErrorDetail.json(message);
    }
}
