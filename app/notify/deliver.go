package notify

import (
	"context"
	"errors"
	"time"
)

// deliver sends outbox row id if this worker wins its claim. It returns
// (nil, zero) when there is nothing to do (sent, taken by another worker, or
// given up), or the time to look again when the row is not due yet.
func (s *Service) deliver(ctx context.Context, id int64) (time.Time, error) {
	now := s.now()
	head, err := s.st.peek(ctx, id)
	if err != nil {
		return time.Time{}, err
	}
	if head.Channel != ChannelMail && head.UnitID != nil {
		return s.deliverChannel(ctx, head)
	}
	ok, err := s.st.claim(ctx, id, s.worker, now, now.Add(-s.opts.StaleAfter))
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		o, err := s.st.get(ctx, id)
		if err == nil && (o.Status == Queued || o.Status == Failed) && o.NextAttemptAt != nil && o.NextAttemptAt.After(now) {
			return *o.NextAttemptAt, nil // our clock is behind the relay's: look again then
		}
		return time.Time{}, nil
	}
	o, err := s.st.get(ctx, id)
	if err != nil {
		return time.Time{}, err
	}
	// The commit of this mail's send may have been lost once before (see
	// the package doc); the sent-log says whether it already went out.
	if done, err := s.st.alreadySent(ctx, o); err != nil || done {
		if done {
			return time.Time{}, s.st.markSent(ctx, o, s.worker, s.now())
		}
		return time.Time{}, err
	}
	sendErr := s.send(ctx, o.Recipient, o.Message)
	// Record the outcome even when ctx is being cancelled by a shutdown: a
	// mail that went out must be marked sent.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if sendErr == nil {
		var err error
		for i := range 3 {
			if err = s.st.markSent(rctx, o, s.worker, s.now()); err == nil {
				break
			}
			time.Sleep(time.Duration(i+1) * 200 * time.Millisecond)
		}
		return time.Time{}, err
	}
	var next *time.Time
	if !errors.Is(sendErr, errPermanent) && o.Attempts-o.RetryBase < s.opts.MaxAttempts {
		t := s.now().Add(s.opts.Backoff(o.Attempts - o.RetryBase))
		next = &t
	}
	s.log.Warn("mail not sent", "outbox_id", o.ID, "attempt", o.Attempts, "retry_at", next, "err", sendErr)
	return time.Time{}, s.st.markFailed(rctx, o.ID, s.worker, truncate(sendErr.Error(), 1000), next)
}

// relay turns due outbox rows into deliver jobs; it runs as a River periodic
// job, and also repairs rows whose worker died mid-send.
func (s *Service) relay(ctx context.Context) error {
	now := s.now()
	rows, err := s.st.due(ctx, now, now.Add(-s.opts.StaleAfter), 500)
	if err != nil || len(rows) == 0 {
		return err
	}
	return s.eng.insertDeliveries(ctx, rows)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // never cut inside a UTF-8 character
		n--
	}
	return s[:n]
}
