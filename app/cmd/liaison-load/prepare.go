package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"liaison/app/demo"
)

// district is a generated database the servers run on.
type district struct {
	DB       string   // sqlite | postgres
	Meetings int      // its size
	Env      []string // LIAISON_* for the liaison binary
	PGURL    string   // the database's URL (postgres only)
	Dir      string   // the data directory (sqlite only)
}

// liaisonBin returns the binary to run, building it when not given.
func liaisonBin(ctx context.Context, o options) (string, error) {
	if o.Liaison != "" {
		return o.Liaison, nil
	}
	if err := os.MkdirAll(o.Work, 0o750); err != nil {
		return "", err
	}
	bin := filepath.Join(o.Work, "liaison")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./app/cmd/liaison")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build liaison (run from the repository root, or pass --liaison): %w", err)
	}
	return bin, nil
}

// prepare returns a district of the given size on db, generating it with
// `liaison demo --scale large --meetings N` unless an earlier run left one
// written by this generator (stamp) within maxAge.
func prepare(ctx context.Context, o options, bin, db string, meetings int, log io2) (district, error) {
	d := district{DB: db, Meetings: meetings}
	if db == "sqlite" {
		dir := filepath.Join(o.Work, fmt.Sprintf("sqlite-%d", meetings))
		d.Env, d.Dir = []string{"LIAISON_DATA_DIR=" + dir, "LIAISON_DATABASE_URL="}, dir
		old, _ := os.ReadFile(filepath.Join(dir, "generated"))
		if fresh(string(old), wall.Now()) {
			return d, nil
		}
		if len(old) > 0 {
			log.Printf("%s: stale district (%q, want %s), generating it again", dir, old, stampPrefix())
		}
		_ = os.RemoveAll(dir)
		if err := generate(ctx, bin, d.Env, meetings, log); err != nil {
			return d, err
		}
		return d, os.WriteFile(filepath.Join(dir, "generated"), []byte(stamp(wall.Now())), 0o640)
	}
	name := fmt.Sprintf("%s_%d", o.DBPrefix, meetings)
	u, err := url.Parse(o.PGURL)
	if err != nil {
		return d, err
	}
	u.Path = "/" + name
	d.PGURL = u.String()
	d.Env = []string{"LIAISON_DATABASE_URL=" + d.PGURL, "LIAISON_DATA_DIR=" + filepath.Join(o.Work, "pg-"+name)}
	admin, err := pgx.Connect(ctx, o.PGURL)
	if err != nil {
		return d, err
	}
	defer admin.Close(ctx)
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return d, err
	}
	if exists {
		// The stamp is the database's comment, set once generation is done.
		var old string
		err := admin.QueryRow(ctx, "SELECT COALESCE(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = $1", name).Scan(&old)
		if err != nil {
			return d, err
		}
		if fresh(old, wall.Now()) {
			return d, nil
		}
		log.Printf("%s: stale district (%q, want %s), generating it again", name, old, stampPrefix())
		if _, err := admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			return d, err
		}
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return d, err
	}
	if err := generate(ctx, bin, d.Env, meetings, log); err != nil {
		return d, err
	}
	// Vacuum and analyse now, or autovacuum does it during the first cells
	// of the run (a feed re-poll cell once measured at half its rate).
	dc, err := pgx.Connect(ctx, d.PGURL)
	if err != nil {
		return d, err
	}
	_, err = dc.Exec(ctx, "VACUUM (ANALYZE)")
	dc.Close(ctx)
	if err != nil {
		return d, fmt.Errorf("vacuum %s: %w", name, err)
	}
	_, err = admin.Exec(ctx, "COMMENT ON DATABASE "+name+" IS '"+stamp(wall.Now())+"'")
	return d, err
}

// maxAge is how long a generated district is reused: its current era is
// placed relative to the day it was written, so an old one has drifted
// (meetings leave the feed window, upcoming ones pass).
const maxAge = 24 * time.Hour

// stamp marks a district written by this generator at t.
func stamp(t time.Time) string { return stampPrefix() + " " + t.UTC().Format(time.RFC3339) }

func stampPrefix() string { return fmt.Sprintf("liaison demo --scale large v%d", demo.LargeVersion) }

// fresh: the stamp is this generator's and younger than maxAge. Districts
// of older generators (no stamp, or another version) are not.
func fresh(s string, now time.Time) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), stampPrefix()+" ")
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339, rest)
	return err == nil && now.Sub(t) < maxAge && t.Before(now.Add(time.Minute))
}

// io2 is where progress goes.
type io2 interface{ Printf(format string, a ...any) }

func generate(ctx context.Context, bin string, env []string, meetings int, log io2) error {
	log.Printf("generating a district of %d meetings (%s)…", meetings, strings.Join(env, " "))
	cmd := exec.CommandContext(ctx, bin, "demo", "--scale", "large", "--meetings", fmt.Sprint(meetings))
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("generate: %w\n%s", err, out)
	}
	log.Printf("%s", out)
	return nil
}
