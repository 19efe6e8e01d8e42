-- V1 (SQLite): Morango 0.8.2's tables, with Django's table and column names, so that rows compare
-- column for column with a Morango database (see shared/vectors/morango/state-*.json).
-- Deliberate differences from Morango:
--   * counters are BIGINT; timestamps are UTC text of fixed width (2026-11-22T18:05:35.938496Z),
--     always bound by the engine (no SQL default: a default's format would sort differently);
--   * foreign keys cascade in the database (Django emulates on_delete in Python) and are
--     DEFERRABLE INITIALLY DEFERRED, as Django creates them;
--   * at most one current database id and one current instance (partial unique indexes);
--   * stages, statuses and connection kinds are checked against their wire names;
--   * the certificate tree is navigated through parent_id (WITH RECURSIVE), so django-mptt's
--     lft/rght/tree_id/level columns are not kept;
--   * transfer sessions have an error column, and plugin attributes live in fs_session_attribute
--     (one row per key) rather than inside sync_session.extra_fields.
-- Never upsert with REPLACE: it deletes the old row first, and that cascades.

CREATE TABLE morango_databaseidmodel (
    id                  VARCHAR(32)  NOT NULL PRIMARY KEY,
    current             BOOLEAN      NOT NULL DEFAULT 1,
    date_generated      TEXT         NOT NULL,
    initial_instance_id VARCHAR(32)  NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX fs_databaseidmodel_one_current ON morango_databaseidmodel (current) WHERE current;

CREATE TABLE morango_instanceidmodel (
    id          VARCHAR(32)   NOT NULL PRIMARY KEY,
    platform    TEXT          NOT NULL,
    hostname    TEXT          NOT NULL,
    sysversion  TEXT          NOT NULL,
    node_id     VARCHAR(20)   NOT NULL DEFAULT '',
    database_id VARCHAR(32)   NOT NULL
                REFERENCES morango_databaseidmodel (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    counter     BIGINT        NOT NULL DEFAULT 0,
    current     BOOLEAN       NOT NULL DEFAULT 1,
    db_path     VARCHAR(1000) NOT NULL,
    system_id   VARCHAR(100)  NOT NULL DEFAULT ''
);
CREATE INDEX morango_instanceidmodel_database_id ON morango_instanceidmodel (database_id);
CREATE UNIQUE INDEX fs_instanceidmodel_one_current ON morango_instanceidmodel (current) WHERE current;

CREATE TABLE morango_store (
    id                          VARCHAR(32) NOT NULL PRIMARY KEY,
    profile                     VARCHAR(40) NOT NULL,
    serialized                  TEXT        NOT NULL DEFAULT '',
    deleted                     BOOLEAN     NOT NULL DEFAULT 0,
    hard_deleted                BOOLEAN     NOT NULL DEFAULT 0,
    last_saved_instance         VARCHAR(32) NOT NULL,
    last_saved_counter          BIGINT      NOT NULL,
    partition                   TEXT        NOT NULL,
    source_id                   VARCHAR(96) NOT NULL,
    model_name                  VARCHAR(40) NOT NULL,
    conflicting_serialized_data TEXT        NOT NULL DEFAULT '',
    _self_ref_fk                VARCHAR(32) NOT NULL DEFAULT '',
    dirty_bit                   BOOLEAN     NOT NULL DEFAULT 0,
    deserialization_error       TEXT        NOT NULL DEFAULT '',
    last_transfer_session_id    VARCHAR(32)
);
-- Prefix matching (partition LIKE 'p%') uses it because connections set case_sensitive_like.
CREATE INDEX idx_morango_store_partition ON morango_store (partition);
CREATE INDEX idx_morango_deserialize ON morango_store (profile, model_name, partition, dirty_bit) WHERE dirty_bit;
CREATE INDEX morango_store_last_transfer_session_id ON morango_store (last_transfer_session_id);

CREATE TABLE morango_recordmaxcounter (
    id             INTEGER     PRIMARY KEY,
    store_model_id VARCHAR(32) NOT NULL
                   REFERENCES morango_store (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    instance_id    VARCHAR(32) NOT NULL,
    counter        BIGINT      NOT NULL,
    CONSTRAINT morango_recordmaxcounter_store_model_instance_uniq UNIQUE (store_model_id, instance_id)
);

CREATE TABLE morango_databasemaxcounter (
    id          INTEGER      PRIMARY KEY,
    instance_id VARCHAR(32)  NOT NULL,
    partition   VARCHAR(128) NOT NULL DEFAULT '',
    counter     BIGINT       NOT NULL,
    CONSTRAINT morango_databasemaxcounter_instance_partition_uniq UNIQUE (instance_id, partition)
);

CREATE TABLE morango_deletedmodels (
    id      VARCHAR(32) NOT NULL PRIMARY KEY,
    profile VARCHAR(40) NOT NULL
);

CREATE TABLE morango_harddeletedmodels (
    id      VARCHAR(32) NOT NULL PRIMARY KEY,
    profile VARCHAR(40) NOT NULL
);

CREATE TABLE morango_scopedefinition (
    id                         VARCHAR(20) NOT NULL PRIMARY KEY,
    profile                    VARCHAR(20) NOT NULL,
    version                    INTEGER     NOT NULL,
    primary_scope_param_key    VARCHAR(20) NOT NULL DEFAULT '',
    description                TEXT        NOT NULL,
    read_filter_template       TEXT        NOT NULL,
    write_filter_template      TEXT        NOT NULL,
    read_write_filter_template TEXT        NOT NULL
);

CREATE TABLE morango_certificate (
    id                  VARCHAR(32) NOT NULL PRIMARY KEY,
    parent_id           VARCHAR(32)
                        REFERENCES morango_certificate (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    profile             VARCHAR(20) NOT NULL,
    scope_definition_id VARCHAR(20) NOT NULL
                        REFERENCES morango_scopedefinition (id) DEFERRABLE INITIALLY DEFERRED,
    scope_version       INTEGER     NOT NULL,
    scope_params        TEXT        NOT NULL,
    public_key          TEXT        NOT NULL,
    salt                VARCHAR(32) NOT NULL DEFAULT '',
    serialized          TEXT        NOT NULL,
    signature           TEXT        NOT NULL,
    private_key         TEXT
);
CREATE INDEX morango_certificate_parent_id ON morango_certificate (parent_id);
CREATE INDEX morango_certificate_scope_definition_id ON morango_certificate (scope_definition_id);

CREATE TABLE morango_nonce (
    id        VARCHAR(32)  NOT NULL PRIMARY KEY,
    timestamp TEXT         NOT NULL,
    ip        VARCHAR(100) NOT NULL DEFAULT ''
);
CREATE INDEX morango_nonce_timestamp ON morango_nonce (timestamp);

CREATE TABLE morango_sharedkey (
    id          INTEGER PRIMARY KEY,
    public_key  TEXT    NOT NULL,
    private_key TEXT    NOT NULL,
    current     BOOLEAN NOT NULL DEFAULT 1
);

CREATE TABLE morango_syncsession (
    id                      VARCHAR(32)   NOT NULL PRIMARY KEY,
    start_timestamp         TEXT          NOT NULL,
    last_activity_timestamp TEXT          NOT NULL,
    active                  BOOLEAN       NOT NULL DEFAULT 1,
    is_server               BOOLEAN       NOT NULL DEFAULT 0,
    client_certificate_id   VARCHAR(32)
                            REFERENCES morango_certificate (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    server_certificate_id   VARCHAR(32)
                            REFERENCES morango_certificate (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    profile                 VARCHAR(40)   NOT NULL,
    connection_kind         VARCHAR(10)   NOT NULL CHECK (connection_kind IN ('network', 'disk')),
    connection_path         VARCHAR(1000) NOT NULL,
    client_ip               VARCHAR(100)  NOT NULL DEFAULT '',
    server_ip               VARCHAR(100)  NOT NULL DEFAULT '',
    client_instance_id      VARCHAR(32),
    client_instance_json    TEXT          NOT NULL DEFAULT '{}',
    server_instance_id      VARCHAR(32),
    server_instance_json    TEXT          NOT NULL DEFAULT '{}',
    extra_fields            TEXT          NOT NULL DEFAULT '{}',
    process_id              INTEGER
);
CREATE INDEX morango_syncsession_client_certificate_id ON morango_syncsession (client_certificate_id);
CREATE INDEX morango_syncsession_server_certificate_id ON morango_syncsession (server_certificate_id);

CREATE TABLE morango_transfersession (
    id                      VARCHAR(32) NOT NULL PRIMARY KEY,
    filter                  TEXT        NOT NULL,
    push                    BOOLEAN     NOT NULL,
    active                  BOOLEAN     NOT NULL DEFAULT 1,
    records_transferred     BIGINT      NOT NULL DEFAULT 0,
    records_total           BIGINT,
    bytes_sent              BIGINT      DEFAULT 0,
    bytes_received          BIGINT      DEFAULT 0,
    sync_session_id         VARCHAR(32) NOT NULL
                            REFERENCES morango_syncsession (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    start_timestamp         TEXT        NOT NULL,
    last_activity_timestamp TEXT        NOT NULL,
    client_fsic             TEXT        NOT NULL DEFAULT '{}',
    server_fsic             TEXT        NOT NULL DEFAULT '{}',
    transfer_stage          VARCHAR(20) CHECK (transfer_stage IN ('initializing', 'serializing', 'queuing',
                                'transferring', 'dequeuing', 'deserializing', 'cleanup')),
    transfer_stage_status   VARCHAR(20) CHECK (transfer_stage_status IN ('pending', 'started', 'completed',
                                'errored')),
    error                   TEXT
);
CREATE INDEX morango_transfersession_sync_session_id ON morango_transfersession (sync_session_id);

CREATE TABLE morango_buffer (
    id                          INTEGER     PRIMARY KEY AUTOINCREMENT,
    transfer_session_id         VARCHAR(32) NOT NULL
                                REFERENCES morango_transfersession (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    model_uuid                  VARCHAR(32) NOT NULL,
    profile                     VARCHAR(40) NOT NULL,
    serialized                  TEXT        NOT NULL DEFAULT '',
    deleted                     BOOLEAN     NOT NULL DEFAULT 0,
    hard_deleted                BOOLEAN     NOT NULL DEFAULT 0,
    last_saved_instance         VARCHAR(32) NOT NULL,
    last_saved_counter          BIGINT      NOT NULL,
    partition                   TEXT        NOT NULL,
    source_id                   VARCHAR(96) NOT NULL,
    model_name                  VARCHAR(40) NOT NULL,
    conflicting_serialized_data TEXT        NOT NULL DEFAULT '',
    _self_ref_fk                VARCHAR(32) NOT NULL DEFAULT '',
    CONSTRAINT morango_buffer_transfer_session_model_uuid_uniq UNIQUE (transfer_session_id, model_uuid)
);

CREATE TABLE morango_recordmaxcounterbuffer (
    id                  INTEGER     PRIMARY KEY,
    transfer_session_id VARCHAR(32) NOT NULL
                        REFERENCES morango_transfersession (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    model_uuid          VARCHAR(32) NOT NULL,
    instance_id         VARCHAR(32) NOT NULL,
    counter             BIGINT      NOT NULL
);
CREATE INDEX morango_recordmaxcounterbuffer_model_uuid ON morango_recordmaxcounterbuffer (model_uuid);
CREATE INDEX morango_recordmaxcounterbuffer_transfer_session_id
    ON morango_recordmaxcounterbuffer (transfer_session_id, model_uuid);

-- Plugin attributes of a sync session (sync-api SessionAttributes): one row per key, so that a put is
-- one atomic upsert and concurrent plugins never overwrite each other's keys.
CREATE TABLE fs_session_attribute (
    sync_session_id VARCHAR(32) NOT NULL
                    REFERENCES morango_syncsession (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    key             TEXT        NOT NULL,
    value           TEXT        NOT NULL,
    PRIMARY KEY (sync_session_id, key)
);
