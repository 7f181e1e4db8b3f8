package metrics

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Count is one labelled figure read from the database at scrape time; Labels
// are in the order the Sources field documents.
type Count struct {
	Labels []string
	N      float64
}

// Sources are the figures read when scraped. Any may be nil (not exported).
type Sources struct {
	// DB is the pool whose in-use and waiting connections are exported.
	DB *sql.DB
	// Jobs counts River's jobs by kind and state (available, scheduled,
	// retryable, running, discarded, …).
	Jobs func(context.Context) ([]Count, error)
	// Outbox counts outbox rows by channel (mail, or a webhook kind) and
	// status (queued, sending, failed, not_sent; sent rows are left out).
	Outbox func(context.Context) ([]Count, error)
	// Files sums the bytes of uploaded files kept in the database, by
	// kind (meeting_material, document_scan, feedback_scan).
	Files func(context.Context) ([]Count, error)
	// Log receives a source's error (the scrape then lacks that figure).
	Log *slog.Logger
}

// Handler returns the /metrics handler over a registry of its own: the
// process-wide counters, Go's runtime and process collectors, and the
// figures of src. When token is not empty, a request must carry
// "Authorization: Bearer <token>".
func Handler(src Sources, token string) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(httpRequests, httpDuration, signIns, feedCache,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if src.DB != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(src.DB, "liaison"))
	}
	if src.Log == nil {
		src.Log = slog.New(slog.DiscardHandler)
	}
	reg.MustRegister(&dbCollector{src: src})
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slogErrors{src.Log}})
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

var (
	jobsDesc = prometheus.NewDesc("liaison_jobs",
		"River jobs by kind and state; available+scheduled+retryable is the queue depth, retryable+discarded are failures.",
		[]string{"kind", "state"}, nil)
	outboxDesc = prometheus.NewDesc("liaison_outbox_messages",
		"Outbox rows not yet sent, by channel and status: queued and sending are the backlog, failed and not_sent are undelivered.",
		[]string{"channel", "status"}, nil)
	filesDesc = prometheus.NewDesc("liaison_stored_file_bytes",
		"Bytes of uploaded files kept in the database (all versions), by kind.", []string{"kind"}, nil)
	scrapeErrDesc = prometheus.NewDesc("liaison_metrics_source_errors",
		"1 when a database figure could not be read in this scrape.", []string{"source"}, nil)
)

// dbCollector reads the database figures at scrape time.
type dbCollector struct{ src Sources }

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- jobsDesc
	ch <- outboxDesc
	ch <- filesDesc
	ch <- scrapeErrDesc
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range []struct {
		name string
		desc *prometheus.Desc
		read func(context.Context) ([]Count, error)
	}{{"jobs", jobsDesc, c.src.Jobs}, {"outbox", outboxDesc, c.src.Outbox}, {"files", filesDesc, c.src.Files}} {
		if s.read == nil {
			continue
		}
		rows, err := s.read(ctx)
		failed := 0.0
		if err != nil {
			c.src.Log.Warn("metrics source", "source", s.name, "err", err)
			failed = 1
		}
		ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, failed, s.name)
		for _, r := range rows {
			ch <- prometheus.MustNewConstMetric(s.desc, prometheus.GaugeValue, r.N, r.Labels...)
		}
	}
}

// slogErrors lets promhttp report encoding errors to the application log.
type slogErrors struct{ log *slog.Logger }

func (l slogErrors) Println(v ...any) { l.log.Error("metrics", "err", v) }
