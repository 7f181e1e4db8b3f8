package followup

import (
	"context"
	"log/slog"
	"time"

	"liaison/app/account"
	"liaison/app/workday"
)

// jobBatch bounds one run; the next tick takes the rest.
const jobBatch = 500

// NoticeOverdue finds items that became overdue since the last run and
// marks them (overdue_noticed_at), returning their ids for reminders and
// escalation suggestions. Each item is claimed with a conditional UPDATE,
// so several instances running it at once notice every item exactly once.
func (s *Service) NoticeOverdue(ctx context.Context) ([]int64, error) {
	return s.claim(ctx, "action.overdue", s.store.OverdueUnnoticed, s.store.ClaimOverdue)
}

// Revisit reopens rectified items whose revisit date (回头看) has come: they
// await the issuing side's check again (answered). Claimed like NoticeOverdue.
func (s *Service) Revisit(ctx context.Context) ([]int64, error) {
	return s.claim(ctx, "action.revisit", s.store.RevisitDue, s.store.ClaimRevisit)
}

func (s *Service) claim(ctx context.Context, action string,
	find func(context.Context, workday.Date, int) ([]int64, error), take func(context.Context, int64, time.Time) (bool, error)) ([]int64, error) {
	cand, err := find(ctx, s.today(), jobBatch)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var done []int64
	for _, id := range cand {
		// The claim, its audit entry and its announcement commit together:
		// a claim whose notice failed rolls back and is found again by the
		// next run, so no 回头看 is taken without anyone being told.
		var ok bool
		err := s.DB.WithTx(ctx, func(ctx context.Context) error {
			var err error
			if ok, err = take(ctx, id, now); err != nil || !ok {
				return err
			}
			if err := s.Accounts.Audit(ctx, account.System, action, "action", id, nil); err != nil {
				return err
			}
			return s.announceClaimed(ctx, action, id)
		})
		if err != nil {
			return done, err
		}
		if ok {
			done = append(done, id)
		}
	}
	return done, nil
}

// RunJobs runs NoticeOverdue and Revisit now and every interval until ctx
// ends. A real job engine comes later; this keeps deadlines honest meanwhile.
func (s *Service) RunJobs(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if ids, err := s.NoticeOverdue(ctx); err != nil && ctx.Err() == nil {
			log.Warn("notice overdue action items", "err", err)
		} else if len(ids) > 0 {
			log.Info("action items became overdue", "count", len(ids))
		}
		if _, err := s.Revisit(ctx); err != nil && ctx.Err() == nil {
			log.Warn("revisit action items", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
