-- +goose Up
-- Case types users see (工伤认定, 信息公开, ...); admins may add more.
CREATE TABLE case_types (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX case_types_name_key ON case_types (name);
INSERT INTO case_types (name, position, created_at) VALUES
    ('工伤认定', 1, CURRENT_TIMESTAMP), ('信息公开', 2, CURRENT_TIMESTAMP), ('行政处罚', 3, CURRENT_TIMESTAMP),
    ('行政不作为', 4, CURRENT_TIMESTAMP), ('行政许可', 5, CURRENT_TIMESTAMP), ('行政强制', 6, CURRENT_TIMESTAMP),
    ('其他', 99, CURRENT_TIMESTAMP);

-- The case register. For sensitive and classified cases only the register
-- entry is kept (number, dates, units, stage, paper-file holder); title and
-- summary stay empty by rule of the domain code.
CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    number              TEXT NOT NULL,
    title               TEXT NOT NULL DEFAULT '',
    kind                TEXT NOT NULL,
    respondent_unit_id  BIGINT NOT NULL REFERENCES units (id),
    origin_unit_id      BIGINT NOT NULL REFERENCES units (id),
    stage               TEXT NOT NULL DEFAULT 'accepted',
    sensitivity         TEXT NOT NULL DEFAULT 'ordinary',
    paper_file_holder   TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL DEFAULT '',
    accepted_on         TEXT,
    closed_on           TEXT,
    notify_due_on       TEXT,
    result_due_on       TEXT,
    notified_on         TEXT,
    result_on           TEXT,
    created_by          BIGINT REFERENCES users (id),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE UNIQUE INDEX cases_number_key ON cases (origin_unit_id, number);
CREATE INDEX cases_respondent_idx ON cases (respondent_unit_id, id);
CREATE INDEX cases_origin_idx ON cases (origin_unit_id, id);
CREATE INDEX cases_kind_idx ON cases (kind);
CREATE INDEX cases_created_by_idx ON cases (created_by);
CREATE INDEX cases_stage_idx ON cases (stage, id);
CREATE INDEX cases_sensitivity_idx ON cases (sensitivity);
CREATE INDEX cases_notify_due_idx ON cases (notified_on, notify_due_on);
CREATE INDEX cases_result_due_idx ON cases (result_on, result_due_on);

-- Two-way notifications (通报) between units about a case. The receiving
-- unit may see the case from then on. Summaries stay empty for sensitive
-- and classified cases.
CREATE TABLE case_notifications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_unit_id  BIGINT NOT NULL REFERENCES units (id),
    to_unit_id    BIGINT NOT NULL REFERENCES units (id),
    stage         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    created_by    BIGINT REFERENCES users (id),
    created_at    DATETIME NOT NULL,
    read_at       DATETIME,
    read_by       BIGINT REFERENCES users (id)
);
CREATE INDEX case_notifications_case_idx ON case_notifications (case_id, id);
CREATE INDEX case_notifications_from_idx ON case_notifications (from_unit_id, case_id);
CREATE INDEX case_notifications_to_idx ON case_notifications (to_unit_id, case_id);
CREATE INDEX case_notifications_created_by_idx ON case_notifications (created_by);
CREATE INDEX case_notifications_read_by_idx ON case_notifications (read_by);

-- Supervision documents (检察建议书, 行政执法监督意见书, ...). A document
-- number (文号) is unique per issuing unit.
CREATE TABLE documents (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    type               TEXT NOT NULL,
    number             TEXT NOT NULL,
    title              TEXT NOT NULL DEFAULT '',
    issuing_unit_id    BIGINT NOT NULL REFERENCES units (id),
    addressee_unit_id  BIGINT NOT NULL REFERENCES units (id),
    sensitivity        TEXT NOT NULL DEFAULT 'ordinary',
    issued_on          TEXT NOT NULL,
    reply_due_on       TEXT NOT NULL,
    created_by         BIGINT REFERENCES users (id),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX documents_number_key ON documents (issuing_unit_id, number);
CREATE INDEX documents_addressee_idx ON documents (addressee_unit_id, id);
CREATE INDEX documents_type_idx ON documents (type, id);
CREATE INDEX documents_issued_idx ON documents (issued_on);
CREATE INDEX documents_created_by_idx ON documents (created_by);

CREATE TABLE document_cc_units (
    document_id  BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    unit_id      BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (document_id, unit_id)
);
CREATE INDEX document_cc_units_unit_idx ON document_cc_units (unit_id);

CREATE TABLE document_cases (
    document_id  BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (document_id, case_id)
);
CREATE INDEX document_cases_case_idx ON document_cases (case_id);

-- Uploaded scans live in the database so every instance serves them.
CREATE TABLE document_files (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id   BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    data          BLOB NOT NULL,
    created_by    BIGINT REFERENCES users (id),
    created_at    DATETIME NOT NULL
);
CREATE INDEX document_files_document_idx ON document_files (document_id, id);
CREATE INDEX document_files_created_by_idx ON document_files (created_by);

-- +goose Down
DROP TABLE document_files;
DROP TABLE document_cases;
DROP TABLE document_cc_units;
DROP TABLE documents;
DROP TABLE case_notifications;
DROP TABLE cases;
DROP TABLE case_types;
