// Package dbtest gives each test a fresh, migrated database: a SQLite file in
// the test's temp dir, or, when LIAISON_TEST_DATABASE_URL is set, a new
// PostgreSQL schema that is dropped when the test ends. Under CI=true a
// missing Postgres URL fails the run instead of silently testing less.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates schemas

	"liaison/app/clock"
	"liaison/app/clock/clocktest"
	"liaison/app/db"
)

// EnvURL names the variable that selects PostgreSQL for tests.
const EnvURL = "LIAISON_TEST_DATABASE_URL"

// New returns a migrated database for t. Its clock is pinned at this run's
// "now" (clocktest.Now) and runs on from there.
func New(t testing.TB) *db.DB {
	t.Helper()
	d, _ := open(t, true)
	return d
}

// NewUnmigrated returns an empty database and its URL ("" for SQLite path).
func NewUnmigrated(t testing.TB) (*db.DB, db.Options) {
	t.Helper()
	return open(t, false)
}

// Clock returns the pinned clock of a database made by New or
// NewUnmigrated, for tests that move "now".
func Clock(t testing.TB, d *db.DB) *clock.Pinned {
	t.Helper()
	c, ok := d.Clock().(*clock.Pinned)
	if !ok {
		t.Fatal("dbtest.Clock: the database was not opened by dbtest")
	}
	return c
}

// Dialect reports which database the tests run on.
func Dialect() db.Dialect {
	if os.Getenv(EnvURL) != "" {
		return db.Postgres
	}
	return db.SQLite
}

// RequirePostgresInCI fails when CI=true and no Postgres URL is set.
func RequirePostgresInCI(t testing.TB) {
	if os.Getenv("CI") == "true" && os.Getenv(EnvURL) == "" && os.Getenv("LIAISON_TEST_SQLITE_ONLY") == "" {
		t.Fatalf("CI=true but %s is not set", EnvURL)
	}
}

func open(t testing.TB, migrate bool) (*db.DB, db.Options) {
	t.Helper()
	ctx := context.Background()
	o := db.Options{Clock: clocktest.New()}
	if base := os.Getenv(EnvURL); base != "" {
		o.URL = newSchema(t, base)
	} else {
		o.SQLitePath = filepath.Join(t.TempDir(), "test.db")
	}
	d, err := db.Open(ctx, o)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if migrate {
		if err := d.Migrate(ctx); err != nil {
			t.Fatalf("migrate test database: %v", err)
		}
	}
	return d, o
}

// newSchema creates a uniquely named schema and returns base with its
// search_path set to it, so every connection of the pool lands there.
func newSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
