package config

import (
	"strings"
	"testing"
)

// TestLoad_Metrics: the metrics listener is off by default; a loopback
// address needs nothing more, any other address needs a token of 16
// characters or more, so the figures are never served in public by default.
func TestLoad_Metrics(t *testing.T) {
	t.Parallel()
	if c, err := Load(env(nil), nil, nil); err != nil || c.MetricsAddr != "" || c.MetricsToken != "" {
		t.Fatalf("default: %v, %q %q: want metrics off", err, c.MetricsAddr, c.MetricsToken)
	}
	ok := []map[string]string{
		{"LIAISON_METRICS_ADDR": "127.0.0.1:9464"},
		{"LIAISON_METRICS_ADDR": "localhost:9464"},
		{"LIAISON_METRICS_ADDR": ":9464", "LIAISON_METRICS_TOKEN": "0123456789abcdef"},
		{"LIAISON_METRICS_ADDR": "10.0.0.5:9464", "LIAISON_METRICS_TOKEN": "a-long-scrape-token"},
	}
	for _, e := range ok {
		if c, err := Load(env(e), nil, nil); err != nil || c.MetricsAddr != e["LIAISON_METRICS_ADDR"] || c.MetricsToken != e["LIAISON_METRICS_TOKEN"] {
			t.Errorf("%v: %v, %+v", e, err, c)
		}
	}
	bad := []map[string]string{
		{"LIAISON_METRICS_ADDR": ":9464"},
		{"LIAISON_METRICS_ADDR": "0.0.0.0:9464", "LIAISON_METRICS_TOKEN": "short"},
		{"LIAISON_METRICS_ADDR": "9464"},
	}
	for _, e := range bad {
		if _, err := Load(env(e), nil, nil); err == nil || !strings.Contains(err.Error(), "LIAISON_METRICS_ADDR") {
			t.Errorf("%v: error %v, want one naming LIAISON_METRICS_ADDR", e, err)
		}
	}
}
