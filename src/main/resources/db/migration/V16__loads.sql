-- Initial loads (org.customerhub.load): one row per load, its counts and its checkpoint, written in the transaction of
-- each batch it commits, so a hub's console shows a load run by another process and the same command resumes it.
CREATE TABLE load_run (
    load_id        VARCHAR(40)   PRIMARY KEY,
    channel        VARCHAR(40)   NOT NULL,
    sources        VARCHAR(4000) NOT NULL,
    mapping        VARCHAR(400),
    dry_run        BOOLEAN       NOT NULL,
    state          VARCHAR(20)   NOT NULL,
    detail         VARCHAR(1000),
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at    TIMESTAMP WITH TIME ZONE,
    bytes_total    BIGINT NOT NULL,
    bytes_read     BIGINT NOT NULL,
    read_count     BIGINT NOT NULL,
    valid_count    BIGINT NOT NULL,
    rejected_count BIGINT NOT NULL,
    created_count  BIGINT NOT NULL,
    matched_count  BIGINT NOT NULL,
    merged_count   BIGINT NOT NULL,
    possible_count BIGINT NOT NULL,
    repeated_count BIGINT NOT NULL,
    -- the checkpoint: files before file_index are done, and the first file_records records of that file
    file_index     INT    NOT NULL,
    file_records   BIGINT NOT NULL,
    -- how long that file's reject file was at the checkpoint: a resumed load cuts it back, so no reject is written twice
    reject_bytes   BIGINT NOT NULL
);
CREATE INDEX load_run_started ON load_run (started_at);

-- Records read so far, sampled at every committed batch: the rate chart of the console's Loads page.
CREATE TABLE load_sample (
    load_id    VARCHAR(40) NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    read_count BIGINT NOT NULL
);
CREATE INDEX load_sample_load ON load_sample (load_id, at);
