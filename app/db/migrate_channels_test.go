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

// TestMigrate_0019DownAndUp: the unit channels migration goes down (the
// outbox loses its channel columns, keeping its mail) and up again.
func TestMigrate_0019DownAndUp(t *testing.T) {
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
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	c := d.Conn(ctx)
	if err := c.Exec(`INSERT INTO outbox (kind, dedupe_key, recipient, message_id, message, status, created_at)
		VALUES ('reminder', 'k', 'a@example.gov.cn', 'm', ?, 'queued', ?)`, []byte("x"), d.Now()).Error; err != nil {
		t.Fatal(err)
	}
	var ch string
	if err := c.Raw(`SELECT channel FROM outbox WHERE dedupe_key = 'k'`).Scan(&ch).Error; err != nil || ch != "mail" {
		t.Fatalf("an existing mail's channel: %q (%v)", ch, err)
	}
	if _, err := p.Down(ctx); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := c.Raw(`SELECT COUNT(*) FROM outbox`).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("down lost the outbox: %d (%v)", n, err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
}
