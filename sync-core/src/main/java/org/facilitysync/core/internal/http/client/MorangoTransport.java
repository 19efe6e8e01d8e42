package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a {@link MorangoHttpClient}'s calls reach the peer: each {@link Call} sent under Morango's API path with
 * the headers of Morango 0.8's client (User-Agent, {@code X-Morango-Capabilities}, gzip accepted), its answer
 * inflated ({@link GzipBody}), redirects within the peer followed ({@link Redirects}), failures retried with
 * backoff within the {@link RetryPolicy}'s deadline ({@link CallAttempts}), bytes and request times counted.
 * HTTP/1.1, as Morango's servers speak it.
 *
 * <p><b>Retries.</b> Only where repeating cannot do harm:
 * <ul>
 * <li>A connection that could not be opened (refused, connect timeout): always, since the request
 * never left.</li>
 * <li>A 5xx answer, a broken connection or a timeout after the request was sent: only for requests
 * whose repetition leaves the peer as one request would — every GET; PATCH of a transfer session
 * (absolute field values, and asking for a stage the peer already reached does nothing); DELETE (a
 * repeated DELETE that finds the session gone, 404, counts as done); and {@code POST nonces/} (an
 * unused extra nonce just expires).</li>
 * <li>Never blindly for the other POSTs: {@code syncsessions/} consumes its single-use nonce (the
 * handshake must be redone with a new one), {@code transfersessions/} would exist twice (the engine
 * asks whether it exists before creating it again), {@code buffers/} would append the chunk twice
 * (the engine resumes from the offset the peer reports), and a CSR would issue a second certificate.</li>
 * </ul>
 * A 4xx answer is never retried: it is the peer's refusal, and its message reaches the caller in a
 * {@link MorangoHttpException}. The loop is this project's own rather than a retry library's: which failure
 * may be retried depends on the call and on the attempt (a DELETE's 404, refusals in a row), and no attempt
 * starts that the deadline would cut short, where a library's maximum duration shortens the last delay and
 * tries anyway.
 */
final class MorangoTransport {

    /** Where Morango's API lives under a peer's base URL. */
    static final String API_PATH = "api/morango/v1/";

    /** The capabilities this client announces, in the order Morango 0.8 sends them. */
    static final List<String> CAPABILITIES = List.of("ASYNC_OPERATIONS", "FSIC_V2_FORMAT", "GZIP_BUFFER_POST");

    private static final String CAPABILITIES_HEADER = "X-Morango-Capabilities";

    private final URI baseUrl;
    private final URI apiUrl;
    private final HttpClient http;
    private final String userAgent;
    private final RetryPolicy retry;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final RequestTimes requestTimes = new RequestTimes();

    /**
     * @param baseUrl the peer's base URL, as {@link PeerBaseUrl#of} checks it
     * @param trustedCertificatePem the only certificate(s) trusted for https, or null for the JDK's default trust
     */
    MorangoTransport(URI baseUrl, String userAgent, RetryPolicy retry, Duration connectTimeout,
            String trustedCertificatePem) {
        this.baseUrl = baseUrl;
        this.apiUrl = baseUrl.resolve(API_PATH);
        this.userAgent = userAgent;
        this.retry = retry;
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout);
        if (trustedCertificatePem != null) {
            http.sslContext(TlsTrust.trusting(trustedCertificatePem));
        }
        this.http = http.build();
    }

    /** The call's answer, after as many attempts as its retry rules and the deadline allow. */
    Response send(Call call) {
        CallAttempts attempts = new CallAttempts(call, apiUrl.resolve(call.path), retry);
        while (true) {
            attempts.begin();
            Response response = attempt(call, attempts);
            if (response != null) {
                return response;
            }
            long delay = retry.delayAfter(attempts.count()).toNanos();
            if (!attempts.mayRetry(delay)) {
                throw attempts.gaveUp();
            }
            attempts.retrying(delay);
            try {
                Thread.sleep(delay / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw attempts.interruptedWhileWaiting(e);
            }
        }
    }

    /** One attempt, redirects included: the answer, or null when it failed (as {@code attempts} records). */
    private Response attempt(Call call, CallAttempts attempts) {
        try {
            while (true) {
                URI uri = attempts.uri();
                Duration timeout = attempts.requestTimeout();
                long sent = System.nanoTime();
                HttpResponse<byte[]> response;
                try {
                    response = http.send(request(call, uri, timeout), HttpResponse.BodyHandlers.ofByteArray());
                } finally {
                    requestTimes.record(call.method, uri, System.nanoTime() - sent);
                }
                byte[] raw = response.body() == null ? new byte[0] : response.body();
                bytesReceived.addAndGet(raw.length);
                int status = response.statusCode();
                attempts.answered(status);
                byte[] body = GzipBody.decode(raw, response.headers().firstValue("Content-Encoding").orElse(null));
                if (status >= 200 && status < 300) {
                    return new Response(status, body, uri, call.method);
                }
                if (status >= 300 && status < 400) {
                    attempts.redirect(response); // following a redirect is not a failed attempt
                    continue;
                }
                return attempts.errorAnswer(status, body);
            }
        } catch (IOException e) {
            attempts.noAnswer(e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw attempts.interrupted(e);
        }
    }

    private HttpRequest request(Call call, URI uri, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", "gzip, deflate")
                .header("Accept", "application/json")
                .header(CAPABILITIES_HEADER, String.join(" ", CAPABILITIES));
        if (call.contentType != null) {
            // Morango's client sends the gzip content type's name in lower case; the name is case-insensitive
            request.header(call.contentType.equals("application/gzip") ? "content-type" : "Content-Type",
                    call.contentType);
        }
        call.headers.forEach(request::header);
        if (call.body == null) {
            request.method(call.method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
            bytesSent.addAndGet(call.body.length);
        }
        return request.build();
    }

    /** The peer's base URL, ending with {@code /} (Morango's {@code connection_path}). */
    URI baseUrl() {
        return baseUrl;
    }

    /** The base of every call's path: Morango's API under the base URL. */
    URI apiUrl() {
        return apiUrl;
    }

    long bytesSent() {
        return bytesSent.get();
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    RequestTimes requestTimes() {
        return requestTimes;
    }
}
