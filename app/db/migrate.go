package db

import (
	"context"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"liaison/migrations"
)

// Migrate applies every pending migration of the dialect. On PostgreSQL a
// session advisory lock serialises instances that start at the same moment.
// The lock id is derived from the schema being migrated: advisory locks are
// database-wide, and instances of one deployment share a schema, while
// separate schemas (the test suite's, or two deployments on one database)
// need not wait for each other.
func (d *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations.FS, string(d.Dialect))
	if err != nil {
		return err
	}
	var opts []goose.ProviderOption
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		var schema string
		if err := d.SQL().QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("liaison-migrate:" + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64() >> 1)))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, d.SQL(), sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
