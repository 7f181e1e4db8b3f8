package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"liaison/app/clock"
)

// call makes one request; worker is the worker's number (so calls can
// spread over users and ids) and i the request's sequence number. It
// returns the status, or an error for a transport failure or a wrong
// answer.
type call func(ctx context.Context, c *http.Client, worker int, i int64) (int, error)

// result is what one cell of the table measured.
type result struct {
	N        int64
	Errors   int64
	Status5x int64
	Busy     int64 // answers mentioning SQLITE_BUSY / "database is locked"
	Elapsed  time.Duration
	P50, P99 time.Duration
	FirstErr string
	lat      []time.Duration // sorted
}

// merge adds another round of the same cell.
func (r result) merge(o result) result {
	out := result{N: r.N + o.N, Errors: r.Errors + o.Errors, Status5x: r.Status5x + o.Status5x, Busy: r.Busy + o.Busy,
		Elapsed: r.Elapsed + o.Elapsed, FirstErr: r.FirstErr}
	if out.FirstErr == "" {
		out.FirstErr = o.FirstErr
	}
	out.lat = append(append(make([]time.Duration, 0, len(r.lat)+len(o.lat)), r.lat...), o.lat...)
	slices.Sort(out.lat)
	out.P50, out.P99 = pct(out.lat, 0.50), pct(out.lat, 0.99)
	return out
}

// RPS is the throughput.
func (r result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.N) / r.Elapsed.Seconds()
}

// limits bound a cell in time and requests.
type limits struct {
	Duration time.Duration
	MaxReq   int64
	Warmup   time.Duration
}

// run keeps level requests in flight until the duration or the request
// budget is spent, recording every latency.
func run(ctx context.Context, c *http.Client, fn call, level int, lim limits) result {
	if lim.Warmup > 0 {
		wctx, cancel := context.WithTimeout(ctx, lim.Warmup)
		runFor(ctx, wctx, c, fn, level, 0)
		cancel()
	}
	stop, cancel := context.WithTimeout(ctx, lim.Duration)
	defer cancel()
	return runFor(ctx, stop, c, fn, level, lim.MaxReq)
}

// runFor starts requests until stop is done; requests already in flight
// then finish (a slow path is measured, not cut off), under ctx.
func runFor(ctx, stop context.Context, c *http.Client, fn call, level int, maxReq int64) result {
	var (
		seq      atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		res      result
		wg       sync.WaitGroup
		firstErr atomic.Value
	)
	sw := clock.StartStopwatch()
	for w := 0; w < level; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			var n, errs, s5, busy int64
			for stop.Err() == nil {
				i := seq.Add(1)
				if maxReq > 0 && i > maxReq {
					break
				}
				t0 := clock.StartStopwatch()
				status, err := fn(ctx, c, w, i)
				d := t0.Elapsed()
				if ctx.Err() != nil && err != nil {
					break // the run was interrupted: not an error of the server
				}
				n++
				local = append(local, d)
				if status >= 500 {
					s5++
				}
				if err != nil {
					errs++
					if strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked") {
						busy++
					}
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			res.N += n
			res.Errors += errs
			res.Status5x += s5
			res.Busy += busy
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	res.Elapsed = sw.Elapsed()
	slices.Sort(lat)
	res.P50, res.P99, res.lat = pct(lat, 0.50), pct(lat, 0.99), lat
	if v, ok := firstErr.Load().(string); ok {
		res.FirstErr = v
	}
	return res
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p)
	return sorted[i]
}

// get makes a GET and checks the status; the body is read whole (as a
// browser would) and returned for the caller's checks.
func get(ctx context.Context, c *http.Client, url string, hdr map[string]string, want int) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return resp.StatusCode, nil, err
	}
	if resp.StatusCode != want {
		return resp.StatusCode, body, fmt.Errorf("GET %s: status %d, want %d: %.200s", url, resp.StatusCode, want, body)
	}
	return resp.StatusCode, body, nil
}

// newClient keeps enough idle connections for the highest level.
func newClient() *http.Client {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second, DisableCompression: true}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
