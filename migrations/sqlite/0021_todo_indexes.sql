-- +goose Up
-- The 工作台 (GET /api/v1/me/todo) counts what each person owes on every
-- visit. These partial indexes hold only the open rows of each kind, so a
-- count reads what is pending, never the history.

-- My invitations not answered yet.
CREATE INDEX meeting_attendees_pending_idx ON meeting_attendees (user_id) WHERE answer = 'pending';
-- Documents addressed to a unit awaiting 签收, oldest first.
CREATE INDEX documents_unreceived_idx ON documents (addressee_unit_id, issued_on, id) WHERE received_on IS NULL;
-- Case notifications to a unit not read yet, oldest first.
CREATE INDEX case_notifications_unread_idx ON case_notifications (to_unit_id, created_at, id) WHERE read_at IS NULL;
-- Meetings that ended in a window (minutes missing, roster still open).
CREATE INDEX meetings_end_idx ON meetings (end_at);

-- +goose Down
DROP INDEX meetings_end_idx;
DROP INDEX case_notifications_unread_idx;
DROP INDEX documents_unreceived_idx;
DROP INDEX meeting_attendees_pending_idx;
