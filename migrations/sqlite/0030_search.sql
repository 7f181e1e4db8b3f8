-- +goose Up
-- search_docs: one row of searchable text per ordinary record (issue 20
-- item 6). SQL triggers keep it in step with the records, so no service
-- has to remember it. Sensitive and classified records (and the agenda,
-- minutes and decisions of such meetings) never get a row; a record that
-- becomes one loses it. meeting_id is the meeting whose visibility governs
-- the meeting's own row and its agenda items, minutes and decisions.
-- body is what is matched, title what a hit shows (the human key).
CREATE TABLE search_docs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    record_id   BIGINT NOT NULL,
    meeting_id  BIGINT,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX search_docs_key ON search_docs (kind, record_id);
CREATE INDEX search_docs_meeting_idx ON search_docs (meeting_id);

-- SQLite: an FTS5 index with the trigram tokenizer over body (external
-- content: the text is kept once, in search_docs).
CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_docs', content_rowid='id', tokenize='trigram');

-- +goose StatementBegin
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO search_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
-- +goose StatementEnd

-- Meetings: a change of their text or sensitivity rebuilds the rows of
-- the meeting and of everything under it (their title is the meeting's).
-- +goose StatementBegin
CREATE TRIGGER search_meetings_ai AFTER INSERT ON meetings WHEN NEW.sensitivity = 'ordinary' BEGIN
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    VALUES ('meeting', NEW.id, NEW.id, NEW.title,
            NEW.title || ' ' || NEW.description || ' ' || NEW.inspection_scope || ' ' || NEW.findings || ' ' || NEW.report);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_meetings_au AFTER UPDATE ON meetings
WHEN OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description OR OLD.inspection_scope IS NOT NEW.inspection_scope
  OR OLD.findings IS NOT NEW.findings OR OLD.report IS NOT NEW.report OR OLD.sensitivity IS NOT NEW.sensitivity BEGIN
    DELETE FROM search_docs WHERE meeting_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'meeting', NEW.id, NEW.id, NEW.title,
           NEW.title || ' ' || NEW.description || ' ' || NEW.inspection_scope || ' ' || NEW.findings || ' ' || NEW.report
    WHERE NEW.sensitivity = 'ordinary';
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'agenda', a.id, NEW.id, NEW.title, a.title FROM agenda_items a
    WHERE a.meeting_id = NEW.id AND NEW.sensitivity = 'ordinary';
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'minutes', mn.id, NEW.id, NEW.title,
           mn.doc_number || ' ' || mn.body || ' ' || mn.scope || ' ' || mn.analysis || ' ' || mn.opinion FROM minutes mn
    WHERE mn.meeting_id = NEW.id AND NEW.sensitivity = 'ordinary';
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'decision', d.id, NEW.id, NEW.title, d.text FROM decisions d JOIN minutes mn ON mn.id = d.minutes_id
    WHERE mn.meeting_id = NEW.id AND NEW.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_meetings_ad AFTER DELETE ON meetings BEGIN
    DELETE FROM search_docs WHERE meeting_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_agenda_ai AFTER INSERT ON agenda_items BEGIN
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'agenda', NEW.id, m.id, m.title, NEW.title FROM meetings m WHERE m.id = NEW.meeting_id AND m.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_agenda_au AFTER UPDATE ON agenda_items WHEN OLD.title IS NOT NEW.title OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM search_docs WHERE kind = 'agenda' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'agenda', NEW.id, m.id, m.title, NEW.title FROM meetings m WHERE m.id = NEW.meeting_id AND m.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_agenda_ad AFTER DELETE ON agenda_items BEGIN
    DELETE FROM search_docs WHERE kind = 'agenda' AND record_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_minutes_ai AFTER INSERT ON minutes BEGIN
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'minutes', NEW.id, m.id, m.title,
           NEW.doc_number || ' ' || NEW.body || ' ' || NEW.scope || ' ' || NEW.analysis || ' ' || NEW.opinion
    FROM meetings m WHERE m.id = NEW.meeting_id AND m.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_minutes_au AFTER UPDATE ON minutes
WHEN OLD.body IS NOT NEW.body OR OLD.scope IS NOT NEW.scope OR OLD.analysis IS NOT NEW.analysis
  OR OLD.opinion IS NOT NEW.opinion OR OLD.doc_number IS NOT NEW.doc_number BEGIN
    DELETE FROM search_docs WHERE kind = 'minutes' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'minutes', NEW.id, m.id, m.title,
           NEW.doc_number || ' ' || NEW.body || ' ' || NEW.scope || ' ' || NEW.analysis || ' ' || NEW.opinion
    FROM meetings m WHERE m.id = NEW.meeting_id AND m.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_minutes_ad AFTER DELETE ON minutes BEGIN
    DELETE FROM search_docs WHERE kind = 'minutes' AND record_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_decisions_ai AFTER INSERT ON decisions BEGIN
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'decision', NEW.id, m.id, m.title, NEW.text
    FROM minutes mn JOIN meetings m ON m.id = mn.meeting_id WHERE mn.id = NEW.minutes_id AND m.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_decisions_au AFTER UPDATE ON decisions WHEN OLD.text IS NOT NEW.text BEGIN
    DELETE FROM search_docs WHERE kind = 'decision' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, meeting_id, title, body)
    SELECT 'decision', NEW.id, m.id, m.title, NEW.text
    FROM minutes mn JOIN meetings m ON m.id = mn.meeting_id WHERE mn.id = NEW.minutes_id AND m.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_decisions_ad AFTER DELETE ON decisions BEGIN
    DELETE FROM search_docs WHERE kind = 'decision' AND record_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_cases_ai AFTER INSERT ON cases WHEN NEW.sensitivity = 'ordinary' BEGIN
    INSERT INTO search_docs (kind, record_id, title, body)
    VALUES ('case', NEW.id, NEW.number || ' ' || NEW.title, NEW.number || ' ' || NEW.title || ' ' || NEW.summary);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_cases_au AFTER UPDATE ON cases
WHEN OLD.number IS NOT NEW.number OR OLD.title IS NOT NEW.title OR OLD.summary IS NOT NEW.summary OR OLD.sensitivity IS NOT NEW.sensitivity BEGIN
    DELETE FROM search_docs WHERE kind = 'case' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, title, body)
    SELECT 'case', NEW.id, NEW.number || ' ' || NEW.title, NEW.number || ' ' || NEW.title || ' ' || NEW.summary
    WHERE NEW.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_cases_ad AFTER DELETE ON cases BEGIN
    DELETE FROM search_docs WHERE kind = 'case' AND record_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_documents_ai AFTER INSERT ON documents WHEN NEW.sensitivity = 'ordinary' BEGIN
    INSERT INTO search_docs (kind, record_id, title, body)
    VALUES ('document', NEW.id, NEW.number || ' ' || NEW.title, NEW.number || ' ' || NEW.title);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_documents_au AFTER UPDATE ON documents
WHEN OLD.number IS NOT NEW.number OR OLD.title IS NOT NEW.title OR OLD.sensitivity IS NOT NEW.sensitivity BEGIN
    DELETE FROM search_docs WHERE kind = 'document' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, title, body)
    SELECT 'document', NEW.id, NEW.number || ' ' || NEW.title, NEW.number || ' ' || NEW.title
    WHERE NEW.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_documents_ad AFTER DELETE ON documents BEGIN
    DELETE FROM search_docs WHERE kind = 'document' AND record_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_actions_ai AFTER INSERT ON action_items WHEN NEW.sensitivity = 'ordinary' BEGIN
    INSERT INTO search_docs (kind, record_id, title, body) VALUES ('action', NEW.id, NEW.title, NEW.title);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_actions_au AFTER UPDATE ON action_items
WHEN OLD.title IS NOT NEW.title OR OLD.sensitivity IS NOT NEW.sensitivity BEGIN
    DELETE FROM search_docs WHERE kind = 'action' AND record_id = NEW.id;
    INSERT INTO search_docs (kind, record_id, title, body)
    SELECT 'action', NEW.id, NEW.title, NEW.title WHERE NEW.sensitivity = 'ordinary';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_actions_ad AFTER DELETE ON action_items BEGIN
    DELETE FROM search_docs WHERE kind = 'action' AND record_id = OLD.id;
END;
-- +goose StatementEnd

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
DROP TRIGGER search_actions_ad;
DROP TRIGGER search_actions_au;
DROP TRIGGER search_actions_ai;
DROP TRIGGER search_documents_ad;
DROP TRIGGER search_documents_au;
DROP TRIGGER search_documents_ai;
DROP TRIGGER search_cases_ad;
DROP TRIGGER search_cases_au;
DROP TRIGGER search_cases_ai;
DROP TRIGGER search_decisions_ad;
DROP TRIGGER search_decisions_au;
DROP TRIGGER search_decisions_ai;
DROP TRIGGER search_minutes_ad;
DROP TRIGGER search_minutes_au;
DROP TRIGGER search_minutes_ai;
DROP TRIGGER search_agenda_ad;
DROP TRIGGER search_agenda_au;
DROP TRIGGER search_agenda_ai;
DROP TRIGGER search_meetings_ad;
DROP TRIGGER search_meetings_au;
DROP TRIGGER search_meetings_ai;
DROP TABLE search_fts;
DROP TABLE search_docs;
