package calendar

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"liaison/app/apperr"
)

// Limits on a series. A meeting series is a handful of dates: more than
// maxOccurrences, or dates beyond maxSpan, is a typo, and refusing it also
// bounds the work every feed request spends expanding rules.
const (
	maxOccurrences = 200
	maxSpan        = 10 * 366 * 24 * time.Hour
)

// ruleErr is an Invalid error on the form's "rrule" field.
func ruleErr(code string) error {
	return &apperr.Error{Kind: apperr.Invalid, Code: code, Fields: map[string]string{"rrule": code}}
}

// series is a validated rule: its canonical text and every occurrence start.
type series struct {
	rule   string
	starts []time.Time // ascending, Asia/Shanghai
}

// has reports whether t is the start of an occurrence.
func (s *series) has(t time.Time) bool {
	i := sort.Search(len(s.starts), func(i int) bool { return !s.starts[i].Before(t) })
	return i < len(s.starts) && s.starts[i].Equal(t)
}

// ValidateRRule checks a recurrence rule for a series starting at start. It
// returns an *apperr.Error of kind Invalid, with the code also on field
// "rrule": meeting.rrule_invalid (malformed, or COUNT with UNTIL),
// meeting.rrule_unsupported (parts Outlook cannot show: sub-daily FREQ,
// BYHOUR, BYMINUTE, BYSECOND, BYWEEKNO, BYYEARDAY), meeting.rrule_unbounded
// (neither COUNT nor UNTIL), meeting.rrule_too_many (more than 200
// occurrences), meeting.rrule_too_long (past ten years), meeting.rrule_empty
// (no occurrence at all) and meeting.rrule_start_mismatch (start is not the
// first occurrence: RFC 5545 then counts it anyway, and Google and Outlook
// disagree about whether it happens).
func ValidateRRule(rule string, start time.Time) error {
	_, err := parseRule(rule, start)
	return err
}

// Occurrences returns the starts of the occurrences of rule (from start) that
// begin in [from, to), in Asia/Shanghai. An empty rule is a single meeting.
// To list meetings overlapping a window, move from back by the duration.
func Occurrences(rule string, start, from, to time.Time) ([]time.Time, error) {
	if rule == "" {
		if t := local(start); !t.Before(from) && t.Before(to) {
			return []time.Time{t}, nil
		}
		return nil, nil
	}
	s, err := parseRule(rule, start)
	if err != nil {
		return nil, err
	}
	i := sort.Search(len(s.starts), func(i int) bool { return !s.starts[i].Before(from) })
	j := sort.Search(len(s.starts), func(i int) bool { return !s.starts[i].Before(to) })
	if i >= j {
		return nil, nil
	}
	return append([]time.Time(nil), s.starts[i:j]...), nil
}

// parseRule validates rule and expands it. rrule-go alone is too lenient for
// what clients accept: it lets keys repeat (the last wins), treats COUNT=0 as
// "no count", accepts DTSTART inside the rule and date-only UNTIL, so the text
// is checked here first and the rule is written back in canonical form.
func parseRule(rule string, start time.Time) (*series, error) {
	s := strings.ToUpper(strings.TrimSpace(rule))
	s = strings.TrimPrefix(s, "RRULE:")
	if s == "" || len(s) > 500 {
		return nil, ruleErr("meeting.rrule_invalid")
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("=;,+-", c) >= 0) {
			return nil, ruleErr("meeting.rrule_invalid")
		}
	}
	seen := map[string]bool{}
	dateUntil := false
	byDay := ""
	for rest := s; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ";")
		key, val, ok := strings.Cut(part, "=")
		if !ok || val == "" || seen[key] {
			return nil, ruleErr("meeting.rrule_invalid")
		}
		seen[key] = true
		switch key {
		case "FREQ":
			switch val {
			case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
			case "HOURLY", "MINUTELY", "SECONDLY":
				return nil, ruleErr("meeting.rrule_unsupported")
			default:
				return nil, ruleErr("meeting.rrule_invalid")
			}
		case "COUNT", "INTERVAL":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return nil, ruleErr("meeting.rrule_invalid")
			}
			if key == "COUNT" && n > maxOccurrences {
				return nil, ruleErr("meeting.rrule_too_many")
			}
		case "UNTIL":
			dateUntil = len(val) == len("20060102")
		case "BYDAY":
			if !validByDay(val) {
				return nil, ruleErr("meeting.rrule_invalid")
			}
			byDay = val
		case "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST":
		case "BYHOUR", "BYMINUTE", "BYSECOND", "BYWEEKNO", "BYYEARDAY":
			return nil, ruleErr("meeting.rrule_unsupported")
		default:
			return nil, ruleErr("meeting.rrule_invalid")
		}
	}
	switch {
	case !seen["FREQ"] || seen["COUNT"] && seen["UNTIL"]:
		return nil, ruleErr("meeting.rrule_invalid")
	case !seen["COUNT"] && !seen["UNTIL"]:
		return nil, ruleErr("meeting.rrule_unbounded")
	case byDay != "" && strings.Contains(s, "FREQ=MONTHLY") && maxOrdinal(byDay) > 5:
		// "the 8th Friday of the month" does not exist, and rrule-go
		// panics on it (index out of range, found by FuzzValidateRRule).
		return nil, ruleErr("meeting.rrule_invalid")
	}
	opt, err := rrule.StrToROptionInLocation(s, shanghai)
	if err != nil {
		return nil, &apperr.Error{Kind: apperr.Invalid, Code: "meeting.rrule_invalid",
			Fields: map[string]string{"rrule": "meeting.rrule_invalid"}, Err: err}
	}
	dtstart := local(start)
	if dateUntil {
		// "Until 30 June" means the meetings of 30 June too; RFC 5545 also
		// wants UNTIL to be a DATE-TIME when DTSTART is one.
		opt.Until = opt.Until.AddDate(0, 0, 1).Add(-time.Second)
	}
	horizon := dtstart.Add(maxSpan)
	if !opt.Until.IsZero() && opt.Until.After(horizon) {
		return nil, ruleErr("meeting.rrule_too_long")
	}
	canonical := tidyRule(opt.RRuleString())
	opt.Dtstart = dtstart
	if opt.Until.IsZero() {
		opt.Until = horizon // bounds the expansion of a COUNT rule that cannot be met
	}
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, &apperr.Error{Kind: apperr.Invalid, Code: "meeting.rrule_invalid",
			Fields: map[string]string{"rrule": "meeting.rrule_invalid"}, Err: err}
	}
	starts := make([]time.Time, 0, 16)
	next := r.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if len(starts) == maxOccurrences {
			return nil, ruleErr("meeting.rrule_too_many")
		}
		starts = append(starts, t)
	}
	switch {
	case len(starts) == 0:
		return nil, ruleErr("meeting.rrule_empty")
	case opt.Count > 0 && len(starts) < opt.Count:
		return nil, ruleErr("meeting.rrule_too_long")
	case !starts[0].Equal(dtstart):
		return nil, ruleErr("meeting.rrule_start_mismatch")
	}
	return &series{rule: canonical, starts: starts}, nil
}

// validByDay checks a BYDAY list: weekdays, each with an optional non-zero
// ordinal of at most 53 (RFC 5545 weekdaynum).
func validByDay(val string) bool {
	for _, d := range strings.Split(val, ",") {
		if len(d) < 2 {
			return false
		}
		switch d[len(d)-2:] {
		case "MO", "TU", "WE", "TH", "FR", "SA", "SU":
		default:
			return false
		}
		if n := d[:len(d)-2]; n != "" {
			k, err := strconv.Atoi(n)
			if err != nil || k == 0 || k < -53 || k > 53 {
				return false
			}
		}
	}
	return true
}

// maxOrdinal is the largest |ordinal| in a valid BYDAY list (0 for none).
func maxOrdinal(val string) int {
	m := 0
	for _, d := range strings.Split(val, ",") {
		k, _ := strconv.Atoi(d[:len(d)-2])
		m = max(m, k, -k)
	}
	return m
}

// tidyRule writes a rule the way clients write it themselves: rrule-go says
// INTERVAL=1 and signs every ordinal (BYDAY=+2TH), which some clients
// (older Outlook builds, several phone calendars) show as a custom rule or
// refuse to edit. Dropping both changes no occurrence.
func tidyRule(rule string) string {
	parts := strings.Split(rule, ";")
	out := parts[:0]
	for _, p := range parts {
		if p == "INTERVAL=1" {
			continue
		}
		out = append(out, strings.ReplaceAll(p, "+", ""))
	}
	return strings.Join(out, ";")
}
