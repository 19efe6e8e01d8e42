-- Devices queueing for a sync slot on a busy server (Kolibri's kolibri_core_device_syncqueue): in the
-- database, so that every process of a hub tier admits from one queue.
CREATE TABLE fs_sync_queue (
    id          VARCHAR(32)      NOT NULL PRIMARY KEY,
    user_id     VARCHAR(32)      NOT NULL,
    instance_id VARCHAR(32)      NOT NULL,
    queued      DOUBLE PRECISION NOT NULL,
    updated     DOUBLE PRECISION NOT NULL,
    keep_alive  DOUBLE PRECISION NOT NULL,
    last_sync   DOUBLE PRECISION,
    status      VARCHAR(20)      NOT NULL,
    UNIQUE (user_id, instance_id)
);
CREATE INDEX fs_sync_queue_status ON fs_sync_queue (status);
