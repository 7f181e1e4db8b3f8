package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/demo"
	"liaison/app/prooftest"
)

// drillTables are the records a restore must bring back row for row. The
// job engine's and the mail reconciler's tables are left out: a running
// server writes them on its own between the copy and the comparison.
var drillTables = []string{"units", "users", "cases", "case_notifications", "documents", "meetings", "meeting_attendees",
	"agenda_items", "minutes", "decisions", "action_items", "action_escalations", "action_feedback", "meeting_files"}

// drillSnapshot reads drillTables of the database at o.
func drillSnapshot(t *testing.T, o db.Options) dbtest.Snapshot {
	t.Helper()
	d, err := db.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	all := dbtest.Take(t, d)
	out := dbtest.Snapshot{}
	for _, n := range drillTables {
		if _, ok := all[n]; !ok {
			t.Fatalf("table %s missing", n)
		}
		out[n] = all[n]
	}
	return out
}

// meetingsSeen signs in as a demo secretary at base and returns the titles
// of the meetings she sees.
func meetingsSeen(t *testing.T, base string) []string {
	t.Helper()
	c := newClient(base)
	c.signIn(t, "wang.fang", demo.Password)
	var page struct {
		Items []struct {
			Title string `json:"title"`
		} `json:"items"`
	}
	c.getJSON(t, "/api/v1/meetings?limit=200", &page)
	var out []string
	for _, m := range page.Items {
		out = append(out, m.Title)
	}
	slices.Sort(out)
	return out
}

// TestProof_BackupRestoreSQLite backs up a running server's database with
// `liaison backup` (VACUUM INTO), starts a second server on the copy, and
// checks the records and what a user sees are the same.
func TestProof_BackupRestoreSQLite(t *testing.T) {
	prooftest.SkipInShort(t)
	if dbtest.Dialect() != db.SQLite {
		t.Skip("SQLite drill; the PostgreSQL drill is TestProof_BackupRestorePostgres")
	}
	t.Parallel()
	src, dst := t.TempDir(), t.TempDir()
	if _, err := runCmd(t, "", "demo", "--data-dir", src, "--database-url", ""); err != nil {
		t.Fatal(err)
	}
	orig := startServe(t, []string{"LIAISON_DATA_DIR=" + src})
	seen := meetingsSeen(t, orig.URL)
	if len(seen) == 0 {
		t.Fatal("the demo secretary sees no meeting")
	}

	// Online: the server keeps running (and writing its job tables) meanwhile.
	out := filepath.Join(dst, "liaison.db")
	msg, err := runCmd(t, "", "backup", "--out", out, "--data-dir", src, "--database-url", "")
	if err != nil || !strings.Contains(msg, "written to") {
		t.Fatalf("backup: %q %v", msg, err)
	}
	if _, err := runCmd(t, "", "backup", "--out", out, "--data-dir", src, "--database-url", ""); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("second backup over the first: %v", err)
	}
	if _, err := runCmd(t, "", "backup", "--data-dir", src, "--database-url", ""); err == nil {
		t.Error("backup without --out")
	}

	orig.signal(syscall.SIGTERM)
	if err := orig.wait(30 * time.Second); err != nil {
		t.Fatalf("original server: %v", err)
	}
	want := drillSnapshot(t, db.Options{SQLitePath: filepath.Join(src, "liaison.db")})
	got := drillSnapshot(t, db.Options{SQLitePath: out})
	if d := want.Diff(got); d != "" {
		t.Fatalf("the copy differs from the original:\n%s", tail(d, 4000))
	}

	restored := startServe(t, []string{"LIAISON_DATA_DIR=" + dst})
	if again := meetingsSeen(t, restored.URL); !slices.Equal(again, seen) {
		t.Errorf("after restore wang.fang sees %v, before %v", again, seen)
	}
	t.Logf("restored %d meetings, %d action items, %d documents, %d users; wang.fang sees %d meetings on both",
		got.Count("meetings"), got.Count("action_items"), got.Count("documents"), got.Count("users"), len(seen))
}

// TestProof_BackupRestorePostgres: `liaison backup` refuses PostgreSQL with
// guidance; the documented pg_dump / pg_restore restores into a fresh
// database on which Liaison starts and shows the same records.
func TestProof_BackupRestorePostgres(t *testing.T) {
	prooftest.SkipInShort(t)
	if dbtest.Dialect() != db.Postgres {
		dbtest.RequirePostgresInCI(t)
		t.Skip("PostgreSQL drill: set " + dbtest.EnvURL)
	}
	t.Parallel()
	pgDump, pgRestore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	_, o := dbtest.NewUnmigrated(t)
	if _, err := runCmd(t, "", "demo", "--database-url", o.URL); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	err := run(context.Background(), []string{"backup", "--out", filepath.Join(t.TempDir(), "x"), "--database-url", o.URL}, nil, &strings.Builder{}, &stderr)
	if !errors.Is(err, db.ErrBackupPostgres) || !strings.Contains(stderr.String(), "pg_dump") || !strings.Contains(stderr.String(), "point-in-time") {
		t.Fatalf("backup on PostgreSQL: %v\n%s", err, stderr.String())
	}

	orig := startServe(t, []string{"LIAISON_DATABASE_URL=" + o.URL})
	seen := meetingsSeen(t, orig.URL)

	base, schema := splitSchema(t, o.URL)
	dump := filepath.Join(t.TempDir(), "liaison.dump")
	pgRun(t, pgDump, "--format=custom", "--schema="+schema, "--file="+dump, base)
	restoredBase := freshDatabase(t, base)
	// A dump of one schema leaves out the extensions, which live in public
	// (README "Backups"): the restore installs pg_trgm first, as documented.
	ext, err := sql.Open("pgx", restoredBase)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ext.Exec("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"); err != nil {
		t.Fatal(err)
	}
	ext.Close()
	pgRun(t, pgRestore, "--no-owner", "--dbname="+restoredBase, dump)
	restoredURL := withSchema(t, restoredBase, schema)

	want := drillSnapshot(t, db.Options{URL: o.URL})
	got := drillSnapshot(t, db.Options{URL: restoredURL})
	if d := want.Diff(got); d != "" {
		t.Fatalf("the restored database differs:\n%s", tail(d, 4000))
	}
	restored := startServe(t, []string{"LIAISON_DATABASE_URL=" + restoredURL})
	if again := meetingsSeen(t, restored.URL); !slices.Equal(again, seen) {
		t.Errorf("after restore wang.fang sees %v, before %v", again, seen)
	}
	t.Logf("restored %d meetings, %d action items, %d documents, %d users; wang.fang sees %d meetings on both",
		got.Count("meetings"), got.Count("action_items"), got.Count("documents"), got.Count("users"), len(seen))
}

// pgTool finds a PostgreSQL client program on PATH or in Debian's place.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	p := filepath.Join("/usr/lib/postgresql/15/bin", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found (CI must run the restore drill)", name)
	}
	t.Skipf("%s not found", name)
	return ""
}

func pgRun(t *testing.T, bin string, args ...string) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(bin), args, err, out)
	}
}

// splitSchema returns the URL without its search_path and the schema.
func splitSchema(t *testing.T, raw string) (string, string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema
}

func withSchema(t *testing.T, raw, schema string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// freshDatabase creates an empty database on base's server, dropped when
// the test ends, and returns its URL.
func freshDatabase(t *testing.T, base string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "drill_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		if _, err := a.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
