package main

import (
	"context"
	"log/slog"
	"net/http"

	"liaison/app/metrics"
	"liaison/app/web"
)

// serveMetrics serves Prometheus metrics at /metrics on a listener of its
// own (LIAISON_METRICS_ADDR) until ctx ends, so the application's router
// never exposes them; config has checked that a non-loopback address comes
// with a token, which the handler then demands.
func serveMetrics(ctx context.Context, addr, token string, deps web.Deps, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler(web.MetricsSources(deps), token))
	at, err := serveSide(ctx, "metrics", addr, mux, log)
	if err != nil {
		return err
	}
	log.Info("metrics listening", "addr", at.String(), "token", token != "")
	return nil
}
