-- +goose Up
-- The scoreboard (一月一晒绩) is a read model over action items, their
-- verifications and escalations, and meeting attendance. It keeps only its
-- own settings and the snapshots of published months.

-- One row (id 1): the score formula and the year-end settings as JSON,
-- changed by admins with optimistic concurrency.
CREATE TABLE scoreboard_settings (
    id          INTEGER PRIMARY KEY,
    data        TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  BIGINT REFERENCES users (id),
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX scoreboard_settings_updated_by_idx ON scoreboard_settings (updated_by);

-- A published month (晒绩) frozen as computed: revision 1 is the
-- publication, later revisions are corrections with a reason. Rows and the
-- formula used are JSON so later edits to records never change them.
CREATE TABLE scoreboard_snapshots (
    id            BIGSERIAL PRIMARY KEY,
    month         TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    formula       TEXT NOT NULL,
    rows          TEXT NOT NULL,
    published_by  BIGINT REFERENCES users (id),
    published_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX scoreboard_snapshots_month_idx ON scoreboard_snapshots (month, revision);
CREATE INDEX scoreboard_snapshots_published_by_idx ON scoreboard_snapshots (published_by);

-- What the monthly figures filter on.
CREATE INDEX scoreboard_items_created_idx ON action_items (created_at);
CREATE INDEX scoreboard_items_verified_idx ON action_items (verified_at);
CREATE INDEX scoreboard_items_answered_idx ON action_items (answered_at);
CREATE INDEX scoreboard_items_escalation_idx ON action_items (escalation_step, status);
CREATE INDEX scoreboard_verifications_created_idx ON action_verifications (created_at, accepted);
CREATE INDEX scoreboard_escalations_created_idx ON action_escalations (created_at);
CREATE INDEX scoreboard_attendees_meeting_unit_idx ON meeting_attendees (meeting_id, unit_id, role);

-- +goose Down
DROP INDEX scoreboard_attendees_meeting_unit_idx;
DROP INDEX scoreboard_escalations_created_idx;
DROP INDEX scoreboard_verifications_created_idx;
DROP INDEX scoreboard_items_escalation_idx;
DROP INDEX scoreboard_items_answered_idx;
DROP INDEX scoreboard_items_verified_idx;
DROP INDEX scoreboard_items_created_idx;
DROP TABLE scoreboard_snapshots;
DROP TABLE scoreboard_settings;
