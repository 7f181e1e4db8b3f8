-- +goose Up
-- A deadline that reaches past the last published State Council holiday
-- schedule is provisional: counted with the statutory holidays only, it is
-- recounted when that year's schedule arrives (built in with a dependency
-- update, or entered by an administrator). Records keep the period they
-- were counted with, the flag, and the date a recount replaced.
ALTER TABLE cases
    ADD COLUMN notify_period_n INTEGER,
    ADD COLUMN notify_period_unit TEXT,
    ADD COLUMN notify_due_provisional BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN result_period_n INTEGER,
    ADD COLUMN result_period_unit TEXT,
    ADD COLUMN result_due_provisional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE documents ADD COLUMN reply_due_was TEXT;
ALTER TABLE action_items
    ADD COLUMN due_provisional BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN due_was TEXT;

-- Deadlines in 2027 or later that are still open were counted before 2027's
-- schedule was known (weekends only): they are recounted at the next start.
UPDATE documents SET reply_due_provisional = TRUE WHERE reply_due_on >= '2027-01-01';
UPDATE cases SET notify_due_provisional = TRUE WHERE notified_on IS NULL AND notify_due_on >= '2027-01-01';
UPDATE cases SET result_due_provisional = TRUE WHERE result_on IS NULL AND result_due_on >= '2027-01-01';

-- The recount reads only the provisional rows: these indexes hold just them.
CREATE INDEX documents_provisional_idx ON documents (id) WHERE reply_due_provisional;
CREATE INDEX cases_provisional_idx ON cases (id) WHERE (notify_due_provisional OR result_due_provisional);

-- +goose Down
DROP INDEX cases_provisional_idx;
DROP INDEX documents_provisional_idx;
ALTER TABLE action_items DROP COLUMN due_was, DROP COLUMN due_provisional;
ALTER TABLE documents DROP COLUMN reply_due_was;
ALTER TABLE cases DROP COLUMN result_due_provisional, DROP COLUMN result_period_unit, DROP COLUMN result_period_n,
    DROP COLUMN notify_due_provisional, DROP COLUMN notify_period_unit, DROP COLUMN notify_period_n;
