-- +goose Up
-- Activities between the procuratorate and the justice bureau that the
-- joint 工作通报 reports beside the figures (issue 16): training, legal and
-- policy consultation, joint study of complex cases. unit_ids is a JSON
-- list of the units that took part.
CREATE TABLE report_activities (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_on  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    unit_ids     TEXT NOT NULL DEFAULT '[]',
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    created_by   BIGINT REFERENCES users (id),
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX report_activities_on_idx ON report_activities (occurred_on);
CREATE INDEX report_activities_created_by_idx ON report_activities (created_by);

-- +goose Down
DROP TABLE report_activities;
