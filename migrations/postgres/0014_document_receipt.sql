-- +goose Up
-- A document's reply period runs from the day its addressee receives it
-- (收到之日), not from the day it was issued. A document now records when it
-- was received (signed for in the app by the addressee, received_by set; or
-- entered by the issuer for a paper delivery, received_by empty), the
-- period applied and whether the deadline rests on a holiday schedule not
-- yet published. Until it is received it has no deadline and no action item;
-- a date the document itself fixes waits in reply_due_fixed until then.
ALTER TABLE documents
    ADD COLUMN received_on TEXT,
    ADD COLUMN received_by BIGINT REFERENCES users (id),
    ADD COLUMN reply_due_fixed TEXT,
    ADD COLUMN reply_period_n INTEGER,
    ADD COLUMN reply_period_unit TEXT,
    ADD COLUMN reply_due_provisional BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX documents_received_by_idx ON documents (received_by);
ALTER TABLE documents ALTER COLUMN reply_due_on DROP NOT NULL;

-- Documents registered before this change had their deadline counted from
-- the day of issue, as if received that day: that is what they record.
UPDATE documents SET received_on = issued_on;

-- Action items carry the records' own dates, by which the scoreboard counts
-- them: the day the responsible unit received the duty, and the date of
-- the written answer as the agency states it. Existing items: the day they
-- were entered (Beijing time) and the day they were answered.
ALTER TABLE action_items
    ADD COLUMN received_on TEXT,
    ADD COLUMN answered_on TEXT;
UPDATE action_items SET received_on = to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
    answered_on = to_char(answered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD');
-- The scoreboard month reads items received in the month, and items
-- without an answer (or answered since the month began) due by its end.
CREATE INDEX scoreboard_items_received_idx ON action_items (received_on);
CREATE INDEX scoreboard_items_answered_on_idx ON action_items (answered_on, due_on);

-- +goose Down
DROP INDEX scoreboard_items_answered_on_idx;
DROP INDEX scoreboard_items_received_idx;
ALTER TABLE action_items DROP COLUMN answered_on, DROP COLUMN received_on;
-- The old schema needs a deadline on every document: one never received
-- gets its day of issue (it was never counted).
UPDATE documents SET reply_due_on = issued_on WHERE reply_due_on IS NULL;
ALTER TABLE documents ALTER COLUMN reply_due_on SET NOT NULL;
DROP INDEX documents_received_by_idx;
ALTER TABLE documents DROP COLUMN reply_due_provisional, DROP COLUMN reply_period_unit, DROP COLUMN reply_period_n,
    DROP COLUMN reply_due_fixed, DROP COLUMN received_by, DROP COLUMN received_on;
