-- +goose Up
-- search_docs: one row of searchable text per ordinary record (issue 20
-- item 6). SQL triggers keep it in step with the records, so no service
-- has to remember it. Sensitive and classified records (and the agenda,
-- minutes and decisions of such meetings) never get a row; a record that
-- becomes one loses it. meeting_id is the meeting whose visibility governs
-- the meeting's own row and its agenda items, minutes and decisions.
-- body is what is matched, title what a hit shows (the human key).
-- search_bigrams: the distinct two-character substrings of t, which a
-- GIN index over search_docs.bigrams looks two-character queries up in
-- (trigrams cannot serve them).
-- +goose StatementBegin
CREATE FUNCTION search_bigrams(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, length(t) - 1) AS i
$$;
-- +goose StatementEnd

CREATE TABLE search_docs (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   BIGINT NOT NULL,
    meeting_id  BIGINT,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    -- body in lower case, matched with LIKE: as fast as a case-sensitive
    -- match (ILIKE folds every row it tests, several times slower)
    folded      TEXT GENERATED ALWAYS AS (lower(body)) STORED,
    bigrams     TEXT[] GENERATED ALWAYS AS (search_bigrams(lower(body))) STORED
);
CREATE UNIQUE INDEX search_docs_key ON search_docs (kind, record_id);
CREATE INDEX search_docs_bigrams ON search_docs USING gin (bigrams) WITH (fastupdate = off);
CREATE INDEX search_docs_meeting_idx ON search_docs (meeting_id);

-- PostgreSQL: pg_trgm's GIN index serves folded LIKE '%…%' for three or
-- more characters. fastupdate is off: records change seldom, and a long
-- pending list would make the planner (rightly) prefer a full scan until
-- vacuum merged it. The extension is database-wide: it is created once (in
-- public, so that dropping one instance's or test's schema cannot take it
-- along) and found wherever it already is. Where the server lacks the
-- extension, search still works by scanning, without the index.
-- +goose StatementBegin
DO $$
DECLARE nsp TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION pg_trgm SCHEMA public;
        EXCEPTION WHEN unique_violation OR duplicate_object THEN
            NULL; -- created at the same moment by another migration
        WHEN OTHERS THEN
            RAISE WARNING 'pg_trgm unavailable (%): search runs without its index', SQLERRM;
        END;
    END IF;
    SELECT n.nspname INTO nsp FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF nsp IS NOT NULL THEN
        EXECUTE format('CREATE INDEX search_docs_folded_trgm ON search_docs USING gin (folded %I.gin_trgm_ops) WITH (fastupdate = off)', nsp);
    END IF;
END $$;
-- +goose StatementEnd

-- search_refresh_meeting rebuilds the rows of a meeting and of its agenda,
-- minutes and decisions (their title is the meeting's).
-- +goose StatementBegin
CREATE FUNCTION search_refresh_meeting(mid BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_docs WHERE meeting_id = mid;
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'meeting', m.id, m.id, m.title, m.title || ' ' || m.description || ' ' || m.inspection_scope || ' ' || m.findings || ' ' || m.report
    FROM meetings m WHERE m.id = mid AND m.sensitivity = 'ordinary';
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'agenda', a.id, m.id, m.title, a.title FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
    WHERE m.id = mid AND m.sensitivity = 'ordinary';
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'minutes', mn.id, m.id, m.title, mn.doc_number || ' ' || mn.body || ' ' || mn.scope || ' ' || mn.analysis || ' ' || mn.opinion
    FROM minutes mn JOIN meetings m ON m.id = mn.meeting_id WHERE m.id = mid AND m.sensitivity = 'ordinary';
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'decision', d.id, m.id, m.title, d.text FROM decisions d JOIN minutes mn ON mn.id = d.minutes_id
    JOIN meetings m ON m.id = mn.meeting_id WHERE m.id = mid AND m.sensitivity = 'ordinary';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION search_meetings_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE meeting_id = OLD.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.title = NEW.title AND OLD.description = NEW.description AND OLD.inspection_scope = NEW.inspection_scope
       AND OLD.findings = NEW.findings AND OLD.report = NEW.report AND OLD.sensitivity = NEW.sensitivity THEN
        RETURN NULL;
    END IF;
    PERFORM search_refresh_meeting(NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_meetings AFTER INSERT OR UPDATE OR DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION search_meetings_sync();

-- +goose StatementBegin
CREATE FUNCTION search_agenda_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.title = NEW.title AND OLD.meeting_id = NEW.meeting_id THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_docs WHERE kind = 'agenda' AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
        SELECT 'agenda', NEW.id, m.id, m.title, NEW.title FROM meetings m WHERE m.id = NEW.meeting_id AND m.sensitivity = 'ordinary';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_agenda AFTER INSERT OR UPDATE OR DELETE ON agenda_items FOR EACH ROW EXECUTE FUNCTION search_agenda_sync();

-- +goose StatementBegin
CREATE FUNCTION search_minutes_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.body = NEW.body AND OLD.scope = NEW.scope AND OLD.analysis = NEW.analysis
       AND OLD.opinion = NEW.opinion AND OLD.doc_number = NEW.doc_number THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_docs WHERE kind = 'minutes' AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
        SELECT 'minutes', NEW.id, m.id, m.title, NEW.doc_number || ' ' || NEW.body || ' ' || NEW.scope || ' ' || NEW.analysis || ' ' || NEW.opinion
        FROM meetings m WHERE m.id = NEW.meeting_id AND m.sensitivity = 'ordinary';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_minutes AFTER INSERT OR UPDATE OR DELETE ON minutes FOR EACH ROW EXECUTE FUNCTION search_minutes_sync();

-- +goose StatementBegin
CREATE FUNCTION search_decisions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.text = NEW.text THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_docs WHERE kind = 'decision' AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
        SELECT 'decision', NEW.id, m.id, m.title, NEW.text
        FROM minutes mn JOIN meetings m ON m.id = mn.meeting_id WHERE mn.id = NEW.minutes_id AND m.sensitivity = 'ordinary';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_decisions AFTER INSERT OR UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION search_decisions_sync();

-- +goose StatementBegin
CREATE FUNCTION search_cases_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.number = NEW.number AND OLD.title = NEW.title AND OLD.summary = NEW.summary AND OLD.sensitivity = NEW.sensitivity THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_docs WHERE kind = 'case' AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.sensitivity = 'ordinary' THEN
        INSERT INTO search_docs (kind, record_id, title, body)
        VALUES ('case', NEW.id, NEW.number || ' ' || NEW.title, NEW.number || ' ' || NEW.title || ' ' || NEW.summary);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_cases AFTER INSERT OR UPDATE OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION search_cases_sync();

-- +goose StatementBegin
CREATE FUNCTION search_documents_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.number = NEW.number AND OLD.title = NEW.title AND OLD.sensitivity = NEW.sensitivity THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_docs WHERE kind = 'document' AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.sensitivity = 'ordinary' THEN
        INSERT INTO search_docs (kind, record_id, title, body)
        VALUES ('document', NEW.id, NEW.number || ' ' || NEW.title, NEW.number || ' ' || NEW.title);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_documents AFTER INSERT OR UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION search_documents_sync();

-- +goose StatementBegin
CREATE FUNCTION search_actions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.title = NEW.title AND OLD.sensitivity = NEW.sensitivity THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_docs WHERE kind = 'action' AND record_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.sensitivity = 'ordinary' THEN
        INSERT INTO search_docs (kind, record_id, title, body) VALUES ('action', NEW.id, NEW.title, NEW.title);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_actions AFTER INSERT OR UPDATE OR DELETE ON action_items FOR EACH ROW EXECUTE FUNCTION search_actions_sync();

-- The records already there.
INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
SELECT 'meeting', id, id, title, title || ' ' || description || ' ' || inspection_scope || ' ' || findings || ' ' || report
FROM meetings WHERE sensitivity = 'ordinary';
INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
SELECT 'agenda', a.id, m.id, m.title, a.title FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE m.sensitivity = 'ordinary';
INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
SELECT 'minutes', mn.id, m.id, m.title, mn.doc_number || ' ' || mn.body || ' ' || mn.scope || ' ' || mn.analysis || ' ' || mn.opinion
FROM minutes mn JOIN meetings m ON m.id = mn.meeting_id WHERE m.sensitivity = 'ordinary';
INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
SELECT 'decision', d.id, m.id, m.title, d.text FROM decisions d JOIN minutes mn ON mn.id = d.minutes_id JOIN meetings m ON m.id = mn.meeting_id
WHERE m.sensitivity = 'ordinary';
INSERT INTO search_docs (kind, record_id, title, body)
SELECT 'case', id, number || ' ' || title, number || ' ' || title || ' ' || summary FROM cases WHERE sensitivity = 'ordinary';
INSERT INTO search_docs (kind, record_id, title, body)
SELECT 'document', id, number || ' ' || title, number || ' ' || title FROM documents WHERE sensitivity = 'ordinary';
INSERT INTO search_docs (kind, record_id, title, body)
SELECT 'action', id, title, title FROM action_items WHERE sensitivity = 'ordinary';

-- +goose Down
DROP TRIGGER search_actions ON action_items;
DROP TRIGGER search_documents ON documents;
DROP TRIGGER search_cases ON cases;
DROP TRIGGER search_decisions ON decisions;
DROP TRIGGER search_minutes ON minutes;
DROP TRIGGER search_agenda ON agenda_items;
DROP TRIGGER search_meetings ON meetings;
DROP FUNCTION search_actions_sync();
DROP FUNCTION search_documents_sync();
DROP FUNCTION search_cases_sync();
DROP FUNCTION search_decisions_sync();
DROP FUNCTION search_minutes_sync();
DROP FUNCTION search_agenda_sync();
DROP FUNCTION search_meetings_sync();
DROP FUNCTION search_refresh_meeting(BIGINT);
DROP TABLE search_docs;
DROP FUNCTION search_bigrams(TEXT);
