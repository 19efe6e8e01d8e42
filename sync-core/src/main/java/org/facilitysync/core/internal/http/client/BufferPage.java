package org.facilitysync.core.internal.http.client;

import java.util.List;

import org.facilitysync.core.internal.exchange.BufferRecord;

/**
 * One page of a producer's buffer ({@code GET buffers/}).
 *
 * @param count how many records the transfer session has in all (-1 when the peer sent a bare list)
 * @param next the peer's absolute link to the next page, or null
 * @param records the records of the page, in the peer's order
 */
public record BufferPage(long count, String next, List<BufferRecord> records) {

    public BufferPage {
        records = List.copyOf(records);
    }
}
