package webtest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/web"
	"liaison/app/wire"
)

// NewWith starts the application on a fresh database with the test
// configuration changed by edit (tiny session timeouts, trusted proxies, an
// https base URL, a small body limit...).
func NewWith(t testing.TB, edit func(*config.Config)) *Env {
	t.Helper()
	cfg := testConfig(t, edit) // before the database: it checks CI has PostgreSQL
	return start(t, dbtest.New(t), cfg, nil)
}

// testConfig is the default configuration for tests, changed by edit.
func testConfig(t testing.TB, edit func(*config.Config)) config.Config {
	dbtest.RequirePostgresInCI(t)
	cfg := config.Default()
	cfg.BaseURL = "http://liaison.test"
	if edit != nil {
		edit(&cfg)
	}
	return cfg
}

// start builds the application over d with cfg (log nil: discarded) and
// serves it on a test HTTP server closed when the test ends.
func start(t testing.TB, d *db.DB, cfg config.Config, log *slog.Logger) *Env {
	t.Helper()
	deps, err := wire.Build(cfg, d, log)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(context.Background(), deps)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &Env{T: t, DB: d, Clock: dbtest.Clock(t, d), Deps: deps, Server: srv, HTTP: hs, URL: hs.URL, units: map[string]account.Unit{}, users: map[string]account.User{}}
}

// Sibling starts a second instance of the application over the same
// database (as a second server behind a load balancer would run); it shares
// the units and users made so far.
func (e *Env) Sibling() *Env {
	e.T.Helper()
	o := start(e.T, e.DB, e.Deps.Config, nil)
	e.mu.Lock()
	defer e.mu.Unlock()
	for k, v := range e.units {
		o.units[k] = v
	}
	for k, v := range e.users {
		o.users[k] = v
	}
	return o
}

// On returns a copy of client c that sends its requests to env o, keeping
// its cookies, token and CSRF token.
func (c *Client) On(o *Env) *Client {
	cp := *c
	cp.env = o
	cp.Header = c.Header.Clone()
	return &cp
}
