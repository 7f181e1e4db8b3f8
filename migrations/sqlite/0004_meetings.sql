-- +goose Up
-- Meetings (联席会议 / 会商研判 / 联合专项监督): the register entry, its units,
-- attendees, agenda, linked cases, minutes with decisions and sign-offs, and
-- per-occurrence overrides of a recurring series. Times are stored UTC.
CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    capacity    INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX rooms_name_idx ON rooms (name);

CREATE TABLE meetings (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT NOT NULL,
    sequence           INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL DEFAULT 'scheduled',
    kind               TEXT NOT NULL,
    title              TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    sensitivity        TEXT NOT NULL DEFAULT 'ordinary',
    convening_unit_id  BIGINT NOT NULL REFERENCES units (id),
    chair_user_id      BIGINT REFERENCES users (id),
    room_id            BIGINT REFERENCES rooms (id),
    location           TEXT NOT NULL DEFAULT '',
    online_url         TEXT NOT NULL DEFAULT '',
    paper_file_holder  TEXT NOT NULL DEFAULT '',
    start_at           DATETIME NOT NULL,
    end_at             DATETIME NOT NULL,
    rrule              TEXT NOT NULL DEFAULT '',
    series_end_at      DATETIME NOT NULL,
    inspection_scope   TEXT NOT NULL DEFAULT '',
    findings           TEXT NOT NULL DEFAULT '',
    report             TEXT NOT NULL DEFAULT '',
    check_in_code      TEXT NOT NULL DEFAULT '',
    cancel_reason      TEXT NOT NULL DEFAULT '',
    created_by         BIGINT REFERENCES users (id),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX meetings_uid_idx ON meetings (uid);
CREATE INDEX meetings_start_idx ON meetings (start_at, id);
CREATE INDEX meetings_series_end_idx ON meetings (series_end_at);
CREATE INDEX meetings_convening_idx ON meetings (convening_unit_id, start_at);
CREATE INDEX meetings_status_idx ON meetings (status, start_at);
CREATE INDEX meetings_kind_idx ON meetings (kind, start_at);
CREATE INDEX meetings_chair_idx ON meetings (chair_user_id);
CREATE INDEX meetings_room_idx ON meetings (room_id, start_at);
CREATE INDEX meetings_created_by_idx ON meetings (created_by);

-- co_organiser units share the convening unit's editing rights and sign the
-- minutes; inspected units are the subject of a joint inspection.
CREATE TABLE meeting_units (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    unit_id     BIGINT NOT NULL REFERENCES units (id),
    role        TEXT NOT NULL,
    PRIMARY KEY (meeting_id, unit_id, role)
);
CREATE INDEX meeting_units_unit_idx ON meeting_units (unit_id, role);

CREATE TABLE meeting_attendees (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id        BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id           BIGINT REFERENCES users (id),
    unit_id           BIGINT REFERENCES units (id),
    name              TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    unit_name         TEXT NOT NULL DEFAULT '',
    role              TEXT NOT NULL,
    expert_mode       TEXT NOT NULL DEFAULT '',
    answer            TEXT NOT NULL DEFAULT 'pending',
    comment           TEXT NOT NULL DEFAULT '',
    delegate_user_id  BIGINT REFERENCES users (id),
    answered_at       DATETIME,
    checked_in_at     DATETIME,
    checked_in_by     BIGINT REFERENCES users (id),
    created_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX meeting_attendees_user_idx ON meeting_attendees (meeting_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX meeting_attendees_email_idx ON meeting_attendees (meeting_id, email) WHERE user_id IS NULL AND email <> '';
CREATE INDEX meeting_attendees_user_only_idx ON meeting_attendees (user_id);
CREATE INDEX meeting_attendees_unit_idx ON meeting_attendees (unit_id);
CREATE INDEX meeting_attendees_delegate_idx ON meeting_attendees (delegate_user_id);
CREATE INDEX meeting_attendees_checked_by_idx ON meeting_attendees (checked_in_by);

CREATE TABLE agenda_items (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id         BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL DEFAULT '',
    presenter_user_id  BIGINT REFERENCES users (id),
    duration_minutes   INTEGER NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE INDEX agenda_items_meeting_idx ON agenda_items (meeting_id, position);
CREATE INDEX agenda_items_presenter_idx ON agenda_items (presenter_user_id);

CREATE TABLE agenda_item_cases (
    agenda_item_id  BIGINT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (agenda_item_id, case_id)
);
CREATE INDEX agenda_item_cases_case_idx ON agenda_item_cases (case_id);

-- the cases a consultation studies (or any meeting discusses)
CREATE TABLE meeting_cases (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (meeting_id, case_id)
);
CREATE INDEX meeting_cases_case_idx ON meeting_cases (case_id);

CREATE TABLE minutes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id    BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    body          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'draft',
    revision      INTEGER NOT NULL DEFAULT 0,
    confirmed_at  DATETIME,
    confirmed_by  BIGINT REFERENCES users (id),
    updated_by    BIGINT REFERENCES users (id),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX minutes_meeting_idx ON minutes (meeting_id);
CREATE INDEX minutes_confirmed_by_idx ON minutes (confirmed_by);
CREATE INDEX minutes_updated_by_idx ON minutes (updated_by);

-- corrections after confirmation: each keeps the text it replaced and why
CREATE TABLE minutes_revisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    minutes_id  BIGINT NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL,
    old_body    TEXT NOT NULL DEFAULT '',
    new_body    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX minutes_revisions_idx ON minutes_revisions (minutes_id, revision);
CREATE INDEX minutes_revisions_created_by_idx ON minutes_revisions (created_by);

CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    minutes_id  BIGINT NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_minutes_idx ON decisions (minutes_id, position);

-- the action items a decision asks for, until confirmation creates them
CREATE TABLE decision_actions (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id          BIGINT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    title                TEXT NOT NULL DEFAULT '',
    responsible_unit_id  BIGINT NOT NULL REFERENCES units (id),
    due_on               TEXT NOT NULL
);
CREATE INDEX decision_actions_decision_idx ON decision_actions (decision_id, position);
CREATE INDEX decision_actions_unit_idx ON decision_actions (responsible_unit_id);

CREATE TABLE decision_action_cases (
    decision_action_id  BIGINT NOT NULL REFERENCES decision_actions (id) ON DELETE CASCADE,
    case_id             BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (decision_action_id, case_id)
);
CREATE INDEX decision_action_cases_case_idx ON decision_action_cases (case_id);

-- 会签: one row per co-organising unit that signed the current draft
CREATE TABLE minutes_signoffs (
    minutes_id  BIGINT NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    unit_id     BIGINT NOT NULL REFERENCES units (id),
    user_id     BIGINT REFERENCES users (id),
    signed_at   DATETIME NOT NULL,
    PRIMARY KEY (minutes_id, unit_id)
);
CREATE INDEX minutes_signoffs_unit_idx ON minutes_signoffs (unit_id);
CREATE INDEX minutes_signoffs_user_idx ON minutes_signoffs (user_id);

-- one occurrence of a series cancelled or moved, keyed by its original start
CREATE TABLE meeting_occurrences (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    original_start DATETIME NOT NULL,
    status         TEXT NOT NULL DEFAULT 'scheduled',
    start_at       DATETIME NOT NULL,
    end_at         DATETIME NOT NULL,
    sequence       INTEGER NOT NULL DEFAULT 0,
    reason         TEXT NOT NULL DEFAULT '',
    updated_at     DATETIME NOT NULL
);
CREATE UNIQUE INDEX meeting_occurrences_idx ON meeting_occurrences (meeting_id, original_start);
CREATE INDEX meeting_occurrences_start_idx ON meeting_occurrences (start_at);

-- +goose Down
DROP TABLE meeting_occurrences;
DROP TABLE minutes_signoffs;
DROP TABLE decision_action_cases;
DROP TABLE decision_actions;
DROP TABLE decisions;
DROP TABLE minutes_revisions;
DROP TABLE minutes;
DROP TABLE meeting_cases;
DROP TABLE agenda_item_cases;
DROP TABLE agenda_items;
DROP TABLE meeting_attendees;
DROP TABLE meeting_units;
DROP TABLE meetings;
DROP TABLE rooms;
