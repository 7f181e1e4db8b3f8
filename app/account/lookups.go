package account

import (
	"context"
	"time"
)

// What other areas ask of the accounts area goes through these methods,
// never through its store (the architecture test checks it).
//
// Guesses are counted in the same shared throttle table as sign-in (a
// meeting's six-digit check-in code, say), so every instance sees the same
// count. The key names the thing guessed at; it never leaves the database.

// Failures returns key's failures within the window ending now.
func (s *Service) Failures(ctx context.Context, key string, window time.Duration) (int, error) {
	return s.store.Failures(ctx, key, window, s.Now())
}

// AddFailure counts one failure for key (a new window once the old passed).
func (s *Service) AddFailure(ctx context.Context, key string, window time.Duration) error {
	return s.store.AddFailure(ctx, key, window, s.Now())
}

// UserByUsername returns the user signing in as name, or NotFound (the
// command line's and the demo's way to name a person).
func (s *Service) UserByUsername(ctx context.Context, name string) (User, error) {
	return s.store.UserByUsername(ctx, name)
}

// CountUsers returns how many users there are (the demo loads only into
// an empty district).
func (s *Service) CountUsers(ctx context.Context) (int64, error) { return s.store.CountUsers(ctx) }
