package db_test

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/migrations"
)

func TestMigrations_FoldersMatch(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(migrations.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	lite, pg := names("sqlite"), names("postgres")
	if !slices.Equal(lite, pg) {
		t.Fatalf("migration folders differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	for _, n := range lite {
		if !strings.HasSuffix(n, ".sql") || len(n) < 6 || n[4] != '_' {
			t.Errorf("migration %q: want NNNN_name.sql", n)
		}
	}
}

func TestMigrate_EmptyDatabase(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	d, _ := dbtest.NewUnmigrated(t)
	ctx := context.Background()
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	// Running again is a no-op, as at every start.
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	var n int64
	if err := d.Conn(ctx).Raw(`SELECT count(*) FROM units`).Scan(&n).Error; err != nil {
		t.Fatalf("units table: %v", err)
	}
}

func TestSQLiteVersion(t *testing.T) {
	if dbtest.Dialect() != db.SQLite {
		t.Skip("SQLite only")
	}
	d := dbtest.New(t)
	var v string
	if err := d.Conn(context.Background()).Raw(`SELECT sqlite_version()`).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	// River's migrations and JSON functions need 3.45 or later.
	var maj, min int
	for i, p := range strings.SplitN(v, ".", 3)[:2] {
		n := 0
		for _, c := range p {
			n = n*10 + int(c-'0')
		}
		if i == 0 {
			maj = n
		} else {
			min = n
		}
	}
	if maj < 3 || (maj == 3 && min < 45) {
		t.Fatalf("SQLite %s: want 3.45 or later", v)
	}
	var fk, journal string
	d.Conn(context.Background()).Raw(`PRAGMA foreign_keys`).Scan(&fk)
	d.Conn(context.Background()).Raw(`PRAGMA journal_mode`).Scan(&journal)
	if fk != "1" || journal != "wal" {
		t.Fatalf("foreign_keys=%s journal_mode=%s, want 1 and wal", fk, journal)
	}
}

func TestWithTx_RollsBack(t *testing.T) {
	d := dbtest.New(t)
	ctx := context.Background()
	now := "2026-01-01 00:00:00"
	err := d.WithTx(ctx, func(ctx context.Context) error {
		if err := d.Conn(ctx).Exec(`INSERT INTO units (name, kind, created_at, updated_at) VALUES ('x', 'agency', ?, ?)`, now, now).Error; err != nil {
			return err
		}
		return context.Canceled
	})
	if err != context.Canceled {
		t.Fatalf("err = %v", err)
	}
	var n int64
	d.Conn(ctx).Raw(`SELECT count(*) FROM units`).Scan(&n)
	if n != 0 {
		t.Fatalf("rolled-back insert is visible: %d rows", n)
	}
}
