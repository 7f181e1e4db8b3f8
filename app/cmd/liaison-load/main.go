// Command liaison-load measures Liaison under load against a raw baseline
// (Echo + pgx + hand-written SQL + the same templates) on the same data,
// and runs the mixed read/write reliability load. It only ever talks to
// loopback addresses, and every run is bounded in time and requests.
//
//	go run ./app/cmd/liaison-load --db both --pg-url 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
//
// See README "Performance" for the figures and what they mean.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"liaison/app/clock"
)

// wall is the tool's one clock: the districts it generates and the pages
// it asks for are dated by it (the servers it measures run on the wall
// clock too); latencies are timed with clock.Stopwatch.
var wall = clock.System()

// options are the command's flags.
type options struct {
	Liaison   string // the liaison binary; built from ./app/cmd/liaison when empty
	DB        string // sqlite | postgres | both
	PGURL     string // loopback PostgreSQL where the tool may create databases
	DBPrefix  string // name of its databases: <prefix>_<meetings>
	Work      string // data directory of the generated SQLite districts and binaries
	Meetings  int
	Users     int
	Duration  time.Duration // per cell, split over the A B A B rounds
	MaxReq    int64         // per cell
	Levels    []int
	Paths     []string
	Mixed     time.Duration
	Flat      bool // also compare pages at 1k and at --meetings
	Target    string
	NoBase    bool
	OutMD     string
	ReportOut io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := realMain(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "liaison-load:", err)
		os.Exit(1)
	}
}

func realMain(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "baseline" {
		return baselineMain(ctx, args[1:])
	}
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	o.ReportOut = stdout
	return bench(ctx, o)
}

func parseFlags(args []string) (options, error) {
	var o options
	var levels, paths string
	fs := flag.NewFlagSet("liaison-load", flag.ContinueOnError)
	fs.StringVar(&o.Liaison, "liaison", "", "path of the liaison binary (default: go build ./app/cmd/liaison into --work)")
	fs.StringVar(&o.DB, "db", "sqlite", "sqlite, postgres or both")
	fs.StringVar(&o.PGURL, "pg-url", "", "loopback PostgreSQL URL (a maintenance database); the tool creates <db-prefix>_<meetings> beside it")
	fs.StringVar(&o.DBPrefix, "db-prefix", "liaison_load", "name prefix of the generated PostgreSQL databases (another prefix keeps two runs off each other's districts)")
	fs.StringVar(&o.Work, "work", os.TempDir()+"/liaison-load", "where generated SQLite districts and the binary are kept (reused between runs)")
	fs.IntVar(&o.Meetings, "meetings", 20000, "size of the generated district in meetings (20000 = demo --scale large)")
	fs.IntVar(&o.Users, "users", 20, "signed-in users the requests are spread over")
	fs.DurationVar(&o.Duration, "duration", 4*time.Second, "time per cell (path × level × server), split over two rounds")
	fs.Int64Var(&o.MaxReq, "max-requests", 500000, "request budget per cell")
	fs.StringVar(&levels, "levels", "1,10,50", "requests in flight")
	fs.StringVar(&paths, "paths", strings.Join(pathNames, ","), "paths to measure")
	fs.DurationVar(&o.Mixed, "mixed", 60*time.Second, "mixed read/write load at 50 in flight on each database (0: skip)")
	fs.BoolVar(&o.Flat, "flat", true, "also measure the pages on a 1,000-meeting district and report the ratio")
	fs.StringVar(&o.Target, "target", "", "measure an already running Liaison at this loopback URL (data from demo --scale large); no baseline, no RSS")
	fs.BoolVar(&o.NoBase, "no-baseline", false, "skip the baseline")
	fs.StringVar(&o.OutMD, "out", "", "also write the report (Markdown) to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, l := range strings.Split(levels, ",") {
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(l), &n); err != nil || n < 1 || n > 256 {
			return o, fmt.Errorf("bad level %q (1..256)", l)
		}
		o.Levels = append(o.Levels, n)
	}
	for _, p := range strings.Split(paths, ",") {
		p = strings.TrimSpace(p)
		if !contains(pathNames, p) {
			return o, fmt.Errorf("unknown path %q (known: %s)", p, strings.Join(pathNames, ", "))
		}
		o.Paths = append(o.Paths, p)
	}
	switch o.DB {
	case "sqlite", "postgres", "both":
	default:
		return o, fmt.Errorf("--db must be sqlite, postgres or both")
	}
	if o.DB != "sqlite" && o.PGURL == "" {
		return o, errors.New("--db postgres needs --pg-url")
	}
	if !dbName.MatchString(o.DBPrefix) {
		return o, errors.New("--db-prefix must be lower-case letters, digits and _, starting with a letter")
	}
	for _, u := range []string{o.PGURL, o.Target} {
		if u != "" {
			if err := loopback(u); err != nil {
				return o, err
			}
		}
	}
	if o.Duration <= 0 || o.Duration > 10*time.Minute || o.Mixed < 0 || o.Mixed > 10*time.Minute {
		return o, errors.New("--duration and --mixed must be within 10 minutes")
	}
	return o, nil
}

// dbName is what --db-prefix may be: it goes into SQL unquoted.
var dbName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`)

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
