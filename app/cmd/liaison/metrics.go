package main

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"liaison/app/metrics"
	"liaison/app/web"
)

// serveMetrics serves Prometheus metrics at /metrics on a listener of its
// own (LIAISON_METRICS_ADDR) until ctx ends, so the application's router
// never exposes them; config has checked that a non-loopback address comes
// with a token, which the handler then demands.
func serveMetrics(ctx context.Context, addr, token string, deps web.Deps, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler(web.MetricsSources(deps), token))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("metrics listener", "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String(), "token", token != "")
	return nil
}
