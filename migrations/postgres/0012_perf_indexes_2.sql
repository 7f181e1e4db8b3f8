-- +goose Up
-- The scoreboard month counts its figures in SQL; with these indexes each
-- branch of its WHERE is an index range (items due in the month; items
-- without an answer due by its end), so the month costs the items that
-- count in it, not every item of the district's history. The due_on index
-- also gives the action list its order (due_on, id) without sorting all of
-- a unit's items.
CREATE INDEX scoreboard_items_due_on_idx ON action_items (due_on);
CREATE INDEX scoreboard_items_unanswered_idx ON action_items (answered_at, due_on);

-- +goose Down
DROP INDEX scoreboard_items_unanswered_idx;
DROP INDEX scoreboard_items_due_on_idx;
