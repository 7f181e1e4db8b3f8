package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"strings"
	"time"

	"liaison/app/demo"
)

// row is one cell of the table: a path at a level on one database, for
// Liaison and (where it has the path) the baseline.
type row struct {
	DB    string
	Path  string
	Level int
	L, B  result
	HasB  bool
}

// report gathers the rows and the single figures.
type report struct {
	Rows  []row
	Notes []string
	Fails []string // targets missed or errors seen
}

func (r *report) note(format string, a ...any) { r.Notes = append(r.Notes, fmt.Sprintf(format, a...)) }
func (r *report) fail(format string, a ...any) { r.Fails = append(r.Fails, fmt.Sprintf(format, a...)) }

// baselinePaths are the paths the baseline serves.
var baselinePaths = map[string]bool{"meeting list": true, "my feed": true, "feed 304": true}

func bench(ctx context.Context, o options) error {
	lg := log.New(os.Stderr, "liaison-load: ", log.Ltime)
	rep := &report{}
	rep.note("machine: %d CPUs (runtime.NumCPU), %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if o.Target != "" {
		c := newClient()
		f, err := discover(ctx, c, o.Target, o.Users, demo.Scaled(o.Meetings))
		if err != nil {
			return err
		}
		measure(ctx, o, rep, "target", f, nil, nil)
		return rep.print(o)
	}
	bin, err := liaisonBin(ctx, o)
	if err != nil {
		return err
	}
	dbs := []string{o.DB}
	if o.DB == "both" {
		dbs = []string{"postgres", "sqlite"}
	}
	for _, db := range dbs {
		if err := benchDB(ctx, o, rep, lg, bin, db); err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
	}
	return rep.print(o)
}

// benchDB measures one database: every path and level (A B A B with the
// baseline on PostgreSQL), memory, cold start, the pages on a small
// district, and the mixed load (on a copy: it writes).
func benchDB(ctx context.Context, o options, rep *report, lg *log.Logger, bin, db string) error {
	d, err := prepare(ctx, o, bin, db, o.Meetings, lg)
	if err != nil {
		return err
	}
	p, err := start(ctx, bin, []string{"serve"}, d.Env, "--addr")
	if err != nil {
		return err
	}
	defer p.Stop()
	rep.note("%s: cold start of liaison serve on %d meetings (exec to /readyz 200): %s", db, d.Meetings, p.ColdStart.Round(time.Millisecond))
	if p.ColdStart > time.Second {
		rep.fail("%s: cold start %s > 1 s", db, p.ColdStart.Round(time.Millisecond))
	}
	p.watchRSS()
	var bp *process
	if db == "postgres" && !o.NoBase {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		if bp, err = start(ctx, self, []string{"baseline", "--database-url", d.PGURL}, nil, "--addr"); err != nil {
			return err
		}
		defer bp.Stop()
		bp.watchRSS()
	}
	c := newClient()
	f, err := discover(ctx, c, p.Base, o.Users, demo.Scaled(d.Meetings))
	if err != nil {
		return err
	}
	measure(ctx, o, rep, db, f, p, bp)
	rep.note("%s: peak RSS of liaison under load: %.0f MB", db, float64(p.peakRSS.Load())/(1<<20))
	if p.peakRSS.Load() > 150<<20 {
		rep.fail("%s: peak RSS %.0f MB > 150 MB", db, float64(p.peakRSS.Load())/(1<<20))
	}
	if bp != nil {
		rep.note("%s: peak RSS of the baseline: %.0f MB", db, float64(bp.peakRSS.Load())/(1<<20))
	}
	// flat before the mixed load: both districts as generated
	if o.Flat && o.Meetings > 1000 {
		if err := flat(ctx, o, rep, lg, bin, db, liaisonCalls(f)); err != nil {
			return err
		}
	}
	if o.Mixed > 0 {
		_ = p.Stop() // a PostgreSQL template must have no sessions
		if bp != nil {
			_ = bp.Stop()
		}
		if err := mixedOnSpare(ctx, o, rep, lg, bin, db, d, f); err != nil {
			return err
		}
	}
	return nil
}

// measure fills the table for db: each path at each level, Liaison (p, nil
// for a --target) and the baseline (bp, if any) interleaved; with p, it
// notes the peak RSS each path reached, so a memory peak has a culprit.
func measure(ctx context.Context, o options, rep *report, db string, f *fixture, p, bp *process) {
	c := newClient()
	lc := liaisonCalls(f)
	var bc map[string]call
	if bp != nil {
		bf := *f
		bf.Base = bp.Base
		bc = baselineCalls(&bf)
	}
	var peaks []string
	defer func() {
		if len(peaks) > 0 {
			rep.note("%s: peak RSS by path: %s", db, strings.Join(peaks, ", "))
		}
	}()
	for _, path := range o.Paths {
		if p != nil {
			p.pathRSS.Store(0)
		}
		for _, level := range o.Levels {
			if ctx.Err() != nil {
				return
			}
			r := row{DB: db, Path: path, Level: level}
			half := limits{Duration: o.Duration / 2, MaxReq: o.MaxReq / 2, Warmup: min(o.Duration/8, 500*time.Millisecond)}
			b, hasB := bc[path]
			hasB = hasB && baselinePaths[path]
			for round := 0; round < 2; round++ { // A B A B
				a := run(ctx, c, lc[path], level, half)
				r.L = merged(round, r.L, a)
				if hasB {
					r.B = merged(round, r.B, run(ctx, c, b, level, half))
					r.HasB = true
				}
				half.Warmup = 0
			}
			rep.Rows = append(rep.Rows, r)
			if r.L.Errors > 0 {
				rep.fail("%s %s @%d: %d errors (first: %s)", db, path, level, r.L.Errors, r.L.FirstErr)
			}
			if r.HasB && r.B.Errors > 0 {
				rep.fail("%s %s @%d baseline: %d errors (first: %s)", db, path, level, r.B.Errors, r.B.FirstErr)
			}
			fmt.Fprintf(os.Stderr, "%s\n", r.line())
		}
		if p != nil {
			peaks = append(peaks, fmt.Sprintf("%s %.0f MB", path, float64(p.pathRSS.Load())/(1<<20)))
		}
	}
}

func merged(round int, acc, r result) result {
	if round == 0 {
		return r
	}
	return acc.merge(r)
}
