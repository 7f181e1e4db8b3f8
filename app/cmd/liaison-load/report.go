package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// line is a row as progress output.
func (r row) line() string {
	s := fmt.Sprintf("%-8s %-16s %3d  liaison %8.0f/s p50 %7s p99 %7s ms", r.DB, r.Path, r.Level, r.L.RPS(), ms(r.L.P50), ms(r.L.P99))
	if r.HasB {
		s += fmt.Sprintf("  baseline %8.0f/s p50 %7s p99 %7s ms", r.B.RPS(), ms(r.B.P50), ms(r.B.P99))
	}
	return s
}

// print writes the Markdown table, the notes and the targets missed.
func (rep *report) print(o options) error {
	var b strings.Builder
	b.WriteString("| db | path | in flight | Liaison req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | throughput ratio | p99 ratio |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rep.Rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %.0f | %s | %s |", r.DB, r.Path, r.Level, r.L.RPS(), ms(r.L.P50), ms(r.L.P99))
		if !r.HasB {
			b.WriteString(" — | — | — | — | — |\n")
			continue
		}
		tr := r.L.RPS() / r.B.RPS()
		pr := float64(r.L.P99) / float64(max(r.B.P99, 1))
		fmt.Fprintf(&b, " %.0f | %s | %s | %.2f× | %.2f× |\n", r.B.RPS(), ms(r.B.P50), ms(r.B.P99), tr, pr)
		if r.Level >= 10 && (tr < 0.9 || pr > 1.2) {
			rep.fail("%s %s @%d: %.2f× throughput, %.2f× p99 of the baseline (targets ≥ 0.9×, ≤ 1.2×)", r.DB, r.Path, r.Level, tr, pr)
		}
		if r.Path == "feed 304" && r.L.RPS() < 20000 && r.Level >= 10 {
			rep.fail("%s feed 304 @%d: %.0f/s < 20,000/s", r.DB, r.Level, r.L.RPS())
		}
	}
	for _, r := range rep.Rows {
		if r.Path == "feed 304" && !r.HasB && r.Level >= 10 && r.L.RPS() < 20000 {
			rep.fail("%s feed 304 @%d: %.0f/s < 20,000/s", r.DB, r.Level, r.L.RPS())
		}
	}
	b.WriteString("\n")
	for _, n := range rep.Notes {
		b.WriteString("- " + n + "\n")
	}
	if len(rep.Fails) > 0 {
		b.WriteString("\nTargets missed or errors:\n")
		for _, f := range rep.Fails {
			b.WriteString("- " + f + "\n")
		}
	} else {
		b.WriteString("\nEvery target met, no errors.\n")
	}
	fmt.Fprint(o.ReportOut, b.String())
	if o.OutMD != "" {
		return os.WriteFile(o.OutMD, []byte(b.String()), 0o644)
	}
	return nil
}
