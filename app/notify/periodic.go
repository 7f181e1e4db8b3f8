package notify

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"
)

// periodicJob is a registered recurring task.
type periodicJob struct {
	name     string
	interval time.Duration
	fn       func(context.Context) error
}

func (p periodicJob) job() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(p.interval), func() (river.JobArgs, *river.InsertOpts) {
		// ByPeriod keeps a change of River leader within one interval from
		// running the task twice.
		return periodicArgs{Name: p.name}, &river.InsertOpts{Queue: queue,
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: p.interval}}
	}, &river.PeriodicJobOpts{ID: "notify.periodic." + p.name})
}

// RegisterPeriodic runs fn every interval, once across all instances on the
// database (River's elected leader schedules it; workers of any instance run
// it). A failing fn is retried by River with backoff. fn must be idempotent
// per period (reminders mark what they sent). Names are unique; call it
// before or after Start.
func (s *Service) RegisterPeriodic(name string, interval time.Duration, fn func(ctx context.Context) error) error {
	if name == "" || interval < time.Second || fn == nil {
		return errors.New("notify: RegisterPeriodic needs a name, an interval of at least 1s and a function")
	}
	p := periodicJob{name: name, interval: interval, fn: fn}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.periodic[name]; dup {
		return errors.New("notify: periodic job " + name + " registered twice")
	}
	s.periodic[name] = p
	if s.eng != nil {
		s.eng.addPeriodic(p.job())
	}
	return nil
}

// Start runs River's migrations and starts the worker; it returns once the
// worker runs. Call it after db.Migrate.
func (s *Service) Start(ctx context.Context) error {
	s.registerRetention()
	e, err := s.newEngine(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.eng = e
	s.mu.Unlock()
	// River's client lives until Stop, not until the ctx that started it.
	if err := e.start(context.WithoutCancel(ctx)); err != nil {
		e.closePool()
		return err
	}
	// Hand over what is already due without waiting for River to elect the
	// leader that schedules the relay; duplicate jobs are dropped as unique.
	if err := s.relay(ctx); err != nil {
		s.log.Warn("notify: first relay", "err", err)
	}
	return nil
}

// Stop lets running jobs finish until ctx ends, then cancels them (a
// cancelled send leaves its row to be retried) and closes River's pool.
func (s *Service) Stop(ctx context.Context) error {
	s.mu.Lock()
	e := s.eng
	s.mu.Unlock()
	if e == nil {
		return nil
	}
	defer e.closePool()
	err := e.stop(ctx)
	if err != nil && ctx.Err() != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		err = e.stopAndCancel(cctx)
	}
	return err
}

// RunPeriodicNow runs the periodic task registered as name once, now, as
// River's worker would when its interval comes: for tests that move the
// clock and must not wait a real interval, and for an operator's "run it
// now". Being idempotent per period, a run here and River's own run never
// give anything twice.
func (s *Service) RunPeriodicNow(ctx context.Context, name string) error {
	s.mu.Lock()
	p, ok := s.periodic[name]
	s.mu.Unlock()
	if !ok {
		return errors.New("notify: no periodic task " + name)
	}
	return p.fn(ctx)
}
