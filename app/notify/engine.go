package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"liaison/app/db"
)

// queue is River's queue for this package's jobs.
const queue = "notify"

// migrateLock is the advisory lock key that serialises River's migrations
// when several instances start at once.
const migrateLock = 7_431_902_215

// engine is the running River client, whichever driver it uses.
type engine struct {
	start, stop, stopAndCancel func(context.Context) error
	insertMany                 func(context.Context, []river.InsertManyParams) error
	insert                     func(context.Context, river.JobArgs, *river.InsertOpts) error
	insertTx                   insertTxFunc
	addPeriodic                func(*river.PeriodicJob)
	closePool                  func()
}

// deliverArgs asks for one outbox row; Attempt makes each retry a distinct
// unique job, while a duplicate relay of the same attempt is dropped.
type deliverArgs struct {
	OutboxID int64 `json:"outbox_id"`
	Attempt  int   `json:"attempt"`
}

func (deliverArgs) Kind() string { return "notify.deliver" }

type relayArgs struct{}

func (relayArgs) Kind() string { return "notify.relay" }

type periodicArgs struct {
	Name string `json:"name"`
}

func (periodicArgs) Kind() string { return "notify.periodic" }

type deliverWorker struct {
	river.WorkerDefaults[deliverArgs]
	s *Service
}

// Timeout outlasts the SMTP deadline so River never cancels a send midway.
func (w *deliverWorker) Timeout(*river.Job[deliverArgs]) time.Duration {
	return w.s.opts.SMTPTimeout + time.Minute
}

func (w *deliverWorker) Work(ctx context.Context, j *river.Job[deliverArgs]) error {
	again, err := w.s.deliver(ctx, j.Args.OutboxID)
	if err == nil && !again.IsZero() {
		return river.JobSnooze(again.Sub(w.s.opts.Now()) + 100*time.Millisecond)
	}
	return err
}

type relayWorker struct {
	river.WorkerDefaults[relayArgs]
	s *Service
}

func (w *relayWorker) Work(ctx context.Context, _ *river.Job[relayArgs]) error { return w.s.relay(ctx) }

type periodicWorker struct {
	river.WorkerDefaults[periodicArgs]
	s *Service
}

func (w *periodicWorker) Work(ctx context.Context, j *river.Job[periodicArgs]) error {
	w.s.mu.Lock()
	p, ok := w.s.periodic[j.Args.Name]
	w.s.mu.Unlock()
	if !ok {
		return nil // registered by another version of the program
	}
	return p.fn(ctx)
}

func (s *Service) riverConfig() *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{s: s})
	river.AddWorker(workers, &relayWorker{s: s})
	river.AddWorker(workers, &periodicWorker{s: s})
	river.AddWorker(workers, &taskWorker{s: s})
	jobs := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(s.opts.PollInterval),
		func() (river.JobArgs, *river.InsertOpts) {
			return relayArgs{}, &river.InsertOpts{Queue: queue, MaxAttempts: 1}
		}, &river.PeriodicJobOpts{ID: "notify.relay", RunOnStart: true})}
	s.mu.Lock()
	for _, p := range s.periodic {
		jobs = append(jobs, p.job())
	}
	s.mu.Unlock()
	return &river.Config{
		ID:                          s.worker,
		Queues:                      map[string]river.QueueConfig{queue: {MaxWorkers: s.opts.Workers}},
		Workers:                     workers,
		PeriodicJobs:                jobs,
		FetchPollInterval:           min(s.opts.PollInterval, time.Second),
		CompletedJobRetentionPeriod: 6 * time.Hour,
		Logger:                      slog.New(quiet{s.log.Handler(), slog.LevelWarn}),
	}
}

// newEngine opens River on the dialect's driver and runs River's own
// migrations (after goose's, which Start's caller has run), under a lock so
// that instances starting together do not race.
func (s *Service) newEngine(ctx context.Context) (*engine, error) {
	cfg := s.riverConfig()
	switch s.db.Dialect {
	case db.Postgres:
		pool, err := pgxpool.New(ctx, s.db.URL())
		if err != nil {
			return nil, fmt.Errorf("river: %w", err)
		}
		drv := riverpgxv5.New(pool)
		err = migratePostgres(ctx, pool, drv)
		if err == nil {
			var c *river.Client[pgx.Tx]
			if c, err = river.NewClient(drv, cfg); err == nil {
				var ins *river.Client[*sql.Tx]
				if ins, err = sqlInserter(s.db.SQL(), cfg); err == nil {
					e := wrap(c)
					e.closePool = pool.Close
					e.insertTx = txInserter(ins)
					return e, nil
				}
			}
		}
		pool.Close()
		return nil, err
	default:
		drv := riversqlite.New(s.db.SQL())
		if err := migrateSQLite(ctx, s.db.SQL(), drv); err != nil {
			return nil, err
		}
		c, err := river.NewClient(drv, cfg)
		if err != nil {
			return nil, fmt.Errorf("river: %w", err)
		}
		e := wrap(c)
		e.insertTx = txInserter(c) // GORM's SQLite transaction is River's own tx type
		return e, nil
	}
}

func wrap[TTx any](c *river.Client[TTx]) *engine {
	return &engine{
		start: c.Start, stop: c.Stop, stopAndCancel: c.StopAndCancel,
		insertMany: func(ctx context.Context, p []river.InsertManyParams) error {
			_, err := c.InsertMany(ctx, p)
			return err
		},
		insert: func(ctx context.Context, args river.JobArgs, o *river.InsertOpts) error {
			_, err := c.Insert(ctx, args, o)
			return err
		},
		addPeriodic: func(j *river.PeriodicJob) { c.PeriodicJobs().Add(j) },
		closePool:   func() {},
	}
}

// sqlInserter is an insert-only River client on PostgreSQL over GORM's
// database/sql pool: the worker's client speaks pgx, whose transactions are
// not the ones GORM hands to callers, so jobs inserted inside a caller's
// transaction go through River's database/sql driver (same tables).
func sqlInserter(pool *sql.DB, cfg *river.Config) (*river.Client[*sql.Tx], error) {
	c, err := river.NewClient(riverdatabasesql.New(pool), &river.Config{SkipUnknownJobCheck: true, Logger: cfg.Logger})
	if err != nil {
		return nil, fmt.Errorf("river: %w", err)
	}
	return c, nil
}

func txInserter(c *river.Client[*sql.Tx]) insertTxFunc {
	return func(ctx context.Context, tx *sql.Tx, args river.JobArgs, o *river.InsertOpts) error {
		_, err := c.InsertTx(ctx, tx, args, o)
		return err
	}
}

// migratePostgres holds a session advisory lock on one connection while
// River migrates over the pool: River's migrations cannot share one
// transaction (a new enum value must commit before it is used).
func migratePostgres(ctx context.Context, pool *pgxpool.Pool, drv riverdriver.Driver[pgx.Tx]) error {
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(migrateLock)); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrateLock))
	}()
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

// migrateSQLite runs in one transaction; our SQLite DSN begins every
// transaction IMMEDIATE, which serialises concurrent starters.
func migrateSQLite(ctx context.Context, pool *sql.DB, drv riverdriver.Driver[*sql.Tx]) error {
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	// One transaction on purpose: SQLite has no enum migrations that need a
	// commit in between, and IMMEDIATE serialises instances starting together.
	//lint:ignore SA1019 MigrateTx is deprecated for Postgres's sake only.
	if _, err := m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return tx.Commit()
}

// insertDeliveries queues one deliver job per row.
func (e *engine) insertDeliveries(ctx context.Context, rows []Outbox) error {
	if e == nil {
		return errors.New("notify: worker not started")
	}
	p := make([]river.InsertManyParams, len(rows))
	for i, o := range rows {
		p[i] = river.InsertManyParams{Args: deliverArgs{OutboxID: o.ID, Attempt: o.Attempts},
			InsertOpts: &river.InsertOpts{Queue: queue, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}}
	}
	return e.insertMany(ctx, p)
}
