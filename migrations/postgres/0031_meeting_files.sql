-- +goose Up
-- Materials (会议材料) of a meeting or of one of its agenda items: PDF,
-- Office documents and images, judged by content; ordinary meetings only.
-- A file uploaded again under the same name to the same meeting or item is
-- a new version; older versions stay. agenda_item_id has no foreign key on
-- purpose: removing an agenda item keeps its materials (listed with the
-- meeting's), and the unique index stays valid.
CREATE TABLE meeting_files (
    id              BIGSERIAL PRIMARY KEY,
    meeting_id      BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id  BIGINT,
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    data            BYTEA NOT NULL,
    uploaded_by     BIGINT REFERENCES users (id),
    uploaded_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX meeting_files_meeting_idx ON meeting_files (meeting_id, id);
CREATE UNIQUE INDEX meeting_files_version_idx ON meeting_files (meeting_id, COALESCE(agenda_item_id, 0), name, version);
CREATE INDEX meeting_files_uploaded_by_idx ON meeting_files (uploaded_by);

-- +goose Down
DROP TABLE meeting_files;
