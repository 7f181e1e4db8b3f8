package webtest

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"liaison/app/account"
	"liaison/app/config"
	"liaison/app/db/dbtest"
	"liaison/app/web"
)

// LogBuffer keeps every line the application logged (JSON, one per line),
// for tests that check what reaches the logs.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer for slog.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// NewLogged starts the application like NewWith, with its logger writing
// JSON at debug level into the returned buffer instead of discarding it, so
// that a test sees every line production would write.
func NewLogged(t testing.TB, edit func(*config.Config)) (*Env, *LogBuffer) {
	t.Helper()
	dbtest.RequirePostgresInCI(t)
	d := dbtest.New(t)
	cfg := config.Default()
	cfg.BaseURL = "http://liaison.test"
	if edit != nil {
		edit(&cfg)
	}
	logs := &LogBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	deps, err := web.BuildDeps(cfg, d, log)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(context.Background(), deps)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &Env{T: t, DB: d, Deps: deps, Server: srv, HTTP: hs, URL: hs.URL, units: map[string]account.Unit{}, users: map[string]account.User{}}, logs
}
