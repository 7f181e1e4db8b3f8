package db_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/migrations"
)

// TestMigrate_0014KeepsDocuments: migration 0014 (documents' receipt,
// items' own dates) keeps every document with its copied units, case
// links and scans (SQLite replaces the reply_due_on column in place rather
// than rebuilding a table other tables cascade from), makes reply_due_on
// nullable, backfills received_on and the items' dates; down and up again.
func TestMigrate_0014KeepsDocuments(t *testing.T) {
	d, _ := dbtest.NewUnmigrated(t)
	ctx := context.Background()
	sub, err := fs.Sub(migrations.FS, string(d.Dialect))
	if err != nil {
		t.Fatal(err)
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == db.Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, d.SQL(), sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	c := d.Conn(ctx)
	exec := func(q string, args ...any) {
		t.Helper()
		if err := c.Exec(q, args...).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	one := func(q string, args ...any) string {
		t.Helper()
		var s *string
		if err := c.Raw(q, args...).Row().Scan(&s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if s == nil {
			return "NULL"
		}
		return *s
	}
	// 23:30 UTC is the next morning in Beijing.
	exec(`INSERT INTO units (id, name, short_name, kind, active, version, created_at, updated_at) VALUES
		(1, '区检察院', '', 'procuratorate', TRUE, 1, '2026-03-01 00:00:00+00:00', '2026-03-01 00:00:00+00:00'),
		(2, '区人社局', '', 'agency', TRUE, 1, '2026-03-01 00:00:00+00:00', '2026-03-01 00:00:00+00:00'),
		(3, '区司法局', '', 'justice_bureau', TRUE, 1, '2026-03-01 00:00:00+00:00', '2026-03-01 00:00:00+00:00')`)
	exec(`INSERT INTO cases (id, number, kind, respondent_unit_id, origin_unit_id, version, created_at, updated_at)
		VALUES (1, 'K1', '工伤认定', 2, 1, 1, '2026-03-01 00:00:00+00:00', '2026-03-01 00:00:00+00:00')`)
	exec(`INSERT INTO documents (id, type, number, issuing_unit_id, addressee_unit_id, issued_on, reply_due_on, version, created_at, updated_at)
		VALUES (1, 'procuratorial_suggestion', '检建1', 1, 2, '2026-03-02', '2026-05-06', 1, '2026-03-02 01:00:00+00:00', '2026-03-02 01:00:00+00:00')`)
	exec(`INSERT INTO document_cc_units (document_id, unit_id) VALUES (1, 3)`)
	exec(`INSERT INTO document_cases (document_id, case_id) VALUES (1, 1)`)
	exec(`INSERT INTO document_files (document_id, filename, content_type, size, sha256, data, created_at)
		VALUES (1, 'scan.pdf', 'application/pdf', 3, 'x', ?, '2026-03-02 01:00:00+00:00')`, []byte("pdf"))
	exec(`INSERT INTO action_items (id, title, responsible_unit_id, issuing_unit_id, due_on, status, source_kind, source_id, answered_at, version, created_at, updated_at)
		VALUES (1, '检建1', 2, 1, '2026-05-06', 'answered', 'document', 1, '2026-04-09 23:30:00+00:00', 1, '2026-03-02 23:30:00+00:00', '2026-04-09 23:30:00+00:00'),
		(2, '会议事项', 2, 1, '2026-05-06', 'open', 'decision', 1, NULL, 1, '2026-03-05 02:00:00+00:00', '2026-03-05 02:00:00+00:00')`)

	if _, err := p.UpByOne(ctx); err != nil {
		t.Fatalf("0014 up: %v", err)
	}
	checks := [][2]string{
		{one(`SELECT reply_due_on FROM documents WHERE id = 1`), "2026-05-06"},
		{one(`SELECT received_on FROM documents WHERE id = 1`), "2026-03-02"},
		{one(`SELECT received_by FROM documents WHERE id = 1`), "NULL"},
		{one(`SELECT COUNT(*) FROM document_cc_units WHERE document_id = 1`), "1"},
		{one(`SELECT COUNT(*) FROM document_cases WHERE document_id = 1`), "1"},
		{one(`SELECT COUNT(*) FROM document_files WHERE document_id = 1`), "1"},
		{one(`SELECT received_on FROM action_items WHERE id = 1`), "2026-03-03"},
		{one(`SELECT answered_on FROM action_items WHERE id = 1`), "2026-04-10"},
		{one(`SELECT received_on FROM action_items WHERE id = 2`), "2026-03-05"},
		{one(`SELECT answered_on FROM action_items WHERE id = 2`), "NULL"},
	}
	for i, c := range checks {
		if c[0] != c[1] {
			t.Errorf("check %d after up: %s, want %s", i, c[0], c[1])
		}
	}
	// A document awaiting receipt has no deadline.
	exec(`INSERT INTO documents (id, type, number, issuing_unit_id, addressee_unit_id, issued_on, version, created_at, updated_at)
		VALUES (2, 'legal_opinion', '法意1', 1, 2, '2026-03-02', 1, '2026-03-02 01:00:00+00:00', '2026-03-02 01:00:00+00:00')`)
	if got := one(`SELECT reply_due_on FROM documents WHERE id = 2`); got != "NULL" {
		t.Errorf("new document's deadline %s", got)
	}

	if _, err := p.Down(ctx); err != nil {
		t.Fatalf("0014 down: %v", err)
	}
	if got := one(`SELECT reply_due_on FROM documents WHERE id = 2`); got != "2026-03-02" {
		t.Errorf("after down, the unreceived document's deadline is %s", got)
	}
	if got := one(`SELECT COUNT(*) FROM document_files`); got != "1" {
		t.Errorf("after down, %s scans", got)
	}
	if err := c.Exec(`INSERT INTO documents (id, type, number, issuing_unit_id, addressee_unit_id, issued_on, version, created_at, updated_at)
		VALUES (3, 'legal_opinion', '法意2', 1, 2, '2026-03-02', 1, '2026-03-02 01:00:00+00:00', '2026-03-02 01:00:00+00:00')`).Error; err == nil &&
		d.Dialect == db.Postgres {
		t.Error("after down, a document without a deadline was accepted")
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
}
