-- +goose Up
-- The pickers and list filters search inside names (LIKE '%…%'): cases by
-- 案号 or title, people by name or account, meetings by title. On
-- PostgreSQL pg_trgm's GIN indexes serve those from three characters on
-- (shorter queries scan, as trigrams cannot serve them). The extension is
-- created once in public by migration 0030 where the server has it; where
-- it has not, the filters keep working by scanning.
-- +goose StatementBegin
DO $$
DECLARE nsp TEXT;
BEGIN
    SELECT n.nspname INTO nsp FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF nsp IS NOT NULL THEN
        EXECUTE format('CREATE INDEX cases_number_trgm ON cases USING gin (number %I.gin_trgm_ops)', nsp);
        EXECUTE format('CREATE INDEX cases_title_trgm ON cases USING gin (title %I.gin_trgm_ops)', nsp);
        EXECUTE format('CREATE INDEX users_display_name_trgm ON users USING gin (display_name %I.gin_trgm_ops)', nsp);
        EXECUTE format('CREATE INDEX users_username_trgm ON users USING gin (username %I.gin_trgm_ops)', nsp);
        EXECUTE format('CREATE INDEX meetings_title_trgm ON meetings USING gin (lower(title) %I.gin_trgm_ops)', nsp);
    END IF;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS meetings_title_trgm;
DROP INDEX IF EXISTS users_username_trgm;
DROP INDEX IF EXISTS users_display_name_trgm;
DROP INDEX IF EXISTS cases_title_trgm;
DROP INDEX IF EXISTS cases_number_trgm;
