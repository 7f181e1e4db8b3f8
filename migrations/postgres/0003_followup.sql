-- +goose Up
-- Action items (督办事项): created by confirmed minutes' decisions and by
-- documents; owned by the responsible unit, verified by the issuing unit.
CREATE TABLE action_items (
    id                   BIGSERIAL PRIMARY KEY,
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
    answered_at          TIMESTAMPTZ,
    verified_at          TIMESTAMPTZ,
    created_by           BIGINT REFERENCES users (id),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_items_responsible_idx ON action_items (responsible_unit_id, status, due_on);
CREATE INDEX action_items_issuing_idx ON action_items (issuing_unit_id, status, due_on);
CREATE INDEX action_items_due_idx ON action_items (status, due_on);
CREATE INDEX action_items_source_idx ON action_items (source_kind, source_id);
CREATE INDEX action_items_owner_idx ON action_items (owner_user_id);
CREATE INDEX action_items_created_by_idx ON action_items (created_by);

CREATE TABLE action_item_cases (
    action_item_id  BIGINT NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (action_item_id, case_id)
);
CREATE INDEX action_item_cases_case_idx ON action_item_cases (case_id);

-- +goose Down
DROP TABLE action_item_cases;
DROP TABLE action_items;
