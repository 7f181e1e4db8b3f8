// Command liaison runs the Liaison server and its maintenance commands.
// This file only wires: config → db → migrate → web → serve.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/demo"
	"liaison/app/web"
	"liaison/app/wire"
)

const usage = `usage: liaison [command] [flags]

commands:
  serve [--demo]     migrate, then serve (the default); --demo loads the demo district into an empty database
  migrate            apply migrations and exit
  demo [--scale large [--meetings N]]   load the demo district (or a generated large one) into an empty database and exit
  user create --username U --display-name N --unit UNIT --role R [--email E] --password-stdin
  token create --username U    print a new API token for U
  healthcheck        exit 0 when the local server answers /healthz (for container health checks)
  backup --out FILE  write a consistent copy of the SQLite database (PostgreSQL: use pg_dump, see README)
  audit verify       check the audit log's hash chain and report the first broken link

configuration: LIAISON_ADDR, LIAISON_DATA_DIR, LIAISON_DATABASE_URL, LIAISON_BASE_URL (see README.md)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "liaison:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "migrate":
		_, d, _, err := setup(ctx, "migrate", args, stderr, nil)
		if err == nil {
			fmt.Fprintln(stdout, "migrations applied")
			d.Close()
		}
		return err
	case "demo":
		return demoCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, stdin, stdout, stderr)
	case "token":
		return tokenCmd(ctx, args, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, stdout)
	case "backup":
		return backupCmd(ctx, args, stdout, stderr)
	case "audit":
		return auditCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

// setup reads config (env, then the command's flags), opens and migrates
// the database. extra registers command-specific flags.
func setup(ctx context.Context, name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (config.Config, *db.DB, *account.Service, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if extra != nil {
		extra(fs)
	}
	cfg, err := config.Load(os.Getenv, fs, args)
	if err != nil {
		return cfg, nil, nil, err
	}
	clk, err := cfg.Clock() // validated by Load
	if err != nil {
		return cfg, nil, nil, err
	}
	d, err := db.Open(ctx, db.Options{URL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Clock: clk})
	if err != nil {
		return cfg, nil, nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return cfg, nil, nil, err
	}
	return cfg, d, account.NewService(d), nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sw := clock.StartStopwatch()
	limitMemory()
	var withDemo bool
	cfg, d, acc, err := setup(ctx, "serve", args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&withDemo, "demo", false, "load the demo district into an empty database")
	})
	if err != nil {
		return err
	}
	defer d.Close()
	lw := newLogWriter(stderr)
	defer lw.Close()
	log := newLogger(cfg, lw)
	deps, err := wire.Build(cfg, d, log)
	if err != nil {
		return err
	}
	if withDemo {
		if err := loadDemo(ctx, deps, stdout); err != nil {
			return err
		}
	} else if user, pw, err := demo.Bootstrap(ctx, acc); err != nil {
		return err
	} else if user != "" {
		fmt.Fprintf(stdout, "\nFirst start: created administrator %q with password %q (shown once; change it after signing in).\n\n", user, pw)
	}
	// A schedule that arrived with this build (lunar-go) settles the
	// provisional deadlines counted before it; every instance may try, the
	// recount changes each record once.
	if n, err := deps.Cases.RecountProvisional(ctx, account.System); err != nil {
		return err
	} else if n > 0 {
		log.Info("provisional deadlines recounted with the published holiday schedule", "count", n)
	}
	srv, err := web.New(ctx, deps)
	if err != nil {
		return err
	}
	if err := deps.Notify.Start(ctx); err != nil { // River's migrations, then the worker
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := deps.Notify.Stop(sctx); err != nil {
			log.Error("stop background jobs", "err", err)
		}
	}()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.PprofAddr != "" {
		if err := servePprof(ctx, cfg.PprofAddr, log); err != nil {
			return err
		}
	}
	if cfg.MetricsAddr != "" {
		if err := serveMetrics(ctx, cfg.MetricsAddr, cfg.MetricsToken, deps, log); err != nil {
			return err
		}
	}
	where := "SQLite " + cfg.SQLitePath()
	if d.Dialect == db.Postgres {
		where = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "Liaison is listening on %s (%s) with %s; ready in %s.\n", ln.Addr(), cfg.BaseURL, where, sw.Elapsed().Round(time.Millisecond))
	log.Info("listening", "addr", ln.Addr().String(), "db", string(d.Dialect))
	if cfg.StartAt != "" {
		log.Warn("the clock was started at LIAISON_START_AT, not the wall clock: every date and deadline follows it", "start_at", cfg.StartAt)
	}
	err = srv.Serve(ctx, ln)
	log.Info("stopped")
	return err
}

func loadDemo(ctx context.Context, deps web.Deps, stdout io.Writer) error {
	res, err := demo.Load(ctx, deps.Accounts)
	if err != nil {
		return err
	}
	if !res.Loaded {
		fmt.Fprintln(stdout, "The database already has users; demo data not loaded.")
		return nil
	}
	svc := demo.Services{Accounts: deps.Accounts, Cases: deps.Cases, Actions: deps.Actions, Meetings: deps.Meetings}
	if err := demo.LoadActivity(ctx, svc, deps.DB.Now()); err != nil {
		return err
	}
	if err := demo.PublishPastMonths(ctx, deps.Accounts, deps.Scoreboard, demo.PublishedMonths); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nDemo district loaded. Sign in at the address below with any of these users; every demo password is %q.\n", demo.Password)
	for _, p := range res.Users {
		fmt.Fprintf(stdout, "  %-10s %-10s %s (%s)\n", p.Username, p.Name, p.Unit, p.Role)
	}
	fmt.Fprintln(stdout)
	return nil
}

func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: liaison user create --username U --display-name N --unit UNIT --role R [--email E] --password-stdin")
	}
	var username, display, unit, role, email string
	var pwStdin bool
	_, d, acc, err := setup(ctx, "user create", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
		fs.StringVar(&display, "display-name", "", "display name")
		fs.StringVar(&unit, "unit", "", "unit name or short name")
		fs.StringVar(&role, "role", "", "admin, secretary, member or leader")
		fs.StringVar(&email, "email", "", "email address")
		fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from standard input")
	})
	if err != nil {
		return err
	}
	defer d.Close()
	if !pwStdin {
		return errors.New("--password-stdin is required: the password is read from standard input")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	u, err := acc.ResolveUnit(ctx, unit)
	if err != nil {
		return fmt.Errorf("unit %q not found", unit)
	}
	created, err := acc.CreateUser(ctx, account.System, account.UserInput{Username: username, DisplayName: display, UnitID: u.ID,
		Role: account.Role(role), Email: email, Password: strings.TrimRight(line, "\r\n")})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created user %s (id %d) in %s\n", created.Username, created.ID, u.Name)
	return nil
}

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: liaison token create --username U")
	}
	var username string
	_, d, acc, err := setup(ctx, "token create", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
	})
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := acc.UserByUsername(ctx, username)
	if err != nil {
		return fmt.Errorf("user %q not found", username)
	}
	tok, err := acc.CreateToken(ctx, account.System, u.ID, "cli")
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(stdout, tok)
	return nil
}
