package web

import (
	"strconv"
	"strings"
	"time"
)

// recurrence is the form's simple view of an RRULE: none, weekly, monthly
// or quarterly, ending after Count occurrences or on Until (a date).
// Rules made through the API that do not fit are kept as Raw ("custom").
type recurrence struct {
	Freq  string // none | weekly | monthly | quarterly | custom
	Count string
	Until string // YYYY-MM-DD
	Raw   string
}

// rrule builds the RRULE; "" for a single meeting. A blank end is left to
// the domain, which refuses a rule that never ends.
func (r recurrence) rrule() string {
	var b strings.Builder
	switch r.Freq {
	case "weekly":
		b.WriteString("FREQ=WEEKLY")
	case "monthly":
		b.WriteString("FREQ=MONTHLY")
	case "quarterly":
		b.WriteString("FREQ=MONTHLY;INTERVAL=3")
	case "custom":
		return strings.TrimSpace(r.Raw)
	default:
		return ""
	}
	if n := strings.TrimSpace(r.Count); n != "" {
		b.WriteString(";COUNT=" + n)
	}
	if u := strings.TrimSpace(r.Until); u != "" {
		// the end of that day in Asia/Shanghai, in UTC as RFC 5545 wants
		d, err := time.ParseInLocation("2006-01-02", u, shanghai)
		if err != nil {
			b.WriteString(";UNTIL=" + u) // malformed: the domain says so
		} else {
			b.WriteString(";UNTIL=" + d.Add(24*time.Hour-time.Second).UTC().Format("20060102T150405Z"))
		}
	}
	return b.String()
}

// parseRecurrence reads an RRULE back into the form's terms.
func parseRecurrence(rule string) recurrence {
	if rule == "" {
		return recurrence{Freq: "none"}
	}
	parts := map[string]string{}
	for _, p := range strings.Split(strings.ToUpper(rule), ";") {
		k, v, _ := strings.Cut(p, "=")
		parts[k] = v
	}
	r := recurrence{Raw: rule, Count: parts["COUNT"]}
	if u := parts["UNTIL"]; u != "" {
		for _, layout := range []string{"20060102T150405Z", "20060102"} {
			if t, err := time.Parse(layout, u); err == nil {
				r.Until = t.In(shanghai).Format("2006-01-02")
				break
			}
		}
	}
	interval := parts["INTERVAL"]
	known := len(parts) <= 3
	for k := range parts {
		if k != "FREQ" && k != "INTERVAL" && k != "COUNT" && k != "UNTIL" {
			known = false
		}
	}
	switch {
	case !known:
		r.Freq = "custom"
	case parts["FREQ"] == "WEEKLY" && (interval == "" || interval == "1"):
		r.Freq = "weekly"
	case parts["FREQ"] == "MONTHLY" && (interval == "" || interval == "1"):
		r.Freq = "monthly"
	case parts["FREQ"] == "MONTHLY" && interval == "3":
		r.Freq = "quarterly"
	default:
		r.Freq = "custom"
	}
	if r.Freq != "custom" {
		if _, err := strconv.Atoi(r.Count); r.Count != "" && err != nil {
			r.Freq = "custom"
		}
	}
	return r
}
