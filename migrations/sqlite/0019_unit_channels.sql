-- +goose Up
-- Unit channels: the group robot (企业微信/政务微信) and the signed JSON
-- webhook an administrator configures per unit. The URL (a robot's carries
-- its key) and the secret are sealed with AES-GCM under a key derived from
-- the signing key, bound to the unit and kind; nothing shows them again.
-- last_sent_at is the start of the channel's current minute: at most one
-- batched message goes out per channel per minute (test messages aside).
CREATE TABLE unit_channels (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id        BIGINT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('robot', 'webhook')),
    url_sealed     TEXT NOT NULL,
    secret_sealed  TEXT NOT NULL DEFAULT '',
    enabled        BOOLEAN NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    last_sent_at   DATETIME,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX unit_channels_unit_kind_key ON unit_channels (unit_id, kind);

-- The outbox carries channel messages too: channel says how a row goes out
-- (mail, robot, webhook), unit_id whose channel, link the record it is
-- about (for "undelivered" banners on that record).
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail';
ALTER TABLE outbox ADD COLUMN unit_id BIGINT;
ALTER TABLE outbox ADD COLUMN link TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_channel_batch_idx ON outbox (unit_id, channel, status);
CREATE INDEX outbox_link_idx ON outbox (link);

-- +goose Down
DROP INDEX outbox_link_idx;
DROP INDEX outbox_channel_batch_idx;
ALTER TABLE outbox DROP COLUMN link;
ALTER TABLE outbox DROP COLUMN unit_id;
ALTER TABLE outbox DROP COLUMN channel;
DROP TABLE unit_channels;
