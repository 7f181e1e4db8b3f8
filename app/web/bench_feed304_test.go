package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"liaison/app/web"
	"liaison/app/web/webtest"
)

// BenchmarkFeed304 is a feed re-poll answered from memory (no query), served
// by the real router and middleware with the production JSON logger (to
// io.Discard), without the network: what is left is the server's own cost
// per 304 (go test -bench Feed304 -benchmem -cpuprofile cpu.out ./app/web/).
func BenchmarkFeed304(b *testing.B) {
	e := webtest.New(b)
	d := e.District()
	sec := e.API(d.OfficeSec)
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：基准", mStart, mEnd))
	sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"})
	var link struct{ URL string }
	e.API(d.ProcMember).Get("/api/v1/me/feed").Decode(b, &link)
	deps := e.Deps
	deps.Log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv, err := web.New(context.Background(), deps)
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	path := link.URL[len("http://liaison.test"):]
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	etag := w.Header().Get("ETag")
	if w.Code != http.StatusOK || etag == "" {
		b.Fatalf("first GET: %d", w.Code)
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("If-None-Match", etag)
	req.RemoteAddr = "127.0.0.1:40000"
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := &headerOnly{h: http.Header{}}
			h.ServeHTTP(w, req.Clone(context.Background()))
			if w.code != http.StatusNotModified {
				b.Fatalf("re-poll: %d", w.code)
			}
		}
	})
}

// headerOnly is a ResponseWriter cheaper than httptest.ResponseRecorder, so
// that the benchmark measures the server, not the recorder.
type headerOnly struct {
	h    http.Header
	code int
}

func (w *headerOnly) Header() http.Header         { return w.h }
func (w *headerOnly) Write(p []byte) (int, error) { return len(p), nil }
func (w *headerOnly) WriteHeader(code int)        { w.code = code }
