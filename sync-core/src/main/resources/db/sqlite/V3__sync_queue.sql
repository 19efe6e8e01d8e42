-- Devices queueing for a sync slot on a busy server (Kolibri's kolibri_core_device_syncqueue): in the
-- database, so that every process of a hub tier admits from one queue.
CREATE TABLE fs_sync_queue (
    id          VARCHAR(32) NOT NULL PRIMARY KEY,
    user_id     VARCHAR(32) NOT NULL,
    instance_id VARCHAR(32) NOT NULL,
    queued      REAL        NOT NULL,
    updated     REAL        NOT NULL,
    keep_alive  REAL        NOT NULL,
    last_sync   REAL,
    status      VARCHAR(20) NOT NULL,
    UNIQUE (user_id, instance_id)
);
CREATE INDEX fs_sync_queue_status ON fs_sync_queue (status);
