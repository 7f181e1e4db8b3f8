package icstest

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-ical"
)

// Kind is what a body is meant to be; each kind adds its own rules.
type Kind int

// The kinds of body.
const (
	Any    Kind = iota // structure, values and time zones only
	Invite             // an iTIP message: METHOD REQUEST, CANCEL or PUBLISH
	Feed               // a subscription feed: no METHOD, no people
	// Neutral is an invitation mailed about a sensitive or classified
	// meeting: its calendar part shows no more than the neutral mail body,
	// so no DESCRIPTION, LOCATION, CONFERENCE, COMMENT or attendee names.
	Neutral
)

// invite reports whether the kind is an iTIP message.
func (v *checker) invite() bool { return v.kind == Invite || v.kind == Neutral }

// Check reports every problem of body as a test error.
func Check(t testing.TB, body []byte, kind Kind) {
	t.Helper()
	if err := Validate(body, kind); err != nil {
		t.Errorf("invalid iCalendar:\n%v\n--- body ---\n%s", err, body)
	}
}

// Validate returns every rule body breaks, joined, or nil when it is clean.
func Validate(body []byte, kind Kind) error {
	cal, errs := Parse(body)
	v := &checker{kind: kind, errs: errs, tzids: map[string]bool{}}
	if cal != nil {
		v.calendar(cal)
		v.decode(body, cal)
	}
	return errors.Join(v.errs...)
}

type checker struct {
	kind  Kind
	errs  []error
	tzids map[string]bool
}

func (v *checker) bad(l Line, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("line %d %s: "+format, append([]any{l.At, l.Name}, args...)...))
}

func (v *checker) fail(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

var (
	reUTC      = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	reLocal    = regexp.MustCompile(`^\d{8}T\d{6}$`)
	reDate     = regexp.MustCompile(`^\d{8}$`)
	reDuration = regexp.MustCompile(`^[+-]?P(\d+W|\d+D(T(\d+H)?(\d+M)?(\d+S)?)?|T(\d+H)?(\d+M)?(\d+S)?)$`)
	reOffset   = regexp.MustCompile(`^[+-]\d{4}$`)
	reInt      = regexp.MustCompile(`^\d+$`)
)

// textProps are single-valued TEXT properties: only \\ \; \, \n \N escapes,
// and no bare ; or , (those separate values and clients cut the text there).
var textProps = map[string]bool{
	"SUMMARY": true, "DESCRIPTION": true, "LOCATION": true, "COMMENT": true, "CONTACT": true,
	"X-WR-CALNAME": true, "NAME": true, "X-WR-CALDESC": true, "TZNAME": true, "UID": true,
	"CLASS": true, "STATUS": true, "TRANSP": true, "ACTION": true, "METHOD": true,
	"CALSCALE": true, "VERSION": true, "X-WR-TIMEZONE": true, "X-LIC-LOCATION": true, "TZID": true,
}

// duration reports whether the value is an RFC 5545 duration with a part.
func duration(s string) bool { return reDuration.MatchString(s) && !strings.HasSuffix(s, "T") }

// once checks that c has exactly one of each name in must and at most one of
// each in most.
func (v *checker) once(c *Component, must, most []string) {
	for _, n := range must {
		if k := len(c.All(n)); k != 1 {
			v.fail("%s: %d %s, want exactly one", c.Name, k, n)
		}
	}
	for _, n := range most {
		if k := len(c.All(n)); k > 1 {
			v.fail("%s: %d %s, want at most one", c.Name, k, n)
		}
	}
}

func (v *checker) calendar(cal *Component) {
	v.once(cal, []string{"VERSION", "PRODID"}, []string{"METHOD", "CALSCALE", "NAME", "X-WR-CALNAME",
		"X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"})
	if l, ok := cal.Get("VERSION"); ok && l.Value != "2.0" {
		v.bad(l, "want 2.0")
	}
	if len(cal.Props) > 0 && cal.Props[0].Name != "VERSION" {
		v.bad(cal.Props[0], "VERSION must be the calendar's first property (some clients read nothing else first)")
	}
	method, hasMethod := cal.Get("METHOD")
	switch v.kind {
	case Feed:
		if hasMethod && method.Value != "PUBLISH" {
			v.bad(method, "a feed has no METHOD (or PUBLISH), got %q", method.Value)
		}
		v.once(cal, []string{"X-WR-CALNAME", "NAME", "X-WR-TIMEZONE", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"}, nil)
		if l, ok := cal.Get("REFRESH-INTERVAL"); ok && (l.Param("VALUE") != "DURATION" || !duration(l.Value)) {
			v.bad(l, "needs VALUE=DURATION and a duration")
		}
		if l, ok := cal.Get("X-PUBLISHED-TTL"); ok && !duration(l.Value) {
			v.bad(l, "not a duration")
		}
	case Invite, Neutral:
		if !hasMethod || !oneOf(method.Value, "REQUEST", "CANCEL", "PUBLISH") {
			v.fail("an invitation needs METHOD:REQUEST, CANCEL or PUBLISH")
		}
	}
	seenEvent := false
	for _, c := range cal.Children {
		switch c.Name {
		case "VTIMEZONE":
			if seenEvent {
				v.fail("VTIMEZONE after an event: clients resolve TZID as they read")
			}
			v.timezone(c)
		case "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY":
			seenEvent = true
		default:
			v.fail("unexpected %s in VCALENDAR", c.Name)
		}
	}
	v.walk(cal)
	v.events(cal, method.Value)
}

func (v *checker) timezone(c *Component) {
	v.once(c, []string{"TZID"}, nil)
	if l, ok := c.Get("TZID"); ok {
		v.tzids[l.Value] = true
	}
	if len(c.Children) == 0 {
		v.fail("VTIMEZONE without STANDARD or DAYLIGHT")
	}
	for _, r := range c.Children {
		if r.Name != "STANDARD" && r.Name != "DAYLIGHT" {
			v.fail("VTIMEZONE holds %s", r.Name)
			continue
		}
		v.once(r, []string{"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"}, nil)
		for _, l := range r.Props {
			switch {
			case l.Name == "DTSTART" && (!reLocal.MatchString(l.Value) || len(l.Params) > 0):
				v.bad(l, "must be a local date-time")
			case strings.HasPrefix(l.Name, "TZOFFSET") && !reOffset.MatchString(l.Value):
				v.bad(l, "not a UTC offset")
			}
		}
	}
}

// walk checks what applies to every line: TEXT escapes, known TZIDs, and the
// parameters a feed must not carry.
func (v *checker) walk(c *Component) {
	for _, l := range c.Props {
		if textProps[l.Name] {
			if err := unescapeCheck(l.Value); err != nil {
				v.bad(l, "%v", err)
			}
		}
		if tz := l.Param("TZID"); tz != "" && !v.tzids[tz] {
			v.bad(l, "TZID=%s has no VTIMEZONE", tz)
		}
		if _, ok := l.Params["RSVP"]; ok && v.kind == Feed {
			v.bad(l, "RSVP in a feed")
		}
		if _, ok := l.Params["CN"]; ok && l.Name == "ATTENDEE" && v.kind == Neutral {
			v.bad(l, "a neutral mail names no attendee")
		}
		for name, vals := range l.Params {
			for _, p := range vals {
				if strings.ContainsAny(p, "\"\r\n") {
					v.bad(l, "parameter %s contains a quote or line break", name)
				}
			}
		}
	}
	for _, ch := range c.Children {
		v.walk(ch)
	}
}

// Unescape returns the text of a TEXT value, or an error for an invalid
// escape or an unescaped ; or ,.
func Unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
			if i == len(s) {
				return "", fmt.Errorf("backslash at the end")
			}
			switch e := s[i]; e {
			case '\\', ';', ',':
				b.WriteByte(e)
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("invalid escape \\%c", e)
			}
		case ';', ',':
			return "", fmt.Errorf("unescaped %q", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func unescapeCheck(s string) error { _, err := Unescape(s); return err }

// decode runs go-ical's decoder, which clients' parsers resemble, and checks
// that it reads the same components, properties and values as Parse.
func (v *checker) decode(body []byte, cal *Component) {
	defer func() {
		// go-ical panics on some malformed parameters instead of failing.
		if p := recover(); p != nil {
			v.fail("go-ical panics decoding: %v", p)
		}
	}()
	got, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		v.fail("go-ical cannot decode: %v", err)
		return
	}
	v.same(cal, got.Component)
}

func (v *checker) same(want *Component, got *ical.Component) {
	if want.Name != got.Name || len(want.Children) != len(got.Children) {
		v.fail("go-ical reads %s with %d children, want %s with %d", got.Name, len(got.Children), want.Name, len(want.Children))
		return
	}
	n := 0
	for _, ps := range got.Props {
		n += len(ps)
	}
	if n != len(want.Props) {
		v.fail("%s: go-ical reads %d properties, want %d", want.Name, n, len(want.Props))
	}
	idx := map[string]int{}
	for _, l := range want.Props {
		ps := got.Props[l.Name]
		i := idx[l.Name]
		idx[l.Name]++
		if i >= len(ps) || ps[i].Value != l.Value {
			v.bad(l, "go-ical reads a different value")
			continue
		}
		for name, vals := range l.Params {
			if !slices.Equal(ps[i].Params[name], vals) {
				v.bad(l, "go-ical reads parameter %s as %q", name, ps[i].Params[name])
			}
		}
	}
	for i := range want.Children {
		v.same(want.Children[i], got.Children[i])
	}
}
