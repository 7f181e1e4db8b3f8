"""Reads one iCalendar body on stdin with libical (the C library behind
Evolution, KDE and many servers, through its GObject binding) and prints
what a client would hold, as icaljs.mjs does, one JSON line:
  {"method", "events": [{"uid", "rid", "start", "status"}], "occurrences"}
Times are wall-clock in the event's own zone. occurrences expands the
master event with libical's own recurrence code (RRULE less EXDATE and less
the starts other components override), then adds the overrides that are
not cancelled. libical's parser does not fail on bad input; it leaves
X-LIC-ERROR properties, which are reported as errors. The package's Go code
runs it with Debian's python3 (python3-gi, gir1.2-ical-3.0)."""
import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402


def wall(t):
    if t.is_date():
        return "%04d%02d%02d" % (t.get_year(), t.get_month(), t.get_day())
    return "%04d%02d%02dT%02d%02d" % (t.get_year(), t.get_month(), t.get_day(), t.get_hour(), t.get_minute())


def errors(c, out):
    p = c.get_first_property(I.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        out.append(p.get_xlicerror())
        p = c.get_next_property(I.PropertyKind.XLICERROR_PROPERTY)
    s = c.get_first_component(I.ComponentKind.ANY_COMPONENT)
    while s is not None:
        errors(s, out)
        s = c.get_next_component(I.ComponentKind.ANY_COMPONENT)


def main():
    cal = I.Component.new_from_string(sys.stdin.read())
    if cal is None:
        print(json.dumps({"errors": ["not parsed"]}))
        return
    errs = []
    errors(cal, errs)
    mp = cal.get_first_property(I.PropertyKind.METHOD_PROPERTY)
    out = {"method": mp.get_value_as_string() if mp is not None else "",
           "events": [], "occurrences": [], "errors": errs}
    events = []
    v = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
    while v is not None:
        events.append(v)
        v = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
    master = None
    overrides = []
    for v in events:
        rid = v.get_recurrenceid()
        has_rid = v.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY) is not None
        st = v.get_first_property(I.PropertyKind.STATUS_PROPERTY)
        status = st.get_value_as_string() if st is not None else ""
        out["events"].append({"uid": v.get_uid(), "rid": wall(rid) if has_rid else "",
                              "start": wall(v.get_dtstart()), "status": status})
        if has_rid:
            overrides.append((v, status))
        elif v.get_first_property(I.PropertyKind.RRULE_PROPERTY) is not None:
            master = v
    if master is not None:
        start = master.get_dtstart()
        tz = start.get_timezone()
        rule = master.get_first_property(I.PropertyKind.RRULE_PROPERTY).get_rrule()
        it = I.RecurIterator.new(rule, start)
        excluded = set()
        p = master.get_first_property(I.PropertyKind.EXDATE_PROPERTY)
        while p is not None:
            excluded.add(wall(p.get_exdate()))
            p = master.get_next_property(I.PropertyKind.EXDATE_PROPERTY)
        for v, _ in overrides:
            excluded.add(wall(v.get_recurrenceid()))
        occ = []
        t = it.next()
        while t is not None and not t.is_null_time() and len(occ) < 1000:
            if tz is not None:
                t.set_timezone(tz)
            if wall(t) not in excluded:
                occ.append(wall(t))
            t = it.next()
        for v, status in overrides:
            if status != "CANCELLED":
                occ.append(wall(v.get_dtstart()))
        out["occurrences"] = sorted(occ)
    print(json.dumps(out, ensure_ascii=False))


main()
