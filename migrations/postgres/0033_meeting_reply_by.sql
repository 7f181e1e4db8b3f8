-- +goose Up
-- 回执 with a deadline (issue 20 item 3): reply_by is when invitees must
-- have answered (回执截止时间); NULL is no deadline. The default, so many
-- working days before the start day, is a district setting (settings
-- table, key meeting.reply_days), not a column.
ALTER TABLE meetings ADD COLUMN reply_by TIMESTAMPTZ;

-- +goose Down
ALTER TABLE meetings DROP COLUMN reply_by;
