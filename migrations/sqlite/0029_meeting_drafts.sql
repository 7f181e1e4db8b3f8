-- +goose Up
-- Drafts (issue 20 item 1): a meeting may be saved with status 'draft'
-- (only its organisers see it, nothing is sent) and issued later (发布).
-- published_at is when it was issued (creation time for meetings that
-- never were drafts); approval is '' (none asked), 'pending' (待审批),
-- 'approved' or 'returned', with the decider and the return reason.
-- Feeds, reminders and to-do lists select status = 'scheduled', a column
-- test meetings_status_series_end_idx and meetings_status_end_idx
-- (migration 0021) already serve; organisers' lists find their drafts by
-- (status, convening_unit_id) below.
ALTER TABLE meetings ADD COLUMN published_at DATETIME;
ALTER TABLE meetings ADD COLUMN approval TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN approval_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN approval_by BIGINT;
UPDATE meetings SET published_at = created_at;
CREATE INDEX meetings_status_convening_idx ON meetings (status, convening_unit_id);

-- +goose Down
DROP INDEX meetings_status_convening_idx;
ALTER TABLE meetings DROP COLUMN approval_by;
ALTER TABLE meetings DROP COLUMN approval_reason;
ALTER TABLE meetings DROP COLUMN approval;
ALTER TABLE meetings DROP COLUMN published_at;
