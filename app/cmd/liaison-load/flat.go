package main

import (
	"context"
	"log"
	"time"

	"liaison/app/demo"
)

// flatPaths are the pages whose time must not grow with the district.
var flatPaths = []string{"meeting list", "meeting page", "my feed", "action list", "case page", "scoreboard month"}

// flat measures the pages at 10 in flight on a 1,000-meeting district and
// compares their p50 with the large district's (target ≤ 1.2×).
func flat(ctx context.Context, o options, rep *report, lg *log.Logger, bin, db string) error {
	d, err := prepare(ctx, o, bin, db, 1000, lg)
	if err != nil {
		return err
	}
	p, err := start(ctx, bin, []string{"serve"}, d.Env, "--addr")
	if err != nil {
		return err
	}
	defer p.Stop()
	c := newClient()
	f, err := discover(ctx, c, p.Base, o.Users, demo.Scaled(d.Meetings))
	if err != nil {
		return err
	}
	calls := liaisonCalls(f)
	for _, path := range flatPaths {
		if !contains(o.Paths, path) {
			continue
		}
		var big *row
		for i := range rep.Rows {
			if r := &rep.Rows[i]; r.DB == db && r.Path == path && r.Level == 10 {
				big = r
			}
		}
		if big == nil {
			continue
		}
		small := run(ctx, c, calls[path], 10, limits{Duration: o.Duration, MaxReq: o.MaxReq, Warmup: 300 * time.Millisecond})
		ratio := float64(big.L.P50) / float64(max(small.P50, 1))
		rep.note("%s flat: %s at 10 in flight: p50 %s ms on 1k meetings, %s ms on %dk (%.2f×)",
			db, path, ms(small.P50), ms(big.L.P50), o.Meetings/1000, ratio)
		if ratio > 1.2 {
			rep.fail("%s %s: p50 %.2f× from 1k to %dk meetings (target ≤ 1.2×)", db, path, ratio, o.Meetings/1000)
		}
		if small.Errors > 0 {
			rep.fail("%s %s on 1k: %d errors (first: %s)", db, path, small.Errors, small.FirstErr)
		}
	}
	return nil
}
