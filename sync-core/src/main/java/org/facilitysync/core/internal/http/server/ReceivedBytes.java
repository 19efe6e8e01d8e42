package org.facilitysync.core.internal.http.server;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A request body's bytes as they arrived, in blocks of {@value #BLOCK} bytes: never one array (growing a
 * single array copies the body again and again, and its final copy doubles it). Read once through
 * {@link #stream()}, which lets go of each block as soon as it has been read, so a body being parsed
 * shrinks while what is made of it grows.
 */
final class ReceivedBytes {

    static final int BLOCK = 64 * 1024;

    private final Deque<byte[]> blocks = new ArrayDeque<>();
    private byte[] current;
    private int filled;
    private long size;
    private boolean streamed;

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    void write(byte[] bytes, int offset, int length) {
        size += length;
        while (length > 0) {
            if (current == null || filled == current.length) {
                current = new byte[BLOCK];
                filled = 0;
                blocks.addLast(current);
            }
            int n = Math.min(length, current.length - filled);
            System.arraycopy(bytes, offset, current, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    /** How many bytes arrived. */
    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bytes, once: each block is dropped when it has been read. */
    InputStream stream() {
        if (streamed) {
            throw new IllegalStateException("a request body is read once");
        }
        streamed = true;
        if (current != null && filled < current.length) {
            blocks.removeLast();
            blocks.addLast(Arrays.copyOf(current, filled)); // the last block, trimmed: a small copy
        }
        current = null;
        return new ChunkedInputStream() {
            private byte[] block = blocks.pollFirst();
            private int position;

            @Override
            public int read(byte[] into, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                while (block != null && position == block.length) {
                    block = blocks.pollFirst();
                    position = 0;
                }
                if (block == null) {
                    return -1;
                }
                int n = Math.min(length, block.length - position);
                System.arraycopy(block, position, into, offset, n);
                position += n;
                return n;
            }
        };
    }
}
