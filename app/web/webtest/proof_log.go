package webtest

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"

	"liaison/app/config"
	"liaison/app/db/dbtest"
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
	logs := &LogBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := testConfig(t, edit)
	return start(t, dbtest.New(t), cfg, log), logs
}
