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
)

// district is a generated database the servers run on.
type district struct {
	DB       string   // sqlite | postgres
	Meetings int      // its size
	Env      []string // LIAISON_* for the liaison binary
	PGURL    string   // the database's URL (postgres only)
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
// `liaison demo --scale large --meetings N` unless an earlier run left one.
func prepare(ctx context.Context, o options, bin, db string, meetings int, log io2) (district, error) {
	d := district{DB: db, Meetings: meetings}
	if db == "sqlite" {
		dir := filepath.Join(o.Work, fmt.Sprintf("sqlite-%d", meetings))
		d.Env = []string{"LIAISON_DATA_DIR=" + dir, "LIAISON_DATABASE_URL="}
		if _, err := os.Stat(filepath.Join(dir, "generated")); err == nil {
			return d, nil
		}
		_ = os.RemoveAll(dir)
		if err := generate(ctx, bin, d.Env, meetings, log); err != nil {
			return d, err
		}
		return d, os.WriteFile(filepath.Join(dir, "generated"), []byte(time.Now().Format(time.RFC3339)), 0o640)
	}
	name := fmt.Sprintf("liaison_load_%d", meetings)
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
		c, err := pgx.Connect(ctx, d.PGURL)
		if err != nil {
			return d, err
		}
		var n int64
		err = c.QueryRow(ctx, "SELECT COUNT(*) FROM meetings").Scan(&n)
		c.Close(ctx)
		if err == nil && n == int64(meetings) {
			return d, nil
		}
		if _, err := admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			return d, err
		}
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return d, err
	}
	return d, generate(ctx, bin, d.Env, meetings, log)
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
