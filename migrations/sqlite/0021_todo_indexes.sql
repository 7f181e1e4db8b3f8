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
-- Scheduled meetings that ended in a window (minutes missing, roster
-- still open), and those not over yet (invitations undelivered): without
-- them SQLite read every scheduled meeting of the district's history from
-- meetings_status_idx.
CREATE INDEX meetings_status_end_idx ON meetings (status, end_at);
CREATE INDEX meetings_status_series_end_idx ON meetings (status, series_end_at);
-- Draft minutes (waiting for 会签).
CREATE INDEX minutes_draft_idx ON minutes (updated_at, meeting_id) WHERE status = 'draft';
-- The key figures count every item not rectified per unit from the index
-- alone.
CREATE INDEX action_items_figures_idx ON action_items (status, responsible_unit_id, due_on, escalation_step);

-- +goose Down
DROP INDEX action_items_figures_idx;
DROP INDEX minutes_draft_idx;
DROP INDEX meetings_status_series_end_idx;
DROP INDEX meetings_status_end_idx;
DROP INDEX case_notifications_unread_idx;
DROP INDEX documents_unreceived_idx;
DROP INDEX meeting_attendees_pending_idx;
