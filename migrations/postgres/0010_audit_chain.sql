-- +goose Up
-- The audit log becomes tamper-evident and append-only (issue 7).
-- seq is the entry's place in the hash chain (NULL for entries written
-- before this migration, which the chain does not cover); hash is SHA-256
-- over the entry's canonical encoding and prev_hash, the hash of entry
-- seq-1 ('' for the first). state_before/state_after hold the changed
-- object as JSON before and after the change ('' when not recorded).
ALTER TABLE audit_log ADD COLUMN state_before TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN state_after TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
-- Unique: two writers that ever raced for one place fail instead of forking.
CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq);
CREATE INDEX audit_log_ip_idx ON audit_log (ip, at);

-- No update, delete or truncate path, even by mistake: refused here.
-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_no_change ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP INDEX audit_log_ip_idx;
DROP INDEX audit_log_seq_idx;
ALTER TABLE audit_log DROP COLUMN hash;
ALTER TABLE audit_log DROP COLUMN prev_hash;
ALTER TABLE audit_log DROP COLUMN seq;
ALTER TABLE audit_log DROP COLUMN state_after;
ALTER TABLE audit_log DROP COLUMN state_before;
