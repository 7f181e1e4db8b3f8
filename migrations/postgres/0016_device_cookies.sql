-- +goose Up
-- Device cookies (OWASP "device cookies"): a browser that signed a user in
-- gets a random cookie; only its SHA-256 is kept here, with its user. It
-- lets that browser past the per-account and per-address sign-in limits
-- (an attacker cannot lock the real user out), and it is revocable:
-- "sign out everywhere", a password change or reset and deactivation
-- delete the user's rows. Rows older than 180 days are pruned.
CREATE TABLE device_cookies (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX device_cookies_hash_key ON device_cookies (token_hash);
CREATE INDEX device_cookies_user_idx ON device_cookies (user_id);
CREATE INDEX device_cookies_created_idx ON device_cookies (created_at);

-- +goose Down
DROP TABLE device_cookies;
