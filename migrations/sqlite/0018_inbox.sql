-- +goose Up
-- What an in-app notification is about: the event kind ("action.assigned")
-- for the preferences and the inbox filter. Old rows keep ''.
ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT '';
CREATE INDEX notifications_read_idx ON notifications (read_at) WHERE read_at IS NOT NULL;

-- One row per announced event: Announce inserts the event's dedupe key
-- first and tells nobody when it is already there, so a retried job or a
-- double submit announces once, on every channel at once.
CREATE TABLE notify_events (
    dedupe_key  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX notify_events_created_idx ON notify_events (created_at);

-- Per-person channel choices by event kind. A missing row takes the kind's
-- default; in-app stays on for events a person must act on whatever is
-- stored here (the service enforces it).
CREATE TABLE notification_prefs (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    in_app   BOOLEAN NOT NULL,
    email    BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- +goose Down
DROP TABLE notification_prefs;
DROP TABLE notify_events;
DROP INDEX notifications_read_idx;
ALTER TABLE notifications DROP COLUMN kind;
