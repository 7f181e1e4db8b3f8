package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/db"
	"liaison/app/db/dbtest"
)

// target returns the flags that point the command at a fresh, empty
// database of the kind the tests run on, and a way to open it.
func target(t *testing.T) ([]string, func() *account.Service) {
	t.Helper()
	dbtest.RequirePostgresInCI(t)
	var args []string
	var o db.Options
	if dbtest.Dialect() == db.Postgres {
		_, o = dbtest.NewUnmigrated(t)
		args = []string{"--database-url", o.URL}
	} else {
		dir := t.TempDir()
		args = []string{"--data-dir", dir, "--database-url", ""}
		o.SQLitePath = filepath.Join(dir, "liaison.db")
	}
	return args, func() *account.Service {
		d, err := db.Open(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = d.Close() })
		return account.NewService(d)
	}
}

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errw bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errw)
	return out.String(), err
}

func TestRun_UserAndToken(t *testing.T) {
	t.Parallel()
	flags, open := target(t)
	with := func(args ...string) []string { return append(args, flags...) }

	out, err := runCmd(t, "", with("migrate")...)
	if err != nil || !strings.Contains(out, "migrations applied") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	out, err = runCmd(t, "", with("demo")...)
	if err != nil || !strings.Contains(out, "kuiwen-demo-2026") {
		t.Fatalf("demo: %q %v", out, err)
	}
	out, err = runCmd(t, "", with("demo")...)
	if err != nil || !strings.Contains(out, "not loaded") {
		t.Fatalf("second demo: %q %v", out, err)
	}

	create := func(stdin string, extra ...string) (string, error) {
		args := append([]string{"user", "create", "--username", "cli.user", "--display-name", "命令行", "--unit", "检察院", "--role", "secretary", "--email", "cli@example.gov.cn"}, extra...)
		return runCmd(t, stdin, append(args, flags...)...)
	}
	bad := []struct {
		name, stdin string
		extra       []string
		want        string
	}{
		{"no --password-stdin", "a-good-long-passphrase\n", nil, "password-stdin"},
		{"weak password", "short\n", []string{"--password-stdin"}, "password"},
		{"common password", "password123\n", []string{"--password-stdin"}, "common"},
		{"empty password", "", []string{"--password-stdin"}, "password"},
		{"unknown unit", "a-good-long-passphrase\n", []string{"--password-stdin", "--unit", "无此单位"}, "无此单位"},
		{"empty unit", "a-good-long-passphrase\n", []string{"--password-stdin", "--unit", ""}, "unit"},
		{"bad role", "a-good-long-passphrase\n", []string{"--password-stdin", "--role", "boss"}, "role"},
		{"unknown flag", "a-good-long-passphrase\n", []string{"--password-stdin", "--colour", "red"}, "colour"},
	}
	for _, b := range bad {
		_, err := create(b.stdin, b.extra...)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: error %v, want it to mention %q", b.name, err, b.want)
		}
	}
	acc := open()
	if _, err := acc.UserByUsername(context.Background(), "cli.user"); err == nil {
		t.Fatal("bad input created the user")
	}

	out, err = create("a-good-long-passphrase\r\n", "--password-stdin")
	if err != nil || !strings.Contains(out, "cli.user") {
		t.Fatalf("user create: %q %v", out, err)
	}
	u, _, err := acc.Authenticate(context.Background(), account.Credentials{Username: "cli.user", Password: "a-good-long-passphrase", IP: "192.0.2.1"})
	if err != nil || u.Role != account.RoleSecretary {
		t.Fatalf("new user cannot sign in: %v", err)
	}
	if _, err := create("a-good-long-passphrase\n", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "taken") {
		t.Errorf("duplicate user: %v", err)
	}

	out, err = runCmd(t, "", with("token", "create", "--username", "cli.user")...)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 1 || !strings.HasSuffix(out, "\n") || !strings.HasPrefix(lines[0], "lsn_") || strings.ContainsAny(lines[0], " \t") {
		t.Fatalf("token create printed %q, want one line with the token", out)
	}
	tu, _, err := acc.UserByToken(context.Background(), lines[0])
	if err != nil || tu.ID != u.ID {
		t.Errorf("printed token does not resolve: %v", err)
	}
	if _, err := runCmd(t, "", with("token", "create", "--username", "nobody")...); err == nil {
		t.Error("token for an unknown user")
	}
	if _, err := runCmd(t, "", with("token", "create")...); err == nil {
		t.Error("token without a username")
	}
}

func TestRun_Usage(t *testing.T) {
	t.Parallel()
	out, err := runCmd(t, "", "help")
	if err != nil || !strings.Contains(out, "token create") {
		t.Errorf("help: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
	if _, err := runCmd(t, "", "user", "delete"); err == nil {
		t.Error("user delete accepted")
	}
	if _, err := runCmd(t, "", "migrate", "--addr", "nope", "--data-dir", t.TempDir()); err == nil || !strings.Contains(err.Error(), "LIAISON_ADDR") {
		t.Errorf("bad config: %v", err)
	}
}
