package org.facilitysync.core.internal.exchange;

import java.util.List;

/**
 * What became of one received chunk.
 *
 * @param received how many records the chunk held
 * @param buffered how many of them were new and are now in the buffer
 * @param alreadyReceived how many were in the buffer (or refused) already: a chunk sent again
 * @param rejected the records refused in this chunk, whether first refused now or before
 * @param recordsTransferred the transfer session's count after the chunk: every distinct record
 *        received so far, buffered or refused
 */
public record ReceivedChunk(int received, int buffered, int alreadyReceived, List<RecordRejection> rejected,
                            long recordsTransferred) {

    public ReceivedChunk {
        rejected = List.copyOf(rejected);
    }
}
