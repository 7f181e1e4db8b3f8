-- +goose Up
-- Calendar integration (issue 4): secret subscription feeds, single-use RSVP
-- links, reminder preferences and the log that makes reminders and
-- invitations exactly-once across instances.

-- A feed's token is never stored: it is HMAC(signing key, owner + salt), so
-- the page can show the same address again; rotation replaces the salt.
-- token_hash (sha256 of the token) is what a request is looked up by.
CREATE TABLE feed_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT REFERENCES users (id) ON DELETE CASCADE,
    unit_id     BIGINT REFERENCES units (id) ON DELETE CASCADE,
    salt        TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    created_at  DATETIME NOT NULL,
    rotated_at  DATETIME NOT NULL,
    CHECK ((user_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX feed_tokens_hash_idx ON feed_tokens (token_hash);
CREATE UNIQUE INDEX feed_tokens_user_idx ON feed_tokens (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX feed_tokens_unit_idx ON feed_tokens (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX feed_tokens_created_by_idx ON feed_tokens (created_by);

-- The nonce of every accept/decline link that was used: a link works once.
CREATE TABLE rsvp_uses (
    nonce       TEXT PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer      TEXT NOT NULL,
    used_at     DATETIME NOT NULL
);
CREATE INDEX rsvp_uses_meeting_idx ON rsvp_uses (meeting_id);
CREATE INDEX rsvp_uses_user_idx ON rsvp_uses (user_id);

-- Per-user reminder leads in minutes before a meeting ("1440,60").
CREATE TABLE reminder_prefs (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    leads       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  DATETIME NOT NULL
);

-- One row per reminder given: the primary key is the dedupe key, inserted in
-- the transaction that records the mail and the in-app notification.
CREATE TABLE reminder_log (
    key         TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  DATETIME NOT NULL
);
CREATE INDEX reminder_log_user_idx ON reminder_log (user_id);

-- What each invitation recipient last received for a meeting, so the
-- reconciler knows who to send a REQUEST (new or changed) or a CANCEL
-- (removed, or the meeting cancelled). round counts removals, so a person
-- removed and invited again gets a fresh REQUEST.
CREATE TABLE invite_recipients (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    name        TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL CHECK (state IN ('invited', 'removed', 'cancelled')),
    sequence    INTEGER NOT NULL,
    round       INTEGER NOT NULL DEFAULT 0,
    updated_at  DATETIME NOT NULL,
    PRIMARY KEY (meeting_id, email)
);
CREATE INDEX invite_recipients_user_idx ON invite_recipients (user_id);

-- Watermarks of the background reconcilers.
CREATE TABLE subscribe_state (
    name        TEXT PRIMARY KEY,
    watermark   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE subscribe_state;
DROP TABLE invite_recipients;
DROP TABLE reminder_log;
DROP TABLE reminder_prefs;
DROP TABLE rsvp_uses;
DROP TABLE feed_tokens;
