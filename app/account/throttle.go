package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"liaison/app/apperr"
)

// limit is one throttle counter an attempt is charged to, with the number
// of attempts its window allows.
type limit struct {
	key string
	max int
}

// kind names the counter in the audit log without the address or name.
func (l limit) kind() string {
	k, _, _ := strings.Cut(l.key, ":")
	return k
}

var errRefused = errors.New("throttle: over the limit")

// reserve charges one attempt to every counter in limits before any work
// is done (issue 14: reading the count, hashing, then recording let 30
// attempts at once all be evaluated). The charges are conditional writes
// in one transaction: on SQLite the transaction holds the write lock from
// BEGIN (IMMEDIATE); on PostgreSQL each upsert locks its row and sees the
// count committed before it. When any counter is full the transaction rolls
// back, so a refused attempt costs no counter, the refusal is audited as
// action and the caller gets 429. The charge stays as the attempt's
// failure; a success releases or clears it (release, ClearFailures).
func (s *Service) reserve(ctx context.Context, a Actor, action string, objID int64, limits []limit, now time.Time) error {
	var full limit
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		for _, l := range limits {
			ok, err := s.store.Reserve(ctx, l.key, l.max, throttleWindow, now)
			if err != nil {
				return err
			}
			if !ok {
				full = l
				return errRefused
			}
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		_ = s.Audit(ctx, a, action, "user", objID, map[string]string{"limit": full.kind()})
		return apperr.E(apperr.TooMany, "auth.throttled", "Minutes", int(throttleWindow/time.Minute))
	}
	return err
}

// release gives back the charges of an attempt that did not fail (it
// succeeded, or could not be checked at all). It runs even when the
// request was cancelled meanwhile (the client went away after the charge):
// otherwise a sign-in cut off mid-way would keep its charge as if it had
// failed, and a few impatient reloads would lock the account.
func (s *Service) release(ctx context.Context, limits []limit, now time.Time) {
	ctx = context.WithoutCancel(ctx)
	for _, l := range limits {
		_ = s.store.Release(ctx, l.key, throttleWindow, now)
	}
}
