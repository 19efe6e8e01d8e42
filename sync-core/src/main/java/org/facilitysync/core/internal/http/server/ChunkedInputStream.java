package org.facilitysync.core.internal.http.server;

import java.io.IOException;
import java.io.InputStream;

/** A stream that reads in chunks only; its single-byte read is the chunked one, for one byte. */
abstract class ChunkedInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] into, int offset, int length) throws IOException;
}
