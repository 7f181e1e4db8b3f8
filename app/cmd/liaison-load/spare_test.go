package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"liaison/app/db/dbtest"
)

// The mixed load's copy of a SQLite district holds its files, changes to
// it leave the district alone, and drop removes it.
func TestSpare_SQLite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sqlite-1000")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "liaison.db"), []byte("district"), 0o640); err != nil {
		t.Fatal(err)
	}
	c, drop, err := spare(context.Background(), options{}, district{DB: "sqlite", Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(c.Dir, "liaison.db"))
	if err != nil || string(got) != "district" || c.Dir == dir {
		t.Fatalf("copy %s: %q %v", c.Dir, got, err)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "liaison.db"), []byte("spent"), 0o640); err != nil {
		t.Fatal(err)
	}
	if orig, _ := os.ReadFile(filepath.Join(dir, "liaison.db")); string(orig) != "district" {
		t.Errorf("the district changed with its copy: %q", orig)
	}
	drop()
	if _, err := os.Stat(c.Dir); !os.IsNotExist(err) {
		t.Errorf("copy not removed: %v", err)
	}
}

// On PostgreSQL the copy is a database made from the district's as a
// template, and drop removes it.
func TestSpare_Postgres(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	raw := os.Getenv(dbtest.EnvURL)
	if raw == "" {
		t.Skip("LIAISON_TEST_DATABASE_URL not set")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("liaison_spare_test_%d", os.Getpid())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") }()
	u, _ := url.Parse(raw)
	u.Path = "/" + name
	src, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Exec(ctx, "CREATE TABLE marker (v TEXT); INSERT INTO marker VALUES ('district')")
	src.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, drop, err := spare(ctx, options{PGURL: raw}, district{DB: "postgres", PGURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := pgx.Connect(ctx, c.PGURL)
	if err != nil {
		t.Fatal(err)
	}
	var v string
	err = cp.QueryRow(ctx, "SELECT v FROM marker").Scan(&v)
	cp.Close(ctx)
	if err != nil || v != "district" || c.PGURL == u.String() {
		t.Fatalf("copy %s: %q %v", c.PGURL, v, err)
	}
	drop()
	var n int
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name+"_spent").Scan(&n); err != nil || n != 0 {
		t.Errorf("copy not dropped: %d %v", n, err)
	}
}
