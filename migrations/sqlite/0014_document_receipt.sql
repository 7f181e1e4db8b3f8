-- +goose Up
-- A document's reply period runs from the day its addressee receives it
-- (收到之日), not from the day it was issued. A document now records when it
-- was received (signed for in the app by the addressee, received_by set; or
-- entered by the issuer for a paper delivery, received_by empty), the
-- period applied and whether the deadline rests on a holiday schedule not
-- yet published. Until it is received it has no deadline and no action item;
-- a date the document itself fixes waits in reply_due_fixed until then.
ALTER TABLE documents ADD COLUMN received_on TEXT;
ALTER TABLE documents ADD COLUMN received_by BIGINT REFERENCES users (id);
ALTER TABLE documents ADD COLUMN reply_due_fixed TEXT;
ALTER TABLE documents ADD COLUMN reply_period_n INTEGER;
ALTER TABLE documents ADD COLUMN reply_period_unit TEXT;
ALTER TABLE documents ADD COLUMN reply_due_provisional BOOLEAN NOT NULL DEFAULT 0;
CREATE INDEX documents_received_by_idx ON documents (received_by);

-- reply_due_on becomes nullable. SQLite cannot drop a NOT NULL constraint,
-- and rebuilding the table would need foreign keys off (a pragma that
-- cannot change inside the migration's transaction), while dropping the
-- old table with them on would cascade to its copied units, case links and
-- scans. So the column is replaced in place: a nullable copy, the old
-- column dropped (it is in no index, key, view or trigger), the copy
-- renamed. Rows, ids and every reference to documents stay as they are.
ALTER TABLE documents ADD COLUMN reply_due_new TEXT;
UPDATE documents SET reply_due_new = reply_due_on;
ALTER TABLE documents DROP COLUMN reply_due_on;
ALTER TABLE documents RENAME COLUMN reply_due_new TO reply_due_on;

-- Documents registered before this change had their deadline counted from
-- the day of issue, as if received that day: that is what they record.
UPDATE documents SET received_on = issued_on;

-- Action items carry the records' own dates, by which the scoreboard counts
-- them: the day the responsible unit received the duty, and the date of
-- the written answer as the agency states it. Existing items: the day they
-- were entered (Beijing time) and the day they were answered.
ALTER TABLE action_items ADD COLUMN received_on TEXT;
ALTER TABLE action_items ADD COLUMN answered_on TEXT;
UPDATE action_items SET received_on = date(created_at, '+8 hours'),
    answered_on = CASE WHEN answered_at IS NULL THEN NULL ELSE date(answered_at, '+8 hours') END;
-- The scoreboard month reads items received in the month, and items
-- without an answer (or answered since the month began) due by its end.
CREATE INDEX scoreboard_items_received_idx ON action_items (received_on);
CREATE INDEX scoreboard_items_answered_on_idx ON action_items (answered_on, due_on);

-- +goose Down
DROP INDEX scoreboard_items_answered_on_idx;
DROP INDEX scoreboard_items_received_idx;
ALTER TABLE action_items DROP COLUMN answered_on;
ALTER TABLE action_items DROP COLUMN received_on;
-- The old schema needs a deadline on every document: one never received
-- gets its day of issue (it was never counted).
ALTER TABLE documents ADD COLUMN reply_due_old TEXT NOT NULL DEFAULT '';
UPDATE documents SET reply_due_old = COALESCE(reply_due_on, issued_on);
ALTER TABLE documents DROP COLUMN reply_due_on;
ALTER TABLE documents RENAME COLUMN reply_due_old TO reply_due_on;
DROP INDEX documents_received_by_idx;
ALTER TABLE documents DROP COLUMN reply_due_provisional;
ALTER TABLE documents DROP COLUMN reply_period_unit;
ALTER TABLE documents DROP COLUMN reply_period_n;
ALTER TABLE documents DROP COLUMN reply_due_fixed;
ALTER TABLE documents DROP COLUMN received_by;
ALTER TABLE documents DROP COLUMN received_on;
