package calendar

import (
	"strconv"
	"time"
	_ "time/tzdata" // the zone must load on hosts without /usr/share/zoneinfo

	"github.com/emersion/go-ical"
)

// TZID is the one zone every timed value is written in.
const TZID = "Asia/Shanghai"

// shanghai is loaded by name, never time.Local or a fixed zone: the name is
// what TZID= carries, and it must match the VTIMEZONE we write.
var shanghai = mustLoad(TZID)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("calendar: " + err.Error()) // impossible with time/tzdata linked in
	}
	return loc
}

// Shared, read-only parameter sets: go-ical only reads them while encoding,
// so each timed property costs no map allocation.
var (
	tzParams       = ical.Params{"TZID": {TZID}}
	dateParams     = ical.Params{"VALUE": {"DATE"}}
	durationParams = ical.Params{"VALUE": {"DURATION"}}
)

// vtimezone describes Asia/Shanghai. China has had no daylight saving time
// since 1991, so one STANDARD rule from 1970 is exact for every date a
// meeting can have; clients need it because go-ical writes none.
var vtimezone = &ical.Component{
	Name: ical.CompTimezone,
	Props: ical.Props{
		"TZID":           {{Name: "TZID", Value: TZID}},
		"X-LIC-LOCATION": {{Name: "X-LIC-LOCATION", Value: TZID}},
	},
	Children: []*ical.Component{{
		Name: ical.CompTimezoneStandard,
		Props: ical.Props{
			"DTSTART":      {{Name: "DTSTART", Value: "19700101T000000"}},
			"TZOFFSETFROM": {{Name: "TZOFFSETFROM", Value: "+0800"}},
			"TZOFFSETTO":   {{Name: "TZOFFSETTO", Value: "+0800"}},
			"TZNAME":       {{Name: "TZNAME", Value: "CST"}},
		},
	}},
}

// local is t as written: Asia/Shanghai, whole seconds (iCalendar has no
// fractions, and EXDATE matching compares exact instants).
func local(t time.Time) time.Time { return t.In(shanghai).Truncate(time.Second) }

// localProp is a DATE-TIME with TZID=Asia/Shanghai.
func localProp(name string, t time.Time) ical.Prop {
	return ical.Prop{Name: name, Params: tzParams, Value: t.In(shanghai).Format("20060102T150405")}
}

// utcProp is a DATE-TIME in UTC, as DTSTAMP, CREATED and LAST-MODIFIED must be.
func utcProp(name string, t time.Time) ical.Prop {
	return ical.Prop{Name: name, Value: t.UTC().Format("20060102T150405Z")}
}

// dateProp is a VALUE=DATE property for the calendar day y-m-d.
func dateProp(name string, y int, m time.Month, d int) ical.Prop {
	return ical.Prop{Name: name, Params: dateParams, Value: time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format("20060102")}
}

// durationValue formats d as an RFC 5545 duration such as -PT1H or -P1D.
// go-ical's SetDuration always writes seconds (PT3600S), which some phone
// clients show literally.
func durationValue(d time.Duration) string {
	d = d.Truncate(time.Second)
	b := make([]byte, 0, 16)
	if d < 0 {
		b = append(b, '-')
		d = -d
	}
	b = append(b, 'P')
	if days := d / (24 * time.Hour); days > 0 {
		b = append(strconv.AppendInt(b, int64(days), 10), 'D')
		d -= days * 24 * time.Hour
	}
	if d > 0 || len(b) == 1 { // len 1: a zero duration is PT0S
		b = append(b, 'T')
		h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
		if h > 0 {
			b = append(strconv.AppendInt(b, int64(h), 10), 'H')
		}
		if m > 0 {
			b = append(strconv.AppendInt(b, int64(m), 10), 'M')
		}
		if s > 0 || (h == 0 && m == 0) {
			b = append(strconv.AppendInt(b, int64(s), 10), 'S')
		}
	}
	return string(b)
}
