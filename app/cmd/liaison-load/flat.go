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
// compares their p50 with the large district's (target ≤ 1.2×). The large
// district's server (bigCalls) is still up: the two are measured in
// alternate rounds (small, large, small, large), so that a change in the
// machine's load between rounds weighs on both sides alike.
func flat(ctx context.Context, o options, rep *report, lg *log.Logger, bin, db string, bigCalls map[string]call) error {
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
		var small, big result
		half := limits{Duration: o.Duration / 2, MaxReq: o.MaxReq / 2, Warmup: 300 * time.Millisecond}
		for round := 0; round < 2; round++ {
			small = merged(round, small, run(ctx, c, calls[path], 10, half))
			big = merged(round, big, run(ctx, c, bigCalls[path], 10, half))
		}
		ratio := float64(big.P50) / float64(max(small.P50, 1))
		rep.note("%s flat: %s at 10 in flight: p50 %s ms on 1k meetings, %s ms on %dk (%.2f×, alternate rounds)",
			db, path, ms(small.P50), ms(big.P50), o.Meetings/1000, ratio)
		if ratio > 1.2 {
			rep.fail("%s %s: p50 %.2f× from 1k to %dk meetings (target ≤ 1.2×)", db, path, ratio, o.Meetings/1000)
		}
		if small.Errors > 0 || big.Errors > 0 {
			rep.fail("%s %s in the flat check: %d errors on 1k, %d on %dk (first: %s%s)", db, path, small.Errors, big.Errors,
				o.Meetings/1000, small.FirstErr, big.FirstErr)
		}
	}
	return nil
}
