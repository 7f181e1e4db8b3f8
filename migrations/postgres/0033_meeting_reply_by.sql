-- +goose Up
-- 回执 with a deadline (issue 20 item 3): reply_by is when invitees must
-- have answered (回执截止时间); NULL is no deadline. The default, so many
-- working days before the start day, is a district setting (settings
-- table, key meeting.reply_days), not a column.
-- The reminder job finds meetings by their deadline.
ALTER TABLE meetings ADD COLUMN reply_by TIMESTAMPTZ;
CREATE INDEX meetings_reply_by_idx ON meetings (reply_by);

-- +goose Down
DROP INDEX meetings_reply_by_idx;
ALTER TABLE meetings DROP COLUMN reply_by;
