-- +goose Up
-- Action items (督办事项): created by confirmed minutes' decisions and by
-- documents; owned by the responsible unit, verified by the issuing unit.
CREATE TABLE action_items (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    title                TEXT NOT NULL DEFAULT '',
    responsible_unit_id  BIGINT NOT NULL REFERENCES units (id),
    owner_user_id        BIGINT REFERENCES users (id),
    issuing_unit_id      BIGINT NOT NULL REFERENCES units (id),
    due_on               TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'open',
    source_kind          TEXT NOT NULL,
    source_id            BIGINT NOT NULL,
    sensitivity          TEXT NOT NULL DEFAULT 'ordinary',
    escalation_step      INTEGER NOT NULL DEFAULT 0,
    answered_at          DATETIME,
    verified_at          DATETIME,
    verified_by          BIGINT REFERENCES users (id),
    revisit_on           TEXT,
    overdue_noticed_at   DATETIME,
    created_by           BIGINT REFERENCES users (id),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL
);
CREATE INDEX action_items_responsible_idx ON action_items (responsible_unit_id, status, due_on);
CREATE INDEX action_items_issuing_idx ON action_items (issuing_unit_id, status, due_on);
CREATE INDEX action_items_due_idx ON action_items (status, due_on);
CREATE INDEX action_items_source_idx ON action_items (source_kind, source_id);
CREATE INDEX action_items_owner_idx ON action_items (owner_user_id);
CREATE INDEX action_items_created_by_idx ON action_items (created_by);
CREATE INDEX action_items_verified_by_idx ON action_items (verified_by);
CREATE INDEX action_items_notice_idx ON action_items (overdue_noticed_at, due_on);
CREATE INDEX action_items_revisit_idx ON action_items (revisit_on);

CREATE TABLE action_item_cases (
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (action_item_id, case_id)
);
CREATE INDEX action_item_cases_case_idx ON action_item_cases (case_id);

-- Units an escalation brought in (the justice bureau; the party committee,
-- government and discipline commission): they may see the item.
CREATE TABLE action_item_units (
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    unit_id         BIGINT NOT NULL REFERENCES units (id),
    step            INTEGER NOT NULL,
    PRIMARY KEY (action_item_id, unit_id)
);
CREATE INDEX action_item_units_unit_idx ON action_item_units (unit_id);

-- Written feedback by the responsible unit: progress reports and answers.
CREATE TABLE action_feedback (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    unit_id         BIGINT NOT NULL REFERENCES units (id),
    user_id         BIGINT REFERENCES users (id),
    created_at      DATETIME NOT NULL
);
CREATE INDEX action_feedback_item_idx ON action_feedback (action_item_id, id);
CREATE INDEX action_feedback_unit_idx ON action_feedback (unit_id);
CREATE INDEX action_feedback_user_idx ON action_feedback (user_id);

-- Attachments to feedback (scans of the written answer): PDF, PNG or JPEG
-- by content; ordinary items only (sensitive ones travel on paper).
CREATE TABLE action_feedback_files (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    feedback_id     BIGINT NOT NULL REFERENCES action_feedback (id) ON DELETE CASCADE,
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    filename        TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    data            BLOB NOT NULL,
    created_by      BIGINT REFERENCES users (id),
    created_at      DATETIME NOT NULL
);
CREATE INDEX action_feedback_files_feedback_idx ON action_feedback_files (feedback_id, id);
CREATE INDEX action_feedback_files_item_idx ON action_feedback_files (action_item_id);
CREATE INDEX action_feedback_files_created_by_idx ON action_feedback_files (created_by);

-- The issuing side's decisions on an answer: accepted (销号) or returned.
CREATE TABLE action_verifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    accepted        BOOLEAN NOT NULL DEFAULT 0,
    comment         TEXT NOT NULL DEFAULT '',
    new_due_on      TEXT,
    revisit_on      TEXT,
    unit_id         BIGINT NOT NULL REFERENCES units (id),
    user_id         BIGINT REFERENCES users (id),
    created_at      DATETIME NOT NULL
);
CREATE INDEX action_verifications_item_idx ON action_verifications (action_item_id, id);
CREATE INDEX action_verifications_unit_idx ON action_verifications (unit_id);
CREATE INDEX action_verifications_user_idx ON action_verifications (user_id);

-- Escalation steps (升级督办): 1 copies the justice bureau, which records its
-- handling and result; 2 reports to the party committee and writes to the
-- government and the discipline commission.
CREATE TABLE action_escalations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    step            INTEGER NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    documents       TEXT NOT NULL DEFAULT '[]',
    unit_id         BIGINT NOT NULL REFERENCES units (id),
    user_id         BIGINT REFERENCES users (id),
    created_at      DATETIME NOT NULL,
    handling        TEXT NOT NULL DEFAULT '',
    result          TEXT NOT NULL DEFAULT '',
    handled_unit_id BIGINT REFERENCES units (id),
    handled_by      BIGINT REFERENCES users (id),
    handled_at      DATETIME,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (action_item_id, step)
);
CREATE INDEX action_escalations_unit_idx ON action_escalations (unit_id);
CREATE INDEX action_escalations_user_idx ON action_escalations (user_id);
CREATE INDEX action_escalations_handled_unit_idx ON action_escalations (handled_unit_id);
CREATE INDEX action_escalations_handled_by_idx ON action_escalations (handled_by);

-- Holiday notices entered by an administrator (JSON of workday.Year); they
-- extend or correct the built-in schedule.
CREATE TABLE holiday_years (
    year        INTEGER PRIMARY KEY,
    data        TEXT NOT NULL,
    updated_by  BIGINT REFERENCES users (id),
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX holiday_years_updated_by_idx ON holiday_years (updated_by);

-- +goose Down
DROP TABLE holiday_years;
DROP TABLE action_escalations;
DROP TABLE action_verifications;
DROP TABLE action_feedback_files;
DROP TABLE action_feedback;
DROP TABLE action_item_units;
DROP TABLE action_item_cases;
DROP TABLE action_items;
