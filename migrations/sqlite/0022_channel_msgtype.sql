-- +goose Up
-- A group robot's message type: 'markdown' (a bold title and a link) or
-- 'text' (plain, for groups and clients that show markdown badly). The
-- JSON webhook has one format and keeps the default.
ALTER TABLE unit_channels ADD COLUMN msgtype TEXT NOT NULL DEFAULT 'markdown' CHECK (msgtype IN ('markdown', 'text'));

-- +goose Down
ALTER TABLE unit_channels DROP COLUMN msgtype;
