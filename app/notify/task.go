package notify

import (
	"context"
	"database/sql"
	"errors"

	"github.com/riverqueue/river"

	"liaison/app/apperr"
)

// Tasks are background work that a change asks for, such as "reconcile the
// invitations of meeting 7". EnqueueTask inserts the River job inside the
// caller's transaction (River's InsertTx on the *sql.Tx that GORM's
// transaction wraps), so the job exists if and only if the change commits;
// River then runs it at least once on any instance, so a task must be
// idempotent.

// taskArgs names a registered task and the object it is about.
type taskArgs struct {
	Name string `json:"name"`
	ID   int64  `json:"id"`
}

func (taskArgs) Kind() string { return "notify.task" }

type taskWorker struct {
	river.WorkerDefaults[taskArgs]
	s *Service
}

func (w *taskWorker) Work(ctx context.Context, j *river.Job[taskArgs]) error {
	w.s.mu.Lock()
	fn, ok := w.s.tasks[j.Args.Name]
	w.s.mu.Unlock()
	if !ok {
		return nil // registered by another version of the program
	}
	return fn(ctx, j.Args.ID)
}

// RegisterTask makes fn the worker of task name. Names are unique; call it
// before Start.
func (s *Service) RegisterTask(name string, fn func(ctx context.Context, id int64) error) error {
	if name == "" || fn == nil {
		return errors.New("notify: RegisterTask needs a name and a function")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.tasks[name]; dup {
		return errors.New("notify: task " + name + " registered twice")
	}
	s.tasks[name] = fn
	return nil
}

// EnqueueTask queues task name for object id in the transaction carried by
// ctx (or on its own when there is none). It returns false, and queues
// nothing, while this process runs no job engine (before Start, in tools
// and most tests): callers keep a periodic safety net for that case.
func (s *Service) EnqueueTask(ctx context.Context, name string, id int64) (bool, error) {
	s.mu.Lock()
	e, known := s.eng, s.tasks[name] != nil
	s.mu.Unlock()
	if !known {
		return false, apperr.Wrap(errors.New("notify: task "+name+" is not registered"), "internal")
	}
	if e == nil {
		return false, nil
	}
	args, opts := taskArgs{Name: name, ID: id}, &river.InsertOpts{Queue: queue, MaxAttempts: 10}
	tx, inTx, err := s.st.sqlTx(ctx)
	switch {
	case err != nil:
		return false, err
	case inTx:
		err = e.insertTx(ctx, tx, args, opts)
	default:
		err = e.insert(ctx, args, opts)
	}
	return err == nil, apperr.Wrap(err, "river")
}

// insertTx is River's InsertTx for a database/sql transaction.
type insertTxFunc func(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) error
