-- +goose Up
-- The mechanism as its source writes it (issue 16).
--
-- Escalation: every step records its grounds (a JSON list of codes), and
-- each recipient of a step keeps its own handling record (区委's report
-- and 区纪委监委's letter are answered separately).
ALTER TABLE action_escalations ADD COLUMN grounds TEXT NOT NULL DEFAULT '[]';
CREATE TABLE action_escalation_handlings (
    id             BIGSERIAL PRIMARY KEY,
    escalation_id  BIGINT NOT NULL REFERENCES action_escalations (id) ON DELETE CASCADE,
    unit_id        BIGINT NOT NULL REFERENCES units (id),
    handling       TEXT NOT NULL DEFAULT '',
    result         TEXT NOT NULL DEFAULT '',
    handled_by     BIGINT REFERENCES users (id),
    handled_at     TIMESTAMPTZ NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (escalation_id, unit_id)
);
CREATE INDEX action_escalation_handlings_unit_idx ON action_escalation_handlings (unit_id);
CREATE INDEX action_escalation_handlings_by_idx ON action_escalation_handlings (handled_by);
-- A step handled before recipients kept their own records: its one entry
-- becomes the record of the unit that made it.
INSERT INTO action_escalation_handlings (escalation_id, unit_id, handling, result, handled_by, handled_at, version)
SELECT id, handled_unit_id, handling, result, handled_by, handled_at, 1 FROM action_escalations
WHERE handled_unit_id IS NOT NULL AND handled_at IS NOT NULL;

-- A 行政执法监督意见书 starts as the justice bureau's request (提请) with
-- its grounds; 区政府 approves it (the opinion is then issued, document_id)
-- or refuses it with a reason.
CREATE TABLE opinion_requests (
    id                  BIGSERIAL PRIMARY KEY,
    number              TEXT NOT NULL,
    title               TEXT NOT NULL DEFAULT '',
    grounds             TEXT NOT NULL DEFAULT '[]',
    requesting_unit_id  BIGINT NOT NULL REFERENCES units (id),
    government_unit_id  BIGINT NOT NULL REFERENCES units (id),
    addressee_unit_id   BIGINT NOT NULL REFERENCES units (id),
    case_ids            TEXT NOT NULL DEFAULT '[]',
    sensitivity         TEXT NOT NULL DEFAULT 'ordinary',
    status              TEXT NOT NULL DEFAULT 'pending',
    refusal_reason      TEXT NOT NULL DEFAULT '',
    decided_by          BIGINT REFERENCES users (id),
    decided_at          TIMESTAMPTZ,
    document_id         BIGINT REFERENCES documents (id),
    created_by          BIGINT REFERENCES users (id),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX opinion_requests_requesting_idx ON opinion_requests (requesting_unit_id);
CREATE INDEX opinion_requests_government_idx ON opinion_requests (government_unit_id);
CREATE INDEX opinion_requests_addressee_idx ON opinion_requests (addressee_unit_id);
CREATE INDEX opinion_requests_decided_by_idx ON opinion_requests (decided_by);
CREATE INDEX opinion_requests_document_idx ON opinion_requests (document_id);
CREATE INDEX opinion_requests_created_by_idx ON opinion_requests (created_by);

-- +goose Down
DROP TABLE opinion_requests;
DROP TABLE action_escalation_handlings;
ALTER TABLE action_escalations DROP COLUMN grounds;
