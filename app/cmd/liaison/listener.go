package main

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// serveSide serves h on a listener of its own at addr until ctx ends: the
// operator's side doors (profiling, metrics), which the application's
// router never exposes. name labels its log lines.
func serveSide(ctx context.Context, name, addr string, h http.Handler, log *slog.Logger) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error(name+" listener", "err", err)
		}
	}()
	return ln.Addr(), nil
}
