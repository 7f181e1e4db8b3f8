package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/pprof"
)

// servePprof serves net/http/pprof on addr (config has checked that it is
// loopback) until ctx ends: profiling a running instance is how the hot
// paths were measured (README, Performance), and an operator can do the
// same on a box under load without rebuilding. It is a separate listener so
// that the application's router never exposes it.
func servePprof(ctx context.Context, addr string, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	at, err := serveSide(ctx, "pprof", addr, mux, log)
	if err != nil {
		return err
	}
	log.Info("pprof listening", "addr", at.String())
	return nil
}
