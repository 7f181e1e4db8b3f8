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

-- +goose Down
DROP TABLE cases;
DROP TABLE case_types;
