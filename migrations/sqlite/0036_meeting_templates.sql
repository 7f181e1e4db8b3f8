-- +goose Up
-- Meeting templates (issue 20 item 5): per kind, the standing agenda items
-- (title, length, who presents, as a role such as 区检察院分管领导), the
-- sections of the minutes (one heading a line), and optional defaults for a
-- new meeting (length, place, co-organising units). unit_id is the unit
-- whose secretaries keep the template. Meetings made from a template name
-- it in meetings.template_id: the meetings of one template are a series,
-- from whose last meeting a new one can be copied.
-- agenda_items.presenter_role is the presenter as a role, when no user is
-- named (or besides one).
CREATE TABLE meeting_templates (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    unit_id          BIGINT NOT NULL REFERENCES units (id),
    duration_minutes INTEGER NOT NULL DEFAULT 0,
    location         TEXT NOT NULL DEFAULT '',
    minutes_sections TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'active',
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       BIGINT REFERENCES users (id),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE INDEX meeting_templates_kind_idx ON meeting_templates (kind, status, name);
CREATE INDEX meeting_templates_unit_idx ON meeting_templates (unit_id);
CREATE INDEX meeting_templates_created_by_idx ON meeting_templates (created_by);

CREATE TABLE meeting_template_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    template_id      BIGINT NOT NULL REFERENCES meeting_templates (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    title            TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    presenter_role   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_template_items_template_idx ON meeting_template_items (template_id, position);

CREATE TABLE meeting_template_units (
    template_id BIGINT NOT NULL REFERENCES meeting_templates (id) ON DELETE CASCADE,
    unit_id     BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (template_id, unit_id)
);
CREATE INDEX meeting_template_units_unit_idx ON meeting_template_units (unit_id);

ALTER TABLE meetings ADD COLUMN template_id BIGINT REFERENCES meeting_templates (id);
CREATE INDEX meetings_template_idx ON meetings (template_id, start_at);
ALTER TABLE agenda_items ADD COLUMN presenter_role TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE agenda_items DROP COLUMN presenter_role;
DROP INDEX meetings_template_idx;
ALTER TABLE meetings DROP COLUMN template_id;
DROP TABLE meeting_template_units;
DROP TABLE meeting_template_items;
DROP TABLE meeting_templates;
