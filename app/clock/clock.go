// Package clock is Liaison's one source of "what time is it".
//
// Deadlines, reminders, sessions, feeds and the scoreboard's running month
// all turn on today's date, so nothing in the application reads the wall
// clock itself: the process builds one Clock at start (System in production)
// and hands it to the database handle, from which every service and store
// takes it. Tests build a Pinned clock instead, so that every date they
// write is relative to a "now" they chose and the suite gives the same
// answer on any day it runs. A guard test in this package fails the build
// when time.Now, time.Since or time.Until appear outside the few places
// allowed to measure real elapsed time (latency, timeouts).
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	// Now returns the current instant. It may carry a monotonic reading;
	// callers that store it convert with UTC().
	Now() time.Time
}

// System is the wall clock.
func System() Clock { return system{} }

type system struct{}

func (system) Now() time.Time { return time.Now() }

// Pinned is a clock set to a chosen instant that then runs on at the real
// pace, so timeouts, leases and "a minute later" still behave while the date
// is the one a test chose. Set, Advance and Freeze move or stop it; it is
// safe for concurrent use.
type Pinned struct {
	mu     sync.Mutex
	base   time.Time // the reading at started
	start  time.Time // wall-clock reading when base was set (monotonic)
	frozen bool
}

// Pin returns a clock reading at, running on from now.
func Pin(at time.Time) *Pinned {
	return &Pinned{base: at, start: time.Now()}
}

// Now returns the pinned instant plus the real time elapsed since it was
// set, or exactly the pinned instant while frozen.
func (p *Pinned) Now() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.frozen {
		return p.base
	}
	return p.base.Add(time.Since(p.start))
}

// Set moves the clock to at; it keeps running (or stays frozen) from there.
func (p *Pinned) Set(at time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.base, p.start = at, time.Now()
}

// Advance moves the clock forward by d.
func (p *Pinned) Advance(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.base
	if !p.frozen {
		now = p.base.Add(time.Since(p.start))
	}
	p.base, p.start = now.Add(d), time.Now()
}

// Freeze stops the clock at its current reading until Set or Advance moves
// it; a frozen clock never moves by itself, for tests that compare instants.
func (p *Pinned) Freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.frozen {
		p.base = p.base.Add(time.Since(p.start))
		p.frozen = true
	}
}

// Stopwatch measures real elapsed time (latency, timeouts, polling). It
// reads the monotonic clock, never the date, so it is the one sanctioned
// way to time something outside this package.
type Stopwatch struct{ start time.Time }

// StartStopwatch starts measuring.
func StartStopwatch() Stopwatch { return Stopwatch{start: time.Now()} }

// Elapsed returns the real time since the stopwatch started.
func (s Stopwatch) Elapsed() time.Duration { return time.Since(s.start) }

// FromWall translates an instant a library computed from the wall clock
// (scs sets session expiries that way) into c's frame, so that it compares
// rightly with c.Now(). For the system clock it is t itself.
func FromWall(c Clock, t time.Time) time.Time {
	if _, ok := c.(system); ok {
		return t
	}
	return t.Add(time.Until(c.Now()))
}

// ToWall is FromWall's inverse: the wall-clock instant that c's instant t
// corresponds to, for handing to a library that keeps wall-clock deadlines.
func ToWall(c Clock, t time.Time) time.Time {
	if _, ok := c.(system); ok {
		return t
	}
	return t.Add(time.Since(c.Now()))
}
