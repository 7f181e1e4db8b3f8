-- +goose Up
-- One TOTP authenticator per user (RFC 6238). The secret is sealed with
-- AES-GCM under a key derived from the instance signing key; confirmed_at
-- stays NULL until the user proves the authenticator with a first code.
-- last_step is the last accepted 30-second step: a code is never accepted
-- twice.
CREATE TABLE user_totp (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret        TEXT NOT NULL,
    confirmed_at  DATETIME,
    last_step     BIGINT NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL
);

-- Single-use recovery codes, stored as SHA-256 of 120 random bits.
CREATE TABLE recovery_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    used_at     DATETIME,
    created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX recovery_codes_hash_key ON recovery_codes (user_id, code_hash);

-- What "my sessions" shows: when a session was last used, and whether it
-- is still waiting for its second factor.
ALTER TABLE sessions ADD COLUMN last_seen_at DATETIME;
ALTER TABLE sessions ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE sessions DROP COLUMN pending;
ALTER TABLE sessions DROP COLUMN last_seen_at;
DROP TABLE recovery_codes;
DROP TABLE user_totp;
