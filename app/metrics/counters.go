package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The process-wide collectors. They are registered on every Handler's
// registry, so each process exports them once whatever built it.
var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "liaison_http_requests_total",
		Help: "HTTP requests answered, by method, route pattern and status code.",
	}, []string{"method", "route", "status"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "liaison_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method and route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "route"})
	signIns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "liaison_signin_refusals_total",
		Help: "Sign-in attempts refused: outcome is failed (wrong credentials) or throttled (429).",
	}, []string{"outcome"})
	feedCache = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "liaison_feed_cache_total",
		Help: "Calendar feed requests by whether the in-memory feed cache answered them (hit) or the feed was built (miss).",
	}, []string{"result"})
)

func init() {
	// Expose the label values an alert expects at zero from the start.
	for _, o := range []string{SignInFailed, SignInThrottled} {
		signIns.WithLabelValues(o)
	}
	feedCache.WithLabelValues("hit")
	feedCache.WithLabelValues("miss")
}

// Sign-in refusal outcomes.
const (
	SignInFailed    = "failed"
	SignInThrottled = "throttled"
)

// ObserveRequest records one answered request. route must be the router's
// pattern ("/meetings/:id"), never the raw path; "" (no route matched) is
// recorded as "unmatched" so probes of random paths cannot grow the series.
func ObserveRequest(method, route string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	httpRequests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	httpDuration.WithLabelValues(method, route).Observe(took.Seconds())
}

// SignInRefused counts one refused sign-in (SignInFailed or SignInThrottled).
func SignInRefused(outcome string) { signIns.WithLabelValues(outcome).Inc() }

// FeedCache counts one feed request the cache answered (hit) or not.
func FeedCache(hit bool) {
	if hit {
		feedCache.WithLabelValues("hit").Inc()
		return
	}
	feedCache.WithLabelValues("miss").Inc()
}
