-- V3 (PostgreSQL): what the exchange (queuing, buffer chunks, dequeuing) and the JDBC transfer-session
-- store need beyond Morango's tables. Same objects as db/sqlite/V3__exchange_queue_transfer_dequeue.sql.

-- Queuing selects "records last saved by instance I above counter c" per FSIC diff entry: with this
-- index an incremental queue reads only the changed records, not the whole partition.
CREATE INDEX fs_store_last_saved ON morango_store (last_saved_instance, last_saved_counter);

-- The receiver's FSIC instance reduction asks "does some record under partition P have a record max
-- counter of instance I": this index answers it from I's rows instead of scanning the partition.
CREATE INDEX fs_recordmaxcounter_instance ON morango_recordmaxcounter (instance_id);

-- Buffer chunks go out in buffer key order per transfer session (Morango's order_by("pk")).
CREATE INDEX fs_buffer_transfer_session_order ON morango_buffer (transfer_session_id, id);

-- A record max counter buffer row names the buffer row it travels with (fs_buffer_id), and is found
-- through it: a chunk's RMCBs are one key range, dequeuing joins on it. This replaces Morango's indexes
-- on the random model uuid, which made every received chunk rewrite pages all over two indexes (three
-- times slower receiving on SQLite); the buffer's own (transfer_session_id, model_uuid) constraint
-- still answers "is this record buffered".
ALTER TABLE morango_recordmaxcounterbuffer ADD COLUMN fs_buffer_id BIGINT;
DROP INDEX morango_recordmaxcounterbuffer_model_uuid;
DROP INDEX morango_recordmaxcounterbuffer_transfer_session_id;
CREATE INDEX fs_recordmaxcounterbuffer_buffer ON morango_recordmaxcounterbuffer (transfer_session_id, fs_buffer_id);

-- Garbage collection looks for active transfer sessions inactive since a cutoff.
CREATE INDEX fs_transfersession_active_activity ON morango_transfersession (active, last_activity_timestamp);

-- Facts a transfer session begins with that Morango keeps on other objects (the sync session's role,
-- the negotiated capabilities, the certificates), so that a persisted session says everything its
-- TransferSessionRow says. Capabilities are space-separated, sorted.
ALTER TABLE morango_transfersession ADD COLUMN fs_server BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE morango_transfersession ADD COLUMN fs_capabilities TEXT NOT NULL DEFAULT '';
ALTER TABLE morango_transfersession ADD COLUMN fs_dataset_id TEXT;
ALTER TABLE morango_transfersession ADD COLUMN fs_local_single_user BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE morango_transfersession ADD COLUMN fs_remote_single_user BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE morango_transfersession ADD COLUMN fs_single_user_id TEXT;

-- Records a receiver refused (bad model uuid, partition outside the filter, foreign RMCB, malformed):
-- not buffered, kept here with the reason. One row per record and transfer session, so that a chunk
-- received twice records (and counts) each refusal once. record_key is the model uuid, or a hash of
-- the record's JSON when it has no usable model uuid; model_uuid and model_name are as received.
CREATE TABLE fs_transfer_record_error (
    transfer_session_id VARCHAR(32) NOT NULL
                        REFERENCES morango_transfersession (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    record_key          TEXT        NOT NULL,
    model_uuid          TEXT,
    model_name          TEXT,
    reason              TEXT        NOT NULL,
    at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (transfer_session_id, record_key)
);
