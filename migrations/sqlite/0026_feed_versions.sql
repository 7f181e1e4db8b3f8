-- +goose Up
-- When each feed's content last changed, for Last-Modified and conditional
-- GET by date (If-Modified-Since). A feed's ETag is a hash of its bytes; the
-- first instance to build a body with a new ETag records the time, so every
-- instance answers with the same date and it never goes back, even when a
-- meeting leaves the feed (which lowers no updated_at).
CREATE TABLE feed_versions (
    token_id    BIGINT PRIMARY KEY REFERENCES feed_tokens (id) ON DELETE CASCADE,
    etag        TEXT NOT NULL,
    changed_at  DATETIME NOT NULL
);

-- +goose Down
DROP TABLE feed_versions;
