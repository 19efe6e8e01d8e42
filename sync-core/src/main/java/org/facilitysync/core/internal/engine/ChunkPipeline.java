package org.facilitysync.core.internal.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The next chunk of one client transfer, made ready on another thread while the current one is in
 * flight (push: read from this node's buffer and written as the request body while the previous POST is
 * under way and the peer stores it) or being stored (pull: the next page fetched while this one is
 * written). Two cores then work at once where the transfer otherwise waits on one side at a time.
 *
 * <p>Only a look-ahead, never state: the offset that counts stays the session's stored
 * {@code records_transferred}, a chunk made ready for another offset is dropped, and nothing made ahead
 * is written anywhere; so a crash, an error or a resume loses and repeats nothing. At most one chunk
 * ahead, so memory stays bounded by the chunk size.
 */
final class ChunkPipeline {

    private static final ExecutorService AHEAD = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "facilitysync-chunk-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private long offset = -1;
    private Future<?> next;

    /**
     * The chunk at {@code offset}: the one made ahead for that offset when there is one (waiting for it,
     * and failing as making it failed), otherwise {@code make}'s, made now.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> T take(long offset, Callable<T> make) {
        Future<?> ahead = next;
        boolean matches = ahead != null && this.offset == offset;
        next = null;
        this.offset = -1;
        if (matches) {
            return (T) await(ahead);
        }
        if (ahead != null) {
            ahead.cancel(false);
        }
        return callNow(make);
    }

    /** Starts making the chunk at {@code offset}, dropping whatever was made ahead before. */
    synchronized void ahead(long offset, Callable<?> make) {
        clear();
        this.offset = offset;
        this.next = AHEAD.submit(make);
    }

    /** Drops what was made ahead (the transfer ended or was given up); work under way finishes unseen. */
    synchronized void clear() {
        if (next != null) {
            next.cancel(false);
        }
        next = null;
        offset = -1;
    }

    private static Object await(Future<?> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next chunk", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("the next chunk was dropped while being waited for", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime; // as if it had been made on this thread: same type, same message
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private static <T> T callNow(Callable<T> make) {
        try {
            return make.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
