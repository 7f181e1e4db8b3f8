package meeting

import (
	"context"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/i18n"
)

// What to do with a series' exceptions (cancelled or moved occurrences)
// that a change of its start or rule leaves without an occurrence
// (Patch.Exceptions).
const (
	// ExceptionsKeep (the default) keeps every exception: with the start
	// moved, each shifts by the same amount (a cancelled occurrence stays
	// cancelled, a moved one moves as far again). When one would not land
	// on an occurrence of the changed series, the change is refused with
	// 409 meeting.series_exceptions listing them, never applied silently.
	ExceptionsKeep = ""
	// ExceptionsDrop is the secretary's confirmation after that 409: the
	// exceptions that cannot be kept are dropped (their occurrences return
	// as the series has them); the others are kept as above.
	ExceptionsDrop = "drop"
)

// ArgLostExceptions is the argument of the 409 meeting.series_exceptions
// error that lists the exceptions as []LostException, so that the edit page
// can show them in the reader's language and ask for the confirmation.
const ArgLostExceptions = "LostExceptions"

// LostException is an exception the change would drop: the occurrence's
// start as the series had it, and whether it was cancelled (else moved).
type LostException struct {
	OriginalStart time.Time
	Cancelled     bool
}

// keepExceptions carries the overrides of series prev over to m (its start
// or rule changed): shifted by the start's move when that lands on an
// occurrence of m, else refused or, confirmed with ExceptionsDrop, dropped.
func (s *Service) keepExceptions(ctx context.Context, prev, m Meeting, mode string) error {
	if mode != ExceptionsKeep && mode != ExceptionsDrop {
		return fieldErr("exceptions", "meeting.exceptions_mode_invalid")
	}
	if prev.RRule == "" || prev.Start.Equal(m.Start) && prev.RRule == m.RRule {
		return nil
	}
	all, err := s.store.Occurrences(ctx, []int64{m.ID})
	if err != nil {
		return err
	}
	ov := all[m.ID]
	if len(ov) == 0 {
		return nil
	}
	delta := m.Start.Sub(prev.Start)
	var keep []Occurrence
	var lost []string
	var lostAt []LostException
	ids := make([]int64, 0, len(ov))
	for _, o := range ov {
		ids = append(ids, o.ID)
		orig := o.OriginalStart.Add(delta)
		if m.RRule != "" {
			if st, err := occurrenceStarts(m.RRule, m.Start, orig, orig.Add(time.Second)); err == nil && len(st) == 1 {
				o.OriginalStart = st[0]
				o.Start, o.End = o.Start.Add(delta), o.End.Add(delta)
				if o.Status == Cancelled { // as the rule has it, for the calendar
					o.Start, o.End = st[0], st[0].Add(m.Duration())
				}
				keep = append(keep, o)
				continue
			}
		}
		what := "已改期"
		if o.Status == Cancelled {
			what = "已取消"
		}
		lost = append(lost, i18n.DateTime("zh-CN", o.OriginalStart)+what)
		lostAt = append(lostAt, LostException{OriginalStart: o.OriginalStart, Cancelled: o.Status == Cancelled})
	}
	if len(lost) > 0 && mode != ExceptionsDrop {
		e := apperr.E(apperr.Conflict, "meeting.series_exceptions", "Exceptions", strings.Join(lost, "；"), ArgLostExceptions, lostAt)
		e.Fields = map[string]string{"exceptions": "meeting.series_exceptions"}
		return e
	}
	if delta == 0 && len(lost) == 0 {
		return nil // every exception is still an occurrence, unchanged
	}
	if err := s.store.DeleteOccurrences(ctx, m.ID, ids); err != nil {
		return err
	}
	for i := range keep {
		keep[i].UpdatedAt = s.Now()
		if err := s.store.SaveOccurrence(ctx, &keep[i]); err != nil {
			return err
		}
	}
	return nil
}
