package search

import (
	"context"
	"math"
	"strings"
	"unicode/utf8"

	"liaison/app/apperr"
	"liaison/app/db"
)

// store reads search_docs.
type store struct{ db *db.DB }

// doc is a row of search_docs.
type doc struct {
	ID        int64
	Kind      string
	RecordID  int64
	MeetingID *int64
	Title     string
	Body      string
}

// trigram is the shortest query the trigram indexes serve.
const trigram = 3

// candidates returns up to n rows whose body contains q (ignoring case),
// with id below before (0: from the newest), newest first.
//
// SQLite: three or more characters go through the FTS5 trigram index;
// shorter ones scan search_docs backwards by id with LIKE, stopping at n
// matches. PostgreSQL: LIKE over folded (lower(body)), which pg_trgm's
// GIN index serves for three or more characters; two characters are
// looked up in the bigram index; one character scans as on SQLite.
func (s *store) candidates(ctx context.Context, q string, before int64, n int) ([]doc, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	out := []doc{}
	c := s.db.Conn(ctx)
	var err error
	long := utf8.RuneCountInString(q) >= trigram
	switch {
	case s.db.Dialect == db.Postgres && long:
		// MATERIALIZED keeps the planner from walking the primary key
		// backwards with the pattern as a filter (it assumes matches
		// spread evenly; they cluster by kind, so it read 200,000 action
		// items to find agenda items): every match comes from the GIN
		// index, at a cost in the number of matches.
		err = c.Raw(`WITH m AS MATERIALIZED (SELECT id FROM search_docs WHERE folded LIKE lower(?) ESCAPE '\' AND id < ?)
			SELECT d.id, d.kind, d.record_id, d.meeting_id, d.title, d.body FROM search_docs d
			WHERE d.id IN (SELECT id FROM m ORDER BY id DESC LIMIT ?) ORDER BY d.id DESC`, db.Contains(q), before, n).Scan(&out).Error
	case s.db.Dialect == db.Postgres && utf8.RuneCountInString(q) == 2:
		// Two characters: the bigram index, then LIKE to keep exactly
		// what the other paths keep (the escape and case rules).
		err = c.Raw(`WITH m AS MATERIALIZED (SELECT id FROM search_docs WHERE bigrams @> ARRAY[lower(?)] AND folded LIKE lower(?) ESCAPE '\' AND id < ?)
			SELECT d.id, d.kind, d.record_id, d.meeting_id, d.title, d.body FROM search_docs d
			WHERE d.id IN (SELECT id FROM m ORDER BY id DESC LIMIT ?) ORDER BY d.id DESC`, q, db.Contains(q), before, n).Scan(&out).Error
	case s.db.Dialect == db.Postgres:
		err = c.Raw(`SELECT id, kind, record_id, meeting_id, title, body FROM search_docs
			WHERE folded LIKE lower(?) ESCAPE '\' AND id < ? ORDER BY id DESC LIMIT ?`, db.Contains(q), before, n).Scan(&out).Error
	case long:
		phrase := `"` + strings.ReplaceAll(q, `"`, `""`) + `"`
		err = c.Raw(`SELECT d.id, d.kind, d.record_id, d.meeting_id, d.title, d.body
			FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH ? AND search_fts.rowid < ? ORDER BY search_fts.rowid DESC LIMIT ?`, phrase, before, n).Scan(&out).Error
	default:
		err = c.Raw(`SELECT id, kind, record_id, meeting_id, title, body FROM search_docs
			WHERE body LIKE ? ESCAPE '\' AND id < ? ORDER BY id DESC LIMIT ?`, db.Contains(q), before, n).Scan(&out).Error
	}
	return out, apperr.Wrap(err, "db")
}
