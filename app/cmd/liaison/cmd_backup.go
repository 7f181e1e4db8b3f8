package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"liaison/app/clock"
	"liaison/app/config"
	"liaison/app/db"
)

// pgGuidance is what `liaison backup` prints on PostgreSQL. Running pg_dump
// ourselves was considered and left out: its version must match the
// server's, the connection URL may carry settings (search_path) libpq does
// not accept, and a PostgreSQL deployment's backups belong with its DBA's
// tools and schedule (base backups plus WAL archiving give point-in-time
// recovery, which no dump from here can).
const pgGuidance = `Liaison is using PostgreSQL; back it up with PostgreSQL's own tools:

  nightly logical dump (restore with pg_restore into an empty database):
    pg_dump --format=custom --file=liaison-YYYY-MM-DD.dump "$LIAISON_DATABASE_URL"
    pg_restore --dbname="postgres://…/liaison_restored" liaison-YYYY-MM-DD.dump

  point-in-time recovery: set archive_mode=on and archive_command in
  postgresql.conf, take a base backup with pg_basebackup, and recover with
  restore_command and recovery_target_time (see the PostgreSQL manual,
  "Continuous Archiving and Point-in-Time Recovery").

Uploaded scans live in the database too, so the dump is the whole backup.
`

// backupCmd writes a consistent copy of the SQLite database while the
// server may keep running; on PostgreSQL it explains the tools to use and
// fails, so that a backup script never believes it made a copy.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out string
	fs.StringVar(&out, "out", "", "file to write the copy to (must not exist)")
	cfg, err := config.Load(os.Getenv, fs, args)
	if err != nil {
		return err
	}
	if out == "" {
		return errors.New("backup: --out FILE is required")
	}
	if cfg.DatabaseURL != "" {
		fmt.Fprint(stderr, pgGuidance)
		return db.ErrBackupPostgres
	}
	if _, err := os.Stat(cfg.SQLitePath()); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", cfg.SQLitePath(), err)
	}
	d, err := db.Open(ctx, db.Options{SQLitePath: cfg.SQLitePath()})
	if err != nil {
		return err
	}
	defer d.Close()
	sw := clock.StartStopwatch()
	if err := d.Backup(ctx, out); err != nil {
		return err
	}
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s (%d bytes) in %s\n", cfg.SQLitePath(), out, st.Size(), sw.Elapsed().Round(time.Millisecond))
	return nil
}
