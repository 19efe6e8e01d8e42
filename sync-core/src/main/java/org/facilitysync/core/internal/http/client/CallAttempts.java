package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.facilitysync.core.internal.wire.ErrorDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one {@link Call} so far, for the {@link MorangoTransport}: its deadline, what each failure
 * was and whether it may be retried, and what the call says when it ends without an answer. The words of the
 * call's failures, in exceptions and in the log, are all written here.
 */
final class CallAttempts {

    /**
     * The retry log keeps the client's category: operators and the load test turn its debug level on by that
     * name.
     */
    private static final Logger LOG = LoggerFactory.getLogger(MorangoHttpClient.class);

    /**
     * Attempts in a row that find nothing accepting connections at the address (refused: no process
     * listens there, not even a balancer) before the call gives up, about a second with the default
     * backoff instead of the whole retry budget: a hub that is gone is reported at once. Behind a
     * balancer a dead node is never refused; the balancer's 5xx is retried, through the balancer, so
     * another node takes over.
     */
    static final int REFUSED_ATTEMPTS = 3;

    /** No attempt is started with less time than this left: it could only time out. */
    private static final long MIN_ATTEMPT_NANOS = 100_000_000L;

    private final Call call;
    private final RetryPolicy retry;
    private final long start = System.nanoTime();
    private final long deadline;
    private URI uri;
    private int attempt;
    private int redirects;
    private int refusedInARow;
    private int lastStatus;
    private String lastServerMessage;
    private String lastAnswer;
    // the attempt under way
    private String failure;
    private Throwable cause;
    private int status;
    private String serverMessage;
    private boolean retryable;
    private boolean untrustedPeer;

    CallAttempts(Call call, URI uri, RetryPolicy retry) {
        this.deadline = start + retry.deadline().toNanos();
        this.call = call;
        this.retry = retry;
        this.uri = uri;
    }

    /** Starts the next attempt. */
    void begin() {
        attempt++;
        failure = null;
        cause = null;
        status = 0;
        serverMessage = null;
        retryable = false;
        untrustedPeer = false;
    }

    /** Where the call goes now: its URL, or where the peer redirected it. */
    URI uri() {
        return uri;
    }

    int count() {
        return attempt;
    }

    /** The timeout of the request about to be sent: the attempt's, cut to what is left of the deadline. */
    Duration requestTimeout() {
        long remaining = deadline - System.nanoTime();
        return Duration.ofNanos(Math.max(1_000_000L, Math.min(remaining, retry.attemptTimeout().toNanos())));
    }

    /** The peer answered with {@code status}; its body is yet to be read. */
    void answered(int status) {
        this.status = status;
    }

    /** The peer redirected the request: it goes there within the same attempt (see {@link Redirects}). */
    void redirect(HttpResponse<?> response) {
        uri = Redirects.target(call, uri, response, ++redirects);
        status = 0;
    }

    /**
     * The peer answered with an error: a 4xx ends the call as the peer's refusal; a 5xx failed the attempt (null);
     * a 404 to a repeated DELETE stands for the success that an earlier attempt had but whose answer was lost.
     */
    Response errorAnswer(int status, byte[] body) {
        serverMessage = ErrorDetail.describe(new String(body, StandardCharsets.UTF_8));
        failure = "HTTP " + status + (serverMessage == null ? "" : ": " + serverMessage);
        if (status == 404 && attempt > 1 && call.method.equals("DELETE")) {
            return new Response(204, new byte[0], uri, call.method);
        }
        if (status < 500) {
            throw new MorangoHttpException(call.method, uri, status, serverMessage,
                    call.method + " " + uri + " was refused by the peer: " + failure, null);
        }
        retryable = call.repeatable;
        lastStatus = status;
        lastServerMessage = serverMessage;
        lastAnswer = failure;
        return null;
    }

    /** The attempt got no answer; a third refused connection in a row ends the call (see {@link #REFUSED_ATTEMPTS}). */
    void noAnswer(IOException e) {
        cause = e;
        boolean notSent = ConnectionFailure.neverSent(e);
        failure = (notSent ? "cannot connect: " : "") + ConnectionFailure.describe(e);
        retryable = call.repeatable || notSent;
        refusedInARow = ConnectionFailure.refused(e) ? refusedInARow + 1 : 0;
        if (refusedInARow >= REFUSED_ATTEMPTS) {
            throw new MorangoHttpException(call.method, uri, lastStatus, lastServerMessage, call.method + " "
                    + uri + " failed: cannot connect: nothing accepts connections at " + uri.getHost() + ":"
                    + Redirects.port(uri) + " (" + attempt + " attempts in " + seconds(System.nanoTime() - start)
                    + "); the peer is not running there, or not on that port", e);
        }
        if (ConnectionFailure.untrusted(e)) {
            untrustedPeer = true;
            // the peer's certificate will not become trusted by asking again
            failure = "TLS handshake failed, the peer's certificate is not trusted (for a self-signed hub,"
                    + " give its certificate to trust): " + ConnectionFailure.describe(e);
            retryable = false;
        }
        if (status == 0 && lastStatus != 0) {
            // a later attempt got no answer at all: the peer's last words say more about it
            status = lastStatus;
            serverMessage = lastServerMessage;
            failure = failure + " (before that: " + lastAnswer + ")";
        }
    }

    /** Whether the failed attempt may be followed by another after {@code delayNanos}, within the deadline. */
    boolean mayRetry(long delayNanos) {
        boolean timeLeft = System.nanoTime() + delayNanos + MIN_ATTEMPT_NANOS < deadline;
        return retryable && attempt < retry.maxAttempts() && timeLeft;
    }

    /** The end of a call whose last attempt failed and may not be retried: why, and what the peer said. */
    MorangoHttpException gaveUp() {
        String why = !retryable ? (call.repeatable || untrustedPeer ? "" : " (not retried: repeating this request is not safe)")
                : attempt >= retry.maxAttempts() ? "" : " (deadline of " + seconds(retry.deadline().toNanos()) + " reached)";
        return new MorangoHttpException(call.method, uri, status, serverMessage, call.method + " " + uri
                + " failed after " + attempt + (attempt == 1 ? " attempt" : " attempts") + " in "
                + seconds(System.nanoTime() - start) + ": " + failure + why, cause);
    }

    /** Logs the failed attempt before the next, the first at once (not after the whole retry budget). */
    void retrying(long delayNanos) {
        if (attempt == 1) {
            LOG.warn("{} {} failed: {}; retrying (up to {} attempts within {})", call.method, uri, failure,
                    retry.maxAttempts(), seconds(retry.deadline().toNanos()));
        }
        LOG.debug("{} {} failed (attempt {}): {}; retrying in {} ms", call.method, uri, attempt, failure,
                delayNanos / 1_000_000);
    }

    MorangoHttpException interrupted(InterruptedException e) {
        return new MorangoHttpException(call.method, uri, 0, null, call.method + " " + uri + " was interrupted", e);
    }

    MorangoHttpException interruptedWhileWaiting(InterruptedException e) {
        return new MorangoHttpException(call.method, uri, status, serverMessage, call.method + " " + uri
                + " was interrupted while waiting to retry after: " + failure, e);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
