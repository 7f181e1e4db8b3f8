// Package db opens the database (embedded SQLite or PostgreSQL), runs the
// migrations, and carries transactions in the context. Only this package and
// the domain packages' store.go files touch GORM.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"liaison/app/clock"
)

// Dialect names the database kind.
type Dialect string

// The two supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the process's database handle.
type DB struct {
	gorm    *gorm.DB
	Dialect Dialect
	clock   clock.Clock
}

// Options configure Open.
type Options struct {
	URL        string // postgres:// URL; empty for SQLite
	SQLitePath string // file path when URL is empty
	Logger     *slog.Logger
	// Clock is the process's one clock; nil means the wall clock. Every
	// service and store reads the time through the handle (Now), and GORM
	// stamps created_at/updated_at from it too.
	Clock clock.Clock
}

// Open connects and configures the pool; it does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	clk := o.Clock
	if clk == nil {
		clk = clock.System()
	}
	cfg := &gorm.Config{
		Logger:                                   logger.Discard,
		NowFunc:                                  func() time.Time { return clk.Now().UTC() },
		DisableForeignKeyConstraintWhenMigrating: true,
		TranslateError:                           true,
		PrepareStmt:                              false,
	}
	var (
		g   *gorm.DB
		d   Dialect
		err error
	)
	if o.URL != "" {
		d = Postgres
		g, err = gorm.Open(postgres.Open(o.URL), cfg)
	} else {
		d = SQLite
		if dir := dirOf(o.SQLitePath); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create data dir: %w", err)
			}
		}
		g, err = gorm.Open(sqlite.Open(sqliteDSN(o.SQLitePath)), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", d, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	if d == SQLite {
		// One writer at a time is SQLite's rule; a small pool with a busy
		// timeout and IMMEDIATE transactions avoids SQLITE_BUSY under load.
		// Queries run on the process's own cores, so more connections than
		// twice the cores only add page caches (each keeps its own).
		n := max(4, 2*runtime.NumCPU())
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
	} else {
		sqlDB.SetMaxOpenConns(25)
		sqlDB.SetMaxIdleConns(25)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to %s: %w", d, err)
	}
	return &DB{gorm: g, Dialect: d, clock: clk}, nil
}

func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	// _txlock=immediate makes every transaction take the write lock at BEGIN,
	// so two writers queue on busy_timeout instead of failing on upgrade.
	return "file:" + path + sep + "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

func dirOf(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	if i <= 0 {
		return ""
	}
	return p[:i]
}

// Now returns the current instant in UTC from the process's clock.
func (d *DB) Now() time.Time { return d.clock.Now().UTC() }

// Clock returns the process's clock, for what needs the clock itself
// (River's time generator, a service built outside the handle).
func (d *DB) Clock() clock.Clock { return d.clock }

// SQL returns the underlying pool.
func (d *DB) SQL() *sql.DB {
	s, _ := d.gorm.DB()
	return s
}

// Close closes the pool.
func (d *DB) Close() error { return d.SQL().Close() }

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return d.SQL().PingContext(ctx)
}

type txKey struct{}

// Conn returns the transaction carried by ctx, or the pool, bound to ctx.
func (d *DB) Conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return d.gorm.WithContext(ctx)
}

// WithTx runs fn in a transaction carried by the ctx it is given; a nested
// call joins the outer transaction, so services compose.
func (d *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	defer commits.Add(1) // after COMMIT or ROLLBACK: see Commits
	return d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		hooks := &commitHooks{}
		ctx := context.WithValue(context.WithValue(ctx, txKey{}, tx), hooksKey{}, hooks)
		if err := fn(ctx); err != nil {
			return err
		}
		// A hook may register another; index, not range, runs those too.
		for i := 0; i < len(hooks.fns); i++ {
			if err := hooks.fns[i](ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

type hooksKey struct{}

type commitHooks struct{ fns []func(context.Context) error }

// BeforeCommit runs fn as the last work of the outermost transaction in
// ctx, after its body succeeded and before COMMIT; an error rolls the whole
// transaction back. Without a transaction fn runs at once, in its own. The
// audit chain uses it so that its lock is taken last and held only for the
// moment of commit: taken earlier, a writer holding it could wait on a row
// lock whose holder waits for the chain — a deadlock.
func (d *DB) BeforeCommit(ctx context.Context, fn func(ctx context.Context) error) error {
	if h, ok := ctx.Value(hooksKey{}).(*commitHooks); ok {
		h.fns = append(h.fns, fn)
		return nil
	}
	return d.WithTx(ctx, fn)
}

// InTx reports whether ctx carries a transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}

// IsUnique reports a unique-constraint violation (both dialects).
func IsUnique(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// IsNotFound reports GORM's record-not-found.
func IsNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// IsForeignKey reports a foreign-key violation (both dialects).
func IsForeignKey(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || strings.Contains(s, "SQLSTATE 23503")
}

// Contains returns a LIKE pattern matching s anywhere, with s's own wildcards
// escaped; use it with `LIKE ? ESCAPE '\'`.
func Contains(s string) string {
	r := make([]rune, 0, len(s)+2)
	r = append(r, '%')
	for _, c := range s {
		if c == '%' || c == '_' || c == '\\' {
			r = append(r, '\\')
		}
		r = append(r, c)
	}
	return string(append(r, '%'))
}
