package web_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"liaison/app/clock"
)

// BenchmarkSearch measures GET /api/v1/search as the generated member on
// a generated district of 2,000 meetings, for two-character words (the
// LIKE scan), longer ones (the trigram index), a word every meeting
// holds and one nothing holds; it reports p50 and p99 besides the mean
// (go test -bench Search -run '^$' ./app/web/).
func BenchmarkSearch(b *testing.B) {
	h := newHotEnv(b, 2000)
	for _, q := range []string{"评查", "线索研判", "行政执法监督衔接", "第12次", "无此词语"} {
		p := "/api/v1/search?q=" + url.QueryEscape(q)
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			var took []time.Duration
			for b.Loop() {
				sw := clock.StartStopwatch()
				h.get(b, p)
				took = append(took, sw.Elapsed())
			}
			slices.Sort(took)
			at := func(q float64) float64 {
				return float64(took[min(len(took)-1, int(q*float64(len(took))))].Microseconds()) / 1000
			}
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.99), "p99-ms")
		})
	}
}
