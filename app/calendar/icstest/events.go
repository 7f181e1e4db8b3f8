package icstest

import (
	"strings"
	"time"
)

// form is how a date property is written: "DATE", "UTC" or the TZID.
func form(l Line) string {
	switch {
	case l.Param("VALUE") == "DATE":
		return "DATE"
	case l.Param("TZID") != "":
		return l.Param("TZID")
	}
	return "UTC"
}

// when parses every value of a DATE, UTC or TZID date property (EXDATE may
// list several) and reports values that do not match the declared form.
func (v *checker) when(l Line) []time.Time {
	var out []time.Time
	for _, s := range strings.Split(l.Value, ",") {
		var t time.Time
		var err error
		switch f := form(l); {
		case f == "DATE" && reDate.MatchString(s):
			t, err = time.Parse("20060102", s)
		case f == "UTC" && reUTC.MatchString(s):
			t, err = time.Parse("20060102T150405Z", s)
		case f != "DATE" && f != "UTC" && reLocal.MatchString(s):
			loc, lerr := time.LoadLocation(f)
			if lerr != nil {
				loc = time.UTC
			}
			t, err = time.ParseInLocation("20060102T150405", s, loc)
		default:
			v.bad(l, "%q is not a %s value (floating times are not allowed)", s, f)
			continue
		}
		if err != nil {
			v.bad(l, "%v", err)
		}
		out = append(out, t)
	}
	return out
}

// group is what the VEVENTs of one UID add up to.
type group struct {
	masters int
	exdates map[string]bool
	rids    map[string]bool
	start   string // the master's DTSTART form
}

func (v *checker) events(cal *Component, method string) {
	groups := map[string]*group{}
	var uids []string
	for _, c := range cal.Children {
		if c.Name != "VEVENT" {
			continue
		}
		uid, _ := c.Get("UID")
		g := groups[uid.Value]
		if g == nil {
			g = &group{exdates: map[string]bool{}, rids: map[string]bool{}}
			groups[uid.Value] = g
			uids = append(uids, uid.Value)
		}
		v.event(c, g, method)
	}
	if v.invite() && len(uids) > 1 {
		v.fail("an invitation is about one UID, got %d", len(uids))
	}
	for _, uid := range uids {
		g := groups[uid]
		if g.masters > 1 {
			v.fail("UID %s: %d events without RECURRENCE-ID", uid, g.masters)
		}
		if v.kind == Feed && g.masters == 0 {
			v.fail("UID %s: overrides without their series", uid)
		}
		for rid := range g.rids {
			if g.exdates[rid] {
				v.fail("UID %s: %s is both excluded and overridden", uid, rid)
			}
		}
	}
}

func (v *checker) event(c *Component, g *group, method string) {
	v.once(c, []string{"UID", "DTSTAMP", "DTSTART"}, []string{"DTEND", "DURATION", "SUMMARY",
		"DESCRIPTION", "LOCATION", "URL", "CLASS", "STATUS", "SEQUENCE", "ORGANIZER", "RRULE",
		"RECURRENCE-ID", "CREATED", "LAST-MODIFIED", "TRANSP", "COMMENT"})
	start, _ := c.Get("DTSTART")
	rid, isOverride := c.Get("RECURRENCE-ID")
	if isOverride {
		if g.rids[rid.Value] {
			v.bad(rid, "repeated for the same UID")
		}
		g.rids[rid.Value] = true
	} else {
		g.masters++
		g.start = form(start)
	}
	starts := v.when(start) // properties may come in any order: DTEND before DTSTART
	for _, l := range c.Props {
		switch l.Name {
		case "DTSTAMP", "CREATED", "LAST-MODIFIED":
			if !reUTC.MatchString(l.Value) || len(l.Params) > 0 {
				v.bad(l, "must be UTC (…Z) without parameters")
			}
		case "DTEND", "EXDATE", "RECURRENCE-ID":
			if form(l) != form(start) {
				v.bad(l, "written as %s but DTSTART as %s", form(l), form(start))
			}
			ts := v.when(l)
			if l.Name == "DTEND" && len(ts) == 1 && len(starts) == 1 && !ts[0].After(starts[0]) {
				v.bad(l, "not after DTSTART (all-day ends are exclusive)")
			}
			if l.Name == "EXDATE" {
				for _, s := range strings.Split(l.Value, ",") {
					g.exdates[s] = true
				}
			}
		case "SEQUENCE":
			if !reInt.MatchString(l.Value) || len(l.Params) > 0 {
				v.bad(l, "must be a plain integer without VALUE=")
			}
		case "STATUS":
			if !oneOf(l.Value, "TENTATIVE", "CONFIRMED", "CANCELLED") {
				v.bad(l, "unknown status")
			}
			if v.kind == Feed && l.Value == "CANCELLED" {
				v.bad(l, "cancelled meetings are removed from feeds")
			}
		case "RRULE":
			v.rrule(l, start, isOverride)
		case "CLASS":
			v.class(c, l)
		case "ORGANIZER", "ATTENDEE":
			v.person(l, method)
		case "URL":
			if strings.ContainsAny(l.Value, " \"") || !strings.Contains(l.Value, "://") {
				v.bad(l, "not an absolute URI")
			}
		case "CONFERENCE":
			// RFC 7986: VALUE=URI is required, and the URI is what clients open.
			if l.Param("VALUE") != "URI" || strings.ContainsAny(l.Value, " \"") || !strings.Contains(l.Value, "://") {
				v.bad(l, "needs VALUE=URI and an absolute URI")
			}
		}
		if v.kind == Neutral && oneOf(l.Name, "DESCRIPTION", "LOCATION", "CONFERENCE", "COMMENT") {
			v.bad(l, "a neutral mail shows no %s", l.Name)
		}
	}
	if _, ok := c.Get("DTEND"); ok {
		if _, ok := c.Get("DURATION"); ok {
			v.fail("VEVENT with both DTEND and DURATION")
		}
	}
	if isOverride && g.masters > 0 && form(rid) != g.start {
		v.bad(rid, "written as %s but the series' DTSTART as %s", form(rid), g.start)
	}
	status, _ := c.Get("STATUS")
	switch {
	case v.kind == Feed && (len(c.All("ATTENDEE")) > 0 || len(c.All("ORGANIZER")) > 0):
		v.fail("UID %s: a feed names no ORGANIZER or ATTENDEE", c.uid())
	case v.invite():
		v.once(c, []string{"ORGANIZER", "SEQUENCE"}, nil)
		if method == "REQUEST" && len(c.All("ATTENDEE")) == 0 {
			v.fail("UID %s: METHOD:REQUEST needs an ATTENDEE (libical and Evolution refuse it)", c.uid())
		}
		if method == "PUBLISH" && len(c.All("ATTENDEE")) > 0 {
			v.fail("UID %s: METHOD:PUBLISH names no ATTENDEE (clients would offer to answer)", c.uid())
		}
		if method == "CANCEL" && status.Value != "CANCELLED" {
			v.fail("UID %s: METHOD:CANCEL needs STATUS:CANCELLED", c.uid())
		}
		if method == "REQUEST" && status.Value == "CANCELLED" {
			v.fail("UID %s: METHOD:REQUEST with STATUS:CANCELLED", c.uid())
		}
	}
	for _, a := range c.Children {
		v.alarm(a)
	}
}

func (c *Component) uid() string { l, _ := c.Get("UID"); return l.Value }

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// rrule checks what clients need of a rule: FREQ, an end (our series are
// bounded), UNTIL in UTC for a timed series, and no RRULE on an override.
func (v *checker) rrule(l Line, start Line, isOverride bool) {
	parts := map[string]string{}
	for _, p := range strings.Split(l.Value, ";") {
		k, val, _ := strings.Cut(p, "=")
		parts[k] = val
	}
	switch until, hasUntil := parts["UNTIL"]; {
	case isOverride:
		v.bad(l, "on an occurrence")
	case parts["FREQ"] == "":
		v.bad(l, "no FREQ")
	case !hasUntil && parts["COUNT"] == "":
		v.bad(l, "never ends")
	case hasUntil && parts["COUNT"] != "":
		v.bad(l, "both COUNT and UNTIL")
	case hasUntil && form(start) != "DATE" && !reUTC.MatchString(until):
		v.bad(l, "UNTIL must be UTC when DTSTART has a time")
	case strings.Contains(l.Value, "+") || parts["INTERVAL"] == "1":
		// Both are valid but clients never write them, and several show
		// such a rule as "custom" or refuse to edit it.
		v.bad(l, "written with a + sign or INTERVAL=1")
	}
}

// class enforces 密级: CONFIDENTIAL is busy time only, PRIVATE has no
// description. (An invitation still names its attendees; a feed never does.)
func (v *checker) class(c *Component, l Line) {
	if !oneOf(l.Value, "PUBLIC", "PRIVATE", "CONFIDENTIAL") {
		v.bad(l, "unknown class")
	}
	leak := []string{"DESCRIPTION"}
	if l.Value == "CONFIDENTIAL" {
		leak = append(leak, "LOCATION", "URL")
	}
	for _, n := range leak {
		if l.Value != "PUBLIC" && len(c.All(n)) > 0 {
			v.bad(l, "%s event carries %s", l.Value, n)
		}
	}
}

func (v *checker) person(l Line, method string) {
	if !strings.HasPrefix(strings.ToLower(l.Value), "mailto:") || !strings.Contains(l.Value, "@") {
		v.bad(l, "%q is not a mailto: address", l.Value)
	}
	if sb := l.Param("SENT-BY"); sb != "" && !strings.HasPrefix(strings.ToLower(sb), "mailto:") {
		v.bad(l, "SENT-BY is not a mailto: address")
	}
	if l.Name != "ATTENDEE" {
		return
	}
	for _, p := range []string{"DELEGATED-TO", "DELEGATED-FROM"} {
		if d := l.Param(p); d != "" && !strings.HasPrefix(strings.ToLower(d), "mailto:") {
			v.bad(l, "%s is not a mailto: address", p)
		}
	}
	if r := l.Param("ROLE"); r != "" && !oneOf(r, "CHAIR", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "NON-PARTICIPANT") {
		v.bad(l, "unknown ROLE %s", r)
	}
	if p := l.Param("PARTSTAT"); p != "" && !oneOf(p, "NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED") {
		v.bad(l, "unknown PARTSTAT %s", p)
	}
	if r := l.Param("RSVP"); r != "" && r != "TRUE" && r != "FALSE" {
		v.bad(l, "RSVP must be TRUE or FALSE")
	}
	if method == "REQUEST" && (l.Param("PARTSTAT") == "" || l.Param("ROLE") == "") {
		v.bad(l, "a REQUEST gives every attendee ROLE and PARTSTAT")
	}
}

func (v *checker) alarm(a *Component) {
	if a.Name != "VALARM" {
		v.fail("%s inside VEVENT", a.Name)
		return
	}
	v.once(a, []string{"ACTION", "TRIGGER"}, []string{"DESCRIPTION", "SUMMARY", "DURATION", "REPEAT"})
	action, _ := a.Get("ACTION")
	if oneOf(action.Value, "DISPLAY", "EMAIL") && len(a.All("DESCRIPTION")) != 1 {
		v.fail("VALARM %s needs a DESCRIPTION", action.Value)
	}
	if t, ok := a.Get("TRIGGER"); ok {
		switch t.Param("VALUE") {
		case "", "DURATION":
			if !duration(t.Value) {
				v.bad(t, "%q is not a duration", t.Value)
			}
		case "DATE-TIME":
			if !reUTC.MatchString(t.Value) {
				v.bad(t, "an absolute trigger must be UTC")
			}
		default:
			v.bad(t, "VALUE=%s", t.Param("VALUE"))
		}
	}
}
