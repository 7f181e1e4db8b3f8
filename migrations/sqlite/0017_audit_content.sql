-- +goose Up
-- Audit chain version 2 (issue 14, finding 9): an entry's content (detail,
-- state before and after) moves to audit_content, and the chain hashes
-- digests of it, so that the content of a record later made sensitive or
-- classified can be erased without breaking the chain. Entries written
-- before keep chain_version 1 and their content in audit_log, hashed raw.
-- detail_sha/before_sha/after_sha are hex SHA-256 over the content row's
-- salt and the text; the salt is erased with the text, so that the digest
-- left behind confirms no guess of what was erased.
ALTER TABLE audit_log ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN detail_sha TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN before_sha TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN after_sha TEXT NOT NULL DEFAULT '';

-- level is the sensitivity of the object when the entry was written
-- ('' when the entry does not say): content written at a level that keeps
-- text is erased once the object is raised above it.
CREATE TABLE audit_content (
    entry_id     INTEGER PRIMARY KEY REFERENCES audit_log (id),
    level        TEXT NOT NULL DEFAULT '',
    salt         TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    state_before TEXT NOT NULL DEFAULT '',
    state_after  TEXT NOT NULL DEFAULT '',
    erased       BOOLEAN NOT NULL DEFAULT 0
);

-- The only change a content row accepts is its erasure: text and salt
-- emptied, erased set, nothing else touched. It is never deleted.
-- +goose StatementBegin
CREATE TRIGGER audit_content_erase_only BEFORE UPDATE ON audit_content
WHEN NOT (NEW.entry_id = OLD.entry_id AND NEW.level = OLD.level AND NEW.erased = 1
          AND NEW.salt = '' AND NEW.detail = '' AND NEW.state_before = '' AND NEW.state_after = '')
BEGIN
    SELECT RAISE(ABORT, 'audit_content may only be erased');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_content_no_delete BEFORE DELETE ON audit_content
BEGIN
    SELECT RAISE(ABORT, 'audit_content may only be erased');
END;
-- +goose StatementEnd

-- audit_entries reads every entry with its content, whichever version:
-- for whoever reads the log in SQL (and the tests); the application reads
-- the same through account.WithContent.
CREATE VIEW audit_entries AS
SELECT audit_log.id, audit_log.at, audit_log.actor_id, audit_log.actor_name, audit_log.ip, audit_log.request_id,
       audit_log.action, audit_log.object_type, audit_log.object_id, audit_log.seq, audit_log.prev_hash, audit_log.hash,
       audit_log.chain_version,
       CASE WHEN audit_log.chain_version >= 2 THEN COALESCE(audit_content.detail, '') ELSE audit_log.detail END AS detail,
       CASE WHEN audit_log.chain_version >= 2 THEN COALESCE(audit_content.state_before, '') ELSE audit_log.state_before END AS state_before,
       CASE WHEN audit_log.chain_version >= 2 THEN COALESCE(audit_content.state_after, '') ELSE audit_log.state_after END AS state_after,
       COALESCE(audit_content.erased, audit_content.entry_id IS NULL AND audit_log.chain_version >= 2) AS withheld
FROM audit_log LEFT JOIN audit_content ON audit_content.entry_id = audit_log.id;

-- +goose Down
DROP VIEW audit_entries;
DROP TRIGGER audit_content_no_delete;
DROP TRIGGER audit_content_erase_only;
DROP TABLE audit_content;
ALTER TABLE audit_log DROP COLUMN after_sha;
ALTER TABLE audit_log DROP COLUMN before_sha;
ALTER TABLE audit_log DROP COLUMN detail_sha;
ALTER TABLE audit_log DROP COLUMN chain_version;
