package db

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBackupPostgres is Backup's answer on PostgreSQL, whose own tools
// (pg_dump, or base backups with WAL archiving for point-in-time recovery)
// are the right way to copy a server the operator runs.
var ErrBackupPostgres = errors.New("backup: PostgreSQL is backed up with its own tools (pg_dump, or pg_basebackup with WAL archiving)")

// Backup writes a consistent copy of the SQLite database to out while the
// application keeps running: VACUUM INTO reads one snapshot of the database
// (WAL included) inside a read transaction, so writers are not blocked and
// the copy is never half a write. The copy is written next to out and
// renamed into place, so out is either absent or complete; an existing out
// is refused rather than overwritten.
func (d *DB) Backup(ctx context.Context, out string) error {
	if d.Dialect != SQLite {
		return ErrBackupPostgres
	}
	if out == "" {
		return errors.New("backup: no output file")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s already exists", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := out + ".partial"
	_ = os.Remove(tmp) // left by an interrupted run
	if _, err := d.SQL().ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
