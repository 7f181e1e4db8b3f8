-- +goose Up
-- Outputs per meeting kind (会议纪要, 会商意见, 专项监督报告), numbered and
-- signed for issue (签发).

-- The issuing-office code a unit's documents are numbered with (奎依法办纪).
ALTER TABLE units ADD COLUMN office_code TEXT NOT NULL DEFAULT '';

-- The running sequence per issuer unit, kind of document and year. A
-- number is taken by incrementing the row in the caller's transaction, so
-- two instances never hand out the same one.
CREATE TABLE doc_sequences (
    issuer_unit_id  BIGINT NOT NULL REFERENCES units (id),
    kind            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    last_seq        INTEGER NOT NULL,
    PRIMARY KEY (issuer_unit_id, kind, year)
);

-- The kind-specific sections: scope (专项监督报告), analysis and opinion
-- (会商意见); the number and the 签发 once issued.
ALTER TABLE minutes ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE minutes ADD COLUMN analysis TEXT NOT NULL DEFAULT '';
ALTER TABLE minutes ADD COLUMN opinion TEXT NOT NULL DEFAULT '';
ALTER TABLE minutes ADD COLUMN doc_number TEXT NOT NULL DEFAULT '';
ALTER TABLE minutes ADD COLUMN doc_year INTEGER;
ALTER TABLE minutes ADD COLUMN doc_seq INTEGER;
ALTER TABLE minutes ADD COLUMN signed_on TEXT;
ALTER TABLE minutes ADD COLUMN issued_by BIGINT REFERENCES users (id);
ALTER TABLE minutes ADD COLUMN issued_at TIMESTAMPTZ;
CREATE INDEX minutes_issued_by_idx ON minutes (issued_by);

-- A joint inspection's finding names the unit inspected.
ALTER TABLE decisions ADD COLUMN unit_id BIGINT REFERENCES units (id);
CREATE INDEX decisions_unit_idx ON decisions (unit_id);

-- The action item confirmation created from a requested action.
ALTER TABLE decision_actions ADD COLUMN action_item_id BIGINT REFERENCES action_items (id);
CREATE INDEX decision_actions_item_idx ON decision_actions (action_item_id);
-- Minutes confirmed before this kept no link: the item with the same
-- decision, title, unit and due date is the one they created.
UPDATE decision_actions SET action_item_id = (SELECT MIN(ai.id) FROM action_items ai
    WHERE ai.source_kind = 'decision' AND ai.source_id = decision_actions.decision_id
      AND ai.title = decision_actions.title AND ai.responsible_unit_id = decision_actions.responsible_unit_id
      AND ai.due_on = decision_actions.due_on);

-- +goose Down
DROP INDEX decision_actions_item_idx;
ALTER TABLE decision_actions DROP COLUMN action_item_id;
DROP INDEX decisions_unit_idx;
ALTER TABLE decisions DROP COLUMN unit_id;
DROP INDEX minutes_issued_by_idx;
ALTER TABLE minutes DROP COLUMN issued_at;
ALTER TABLE minutes DROP COLUMN issued_by;
ALTER TABLE minutes DROP COLUMN signed_on;
ALTER TABLE minutes DROP COLUMN doc_seq;
ALTER TABLE minutes DROP COLUMN doc_year;
ALTER TABLE minutes DROP COLUMN doc_number;
ALTER TABLE minutes DROP COLUMN opinion;
ALTER TABLE minutes DROP COLUMN analysis;
ALTER TABLE minutes DROP COLUMN scope;
DROP TABLE doc_sequences;
ALTER TABLE units DROP COLUMN office_code;
