-- +goose Up
-- PostgreSQL gets trigram indexes for the pickers' searches inside names
-- here (see its 0035). SQLite, the single-instance embedded database, has
-- no index for LIKE '%…%' outside FTS5; its districts are small enough for
-- these scans, and the search box (0030) has its FTS5 index. Nothing to do.
SELECT 1;

-- +goose Down
SELECT 1;
