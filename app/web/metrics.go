package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/clock"
	"liaison/app/metrics"
)

// signInRoutes are the routes whose 401 and 429 answers are refused
// sign-ins (wrong credentials, throttled), counted for the operator.
var signInRoutes = map[string]bool{
	"POST /login":              true,
	"POST " + secondFactorPage: true,
	"POST /api/v1/auth/token":  true,
}

// observeRequests counts every request by method, route pattern and status,
// and times it. It is the outermost middleware, so it sees the status the
// error handler chose: it hands an error to Echo's handler itself and
// returns nil. The label is c.Path(), the pattern Echo matched, never the
// URL, which may carry ids and feed or RSVP tokens.
func (s *Server) observeRequests() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			sw := clock.StartStopwatch()
			if err := next(c); err != nil {
				c.Error(err)
			}
			method, route, status := c.Request().Method, c.Path(), c.Response().Status
			metrics.ObserveRequest(method, route, status, sw.Elapsed())
			if signInRoutes[method+" "+route] {
				switch status {
				case http.StatusUnauthorized:
					metrics.SignInRefused(metrics.SignInFailed)
				case http.StatusTooManyRequests:
					metrics.SignInRefused(metrics.SignInThrottled)
				}
			}
			return nil
		}
	}
}

// MetricsSources are the database figures the metrics listener reads at
// each scrape: the pool, River's jobs and the outbox, asked of notify,
// and the bytes of uploaded files, asked of their domains.
func MetricsSources(d Deps) metrics.Sources {
	src := metrics.Sources{Log: d.Log, DB: d.DB.SQL()}
	src.Jobs = func(ctx context.Context) ([]metrics.Count, error) {
		rows, err := d.Notify.JobCounts(ctx)
		out := make([]metrics.Count, 0, len(rows))
		for _, r := range rows {
			out = append(out, metrics.Count{Labels: []string{r.Kind, r.State}, N: float64(r.N)})
		}
		return out, err
	}
	src.Outbox = func(ctx context.Context) ([]metrics.Count, error) {
		rows, err := d.Notify.OutboxCounts(ctx)
		out := make([]metrics.Count, 0, len(rows))
		for _, r := range rows {
			out = append(out, metrics.Count{Labels: []string{string(r.Channel), string(r.Status)}, N: float64(r.N)})
		}
		return out, err
	}
	src.Files = func(ctx context.Context) ([]metrics.Count, error) {
		var out []metrics.Count
		for _, k := range []struct {
			kind string
			read func(context.Context) (int64, error)
		}{{"meeting_material", d.Meetings.StoredBytes}, {"document_scan", d.Cases.StoredBytes}, {"feedback_scan", d.Actions.StoredBytes}} {
			n, err := k.read(ctx)
			if err != nil {
				return out, err
			}
			out = append(out, metrics.Count{Labels: []string{k.kind}, N: float64(n)})
		}
		return out, nil
	}
	return src
}
