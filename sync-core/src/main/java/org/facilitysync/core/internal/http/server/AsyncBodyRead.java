package org.facilitysync.core.internal.http.server;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * One request body read as it arrives, without a thread waiting for it: the container calls back when
 * bytes are there, the body is answered once it is whole, refused at once when it passes the size
 * limit, breaks off or is malformed, and refused with 408 by the servlet's timer when it comes too
 * slowly. Exactly one of those ends it; the client's slot is given back once.
 */
final class AsyncBodyRead implements ReadListener, AsyncListener {

    private enum State { READING, ANSWERING, ENDED }

    private final MorangoApiServlet servlet;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;
    private final Runnable releaseSlot;
    private final long startNanos = System.nanoTime();
    private final ReceivedBytes body = new ReceivedBytes();
    private final byte[] buffer = new byte[16 * 1024];
    private long received;
    private State state = State.READING;
    private boolean released;

    AsyncBodyRead(MorangoApiServlet servlet, HttpServletRequest request, HttpServletResponse response,
                  AsyncContext async, Runnable releaseSlot) {
        this.servlet = servlet;
        this.request = request;
        this.response = response;
        this.async = async;
        this.releaseSlot = releaseSlot;
    }

    @Override
    public void onDataAvailable() throws IOException {
        ServletInputStream in = request.getInputStream();
        synchronized (this) {
            while (state == State.READING && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                received += n;
                if (received > servlet.limits().maxBodyBytes()) {
                    end();
                    servlet.refuse(request, response, new ApiException(413, "request body is over this server's limit of "
                            + servlet.limits().maxBodyBytes() + " bytes"));
                    finish();
                    return;
                }
                body.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void onAllDataRead() {
        synchronized (this) {
            if (state != State.READING) {
                return;
            }
            state = State.ANSWERING;
            servlet.doneReading(this);
        }
        try {
            servlet.respond(request, response, body);
        } finally {
            finish();
        }
    }

    @Override
    public void onError(Throwable cause) {
        synchronized (this) {
            if (state != State.READING) {
                return;
            }
            end();
        }
        servlet.bodyBroke(request, response, cause);
        finish();
    }

    /** Called by the servlet's timer: refuses the body with 408 when it is late. */
    void expireIfLate(long nowNanos) {
        synchronized (this) {
            if (state != State.READING || nowNanos - servlet.limits().deadlineNanos(startNanos, received) < 0) {
                return;
            }
            end();
        }
        servlet.bodyLate(request, response, received);
        finish();
    }

    private void end() {
        state = State.ENDED;
        servlet.doneReading(this);
    }

    private void finish() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container ended it first (the client went away)
        }
        release();
    }

    private synchronized void release() {
        if (!released) {
            released = true;
            releaseSlot.run();
        }
    }

    // AsyncListener: the container ends the request (an error on the connection, or after complete())

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            if (state == State.READING) {
                end();
            }
        }
        release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // no container timeout is set
    }

    @Override
    public void onError(AsyncEvent event) {
        onComplete(event); // the request ends either way: stop reading, give the slot back
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
