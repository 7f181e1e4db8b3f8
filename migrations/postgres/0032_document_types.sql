-- +goose Up
-- Document types administrators add beside the source's four (issue 16):
-- each says who may issue it (unit kinds), whom it copies by default and
-- its reply period. Documents name a type by its code, custom_<id>.
CREATE TABLE document_types (
    id            BIGSERIAL PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name_zh       TEXT NOT NULL UNIQUE,
    name_en       TEXT NOT NULL,
    issuer_kinds  TEXT NOT NULL,
    copied_kinds  TEXT NOT NULL DEFAULT '',
    reply_n       INTEGER NOT NULL,
    reply_unit    TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE document_types;
