-- +goose Up
-- exclusive: the room may not be double-booked; a clashing create or move
-- is refused (409) instead of warned about.
ALTER TABLE rooms ADD COLUMN exclusive BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE rooms DROP COLUMN exclusive;
