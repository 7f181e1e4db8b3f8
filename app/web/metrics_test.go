package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"liaison/app/clock"
	"liaison/app/metrics"
	"liaison/app/web"
	"liaison/app/web/webtest"
)

// scrape GETs /metrics from h (with token, if any) and parses the
// Prometheus text format.
func scrape(t *testing.T, h http.Handler, token string) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// sample returns the value of family name's series whose labels include
// want (0 and false when there is none).
func sample(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
	total, found := 0.0, false
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			if labels[k] != v {
				match = false
			}
		}
		if !match {
			continue
		}
		found = true
		switch {
		case m.Counter != nil:
			total += m.GetCounter().GetValue()
		case m.Gauge != nil:
			total += m.GetGauge().GetValue()
		case m.Histogram != nil:
			total += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return total, found
}

// TestMetrics_ScrapeAfterARequestAndAJob: on the test's database, a scrape
// in the Prometheus text format carries every series the README's Metrics
// section lists, labelled by route pattern (never an id or a token): a
// request, a refused sign-in and a feed served from the cache are counted,
// and once the invitation job of a new meeting has run, River's jobs and
// the mail it left undelivered (no SMTP server here) are in the figures.
func TestMetrics_ScrapeAfterARequestAndAJob(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatalf("start jobs: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = e.Deps.Notify.Stop(ctx)
	})
	h := metrics.Handler(web.MetricsSources(e.Deps), "")
	before := scrape(t, h, "")
	d := e.District()
	sec := e.API(d.OfficeSec)

	// a request, on a route with an id in it
	m := e.CreateMeeting(sec, webtest.MeetingBody("consultation", d.Office.ID, "会商：指标", mStart, mEnd))
	// a meeting material, which the storage figure counts
	if r := sec.Upload(webtest.MeetingPath(m, "/files"), "材料.pdf", pdfScan, nil); r.Status != http.StatusCreated {
		t.Fatalf("material: %d %s", r.Status, r.Body)
	}
	wantStatus(t, sec.Get(webtest.MeetingPath(m, "")), http.StatusOK)
	wantStatus(t, sec.Post(webtest.MeetingPath(m, "/attendees"), map[string]any{"user_id": d.ProcMember.ID, "role": "required"}), http.StatusCreated)
	// a path no route matches, with an id-like tail
	wantStatus(t, sec.Get("/no-such-page/918273"), http.StatusNotFound)
	// a refused sign-in
	bad := e.NewBrowser()
	bad.Get("/login")
	wantStatus(t, bad.PostForm("/login", url.Values{"username": {d.OfficeSec.Username}, "password": {"wrong-password-1"}}), http.StatusUnauthorized)
	// a feed built, then served from the cache
	feedURL, _ := myFeed(t, sec)
	anon := e.Anon()
	wantStatus(t, anon.Get(feedPath(t, feedURL)), http.StatusOK)
	wantStatus(t, anon.Get(feedPath(t, feedURL)), http.StatusOK)

	// the invitation job runs and leaves its mail not sent
	var after map[string]*dto.MetricFamily
	sw := clock.StartStopwatch()
	for {
		after = scrape(t, h, "")
		done, _ := sample(after, "liaison_jobs", map[string]string{"kind": "notify.task", "state": "completed"})
		mail, _ := sample(after, "liaison_outbox_messages", map[string]string{"channel": "mail", "status": "not_sent"})
		if done >= 1 && mail >= 1 {
			break
		}
		if sw.Elapsed() > 30*time.Second {
			var got []string
			for _, n := range []string{"liaison_jobs", "liaison_outbox_messages", "liaison_metrics_source_errors"} {
				for _, m := range after[n].GetMetric() {
					got = append(got, n+" "+m.String())
				}
			}
			t.Fatalf("after 30 s: %v completed invitation jobs, %v mails not sent; scraped:\n%s", done, mail, strings.Join(got, "\n"))
		}
		time.Sleep(100 * time.Millisecond)
	}

	grew := func(name string, labels map[string]string) {
		t.Helper()
		b, _ := sample(before, name, labels)
		a, ok := sample(after, name, labels)
		if !ok || a <= b {
			t.Errorf("%s%v: %v before, %v (present %v) after: want it to grow", name, labels, b, a, ok)
		}
	}
	grew("liaison_http_requests_total", map[string]string{"method": "GET", "route": "/api/v1/meetings/:id", "status": "200"})
	grew("liaison_http_request_duration_seconds", map[string]string{"method": "GET", "route": "/api/v1/meetings/:id"})
	grew("liaison_signin_refusals_total", map[string]string{"outcome": "failed"})
	grew("liaison_feed_cache_total", map[string]string{"result": "hit"})
	grew("liaison_feed_cache_total", map[string]string{"result": "miss"})
	for _, name := range []string{"liaison_signin_refusals_total", "go_sql_in_use_connections", "go_sql_wait_count_total", "liaison_metrics_source_errors"} {
		if _, ok := after[name]; !ok {
			t.Errorf("no %s in the scrape", name)
		}
	}
	if b, _ := sample(before, "liaison_stored_file_bytes", map[string]string{"kind": "meeting_material"}); b != 0 {
		t.Errorf("materials before any upload: %v bytes", b)
	}
	if a, _ := sample(after, "liaison_stored_file_bytes", map[string]string{"kind": "meeting_material"}); a != float64(len(pdfScan)) {
		t.Errorf("materials after one upload: %v bytes, want %d", a, len(pdfScan))
	}
	for _, kind := range []string{"document_scan", "feedback_scan"} {
		if _, ok := sample(after, "liaison_stored_file_bytes", map[string]string{"kind": kind}); !ok {
			t.Errorf("no stored bytes of %s", kind)
		}
	}
	for _, src := range []string{"jobs", "outbox", "files"} {
		if v, ok := sample(after, "liaison_metrics_source_errors", map[string]string{"source": src}); !ok || v != 0 {
			t.Errorf("source %s: error gauge %v (present %v)", src, v, ok)
		}
	}
	// no label anywhere carries a record id or the feed token
	tok := strings.TrimSuffix(feedURL[strings.LastIndex(feedURL, "/")+1:], ".ics")
	for name, f := range after {
		for _, s := range f.GetMetric() {
			for _, l := range s.GetLabel() {
				if strings.Contains(l.GetValue(), tok) || strings.Contains(l.GetValue(), webtest.MeetingPath(m, "")) || strings.Contains(l.GetValue(), "918273") {
					t.Errorf("%s has label %s=%q", name, l.GetName(), l.GetValue())
				}
			}
		}
	}
}

// TestMetrics_Token: with a token, a scrape without it (or with another)
// is refused 401 and shows no figures.
func TestMetrics_Token(t *testing.T) {
	t.Parallel()
	h := metrics.Handler(metrics.Sources{}, "0123456789abcdef")
	for _, auth := range []string{"", "Bearer wrong", "Basic 0123456789abcdef"} {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || strings.Contains(rec.Body.String(), "liaison_") {
			t.Errorf("Authorization %q: %d %q", auth, rec.Code, rec.Body.String())
		}
	}
	if fams := scrape(t, h, "0123456789abcdef"); fams["liaison_http_requests_total"] == nil && fams["go_goroutines"] == nil {
		t.Errorf("with the token: no figures")
	}
}
