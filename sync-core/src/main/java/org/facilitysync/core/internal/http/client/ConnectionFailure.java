package org.facilitysync.core.internal.http.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import javax.net.ssl.SSLHandshakeException;

/**
 * What an exception of the JDK's HTTP client tells about a request that got no answer: whether it ever left,
 * whether nothing listens at the address, whether TLS refused the peer's certificate; and how to name it in one
 * line. The JDK wraps the telling exception at varying depths, so each question walks the causes.
 */
final class ConnectionFailure {

    private ConnectionFailure() {
    }

    /** Whether the connection was refused: nothing listens at the address. */
    static boolean refused(IOException e) {
        return causedBy(e, ConnectException.class);
    }

    /** Whether the request certainly never reached the peer (so repeating any request is safe). */
    static boolean neverSent(IOException e) {
        return causedBy(e, ConnectException.class, HttpConnectTimeoutException.class,
                UnresolvedAddressException.class, UnknownHostException.class);
    }

    /** Whether the TLS handshake failed: asking again will not make the peer's certificate trusted. */
    static boolean untrusted(IOException e) {
        return causedBy(e, SSLHandshakeException.class);
    }

    /** The failure in a few words: "timed out" or the exception's kind, with its message where it has one. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        String kind = e instanceof HttpTimeoutException ? "timed out" : e.getClass().getSimpleName();
        if (message == null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return message == null ? kind : kind + " (" + message + ")";
    }

    @SafeVarargs
    private static boolean causedBy(Throwable e, Class<? extends Throwable>... kinds) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> kind : kinds) {
                if (kind.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
