-- +goose Up
-- Outgoing mail (transactional outbox): a row is written in the same
-- transaction as the change that causes it and is the source of truth; the
-- background worker delivers it. message holds the complete RFC 5322 bytes,
-- so every retry sends exactly the same mail with the same Message-ID.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    dedupe_key       TEXT NOT NULL UNIQUE,
    meeting_id       BIGINT,
    sequence         INTEGER,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    message_id       TEXT NOT NULL,
    message          BLOB NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'not_sent')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    retry_base       INTEGER NOT NULL DEFAULT 0, -- attempts when an admin last retried
    last_error       TEXT NOT NULL DEFAULT '',
    claimed_by       TEXT NOT NULL DEFAULT '',
    claimed_at       DATETIME,
    next_attempt_at  DATETIME,
    created_at       DATETIME NOT NULL,
    sent_at          DATETIME
);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);
CREATE INDEX outbox_meeting_idx ON outbox (meeting_id);

-- One row per mail actually handed to the SMTP server, written in the same
-- transaction that marks the outbox row sent: the unique keys make a second
-- send of the same invitation impossible to record, and the worker checks
-- them before sending.
CREATE TABLE sent_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id   BIGINT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    dedupe_key  TEXT NOT NULL UNIQUE,
    meeting_id  BIGINT,
    recipient   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sequence    INTEGER,
    sent_at     DATETIME NOT NULL,
    UNIQUE (meeting_id, recipient, kind, sequence)
);
CREATE INDEX sent_log_outbox_idx ON sent_log (outbox_id);

-- In-app notifications, shown in the bell and on /notifications.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL DEFAULT '',
    read_at     DATETIME,
    created_at  DATETIME NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- +goose Down
DROP TABLE notifications;
DROP TABLE sent_log;
DROP TABLE outbox;
