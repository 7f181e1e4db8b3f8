package casefile

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/workday"
)

// PeriodUnit is how a period counts.
type PeriodUnit string

// The units a deadline may count in.
const (
	Days     PeriodUnit = "days"     // calendar days, moved off rest days
	Workdays PeriodUnit = "workdays" // working days per the holiday schedule
	Months   PeriodUnit = "months"   // calendar months, moved off rest days
)

// Period is a deadline length such as "2 months" or "15 workdays".
type Period struct {
	N    int        `json:"n"`
	Unit PeriodUnit `json:"unit"`
}

func (p Period) valid() bool {
	switch p.Unit {
	case Days, Workdays:
		return p.N >= 1 && p.N <= 365
	case Months:
		return p.N >= 1 && p.N <= 24
	}
	return false
}

// After returns the end of the period starting at from; a date beyond the
// known holiday schedule is the workday package's Invalid error.
func (p Period) After(cal *workday.Calendar, from workday.Date) (workday.Date, error) {
	switch p.Unit {
	case Workdays:
		return cal.AddWorkdays(from, p.N)
	case Months:
		return cal.AddMonths(from, p.N)
	}
	return cal.AddCalendarDays(from, p.N)
}

// ReplyDue is the default reply deadline of a document. A period in
// working days past the known holiday schedule cannot be counted and is
// refused (the workday error). A period in calendar days or months ends on
// a known date whatever the schedule; only moving it off a rest day needs
// the schedule, so past it the date moves off weekends alone — the one
// adjustment that is certain — instead of refusing every document issued
// in the last months of a year before the State Council publishes the next.
func (p Period) ReplyDue(cal *workday.Calendar, from workday.Date) (workday.Date, error) {
	d, err := p.After(cal, from)
	if err == nil || p.Unit == Workdays || !errors.Is(err, workday.ErrBeyondSchedule) {
		return d, err
	}
	d, _ = p.weekendsOnly(from)
	return d, nil
}

// weekendsOnly is the end of the period counted with no holiday schedule,
// moved off Saturdays and Sundays alone: ReplyDue's answer past the known
// years (and what documents registered before 2027's schedule was known
// were given for 2027). ok is false for working days, which cannot be
// counted so.
func (p Period) weekendsOnly(from workday.Date) (d workday.Date, ok bool) {
	switch p.Unit {
	case Months:
		d = addMonths(from, p.N)
	case Days:
		d = from.AddDays(p.N)
	default:
		return workday.Date{}, false
	}
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDays(1)
	}
	return d, true
}

// addMonths is the corresponding day n months later, or that month's last
// day when it has no such day (as periods in months are counted).
func addMonths(from workday.Date, n int) workday.Date {
	first := time.Date(from.Year, from.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := min(from.Day, last)
	return workday.Date{Year: first.Year(), Month: first.Month(), Day: day}
}

// approxAfter is After for reminders: past the known schedule it counts
// plain days (weekdays for working days), since a register reminder must not
// block registering a case.
func (p Period) approxAfter(cal *workday.Calendar, from workday.Date) workday.Date {
	d, err := p.After(cal, from)
	if err == nil || !errors.Is(err, workday.ErrBeyondSchedule) {
		return d
	}
	return p.plain(from)
}

// plain is the end of the period counted with no holiday schedule at all
// (working days as Monday to Friday): approxAfter's answer past the known
// years, and what case deadlines were given before 2027's schedule was
// known.
func (p Period) plain(from workday.Date) workday.Date {
	switch p.Unit {
	case Months:
		return addMonths(from, p.N)
	case Workdays:
		d := from
		for n := 0; n < p.N; {
			d = d.AddDays(1)
			if wd := d.Weekday(); wd != 0 && wd != 6 {
				n++
			}
		}
		return d
	}
	return from.AddDays(p.N)
}

// Timers are the register's district-set deadlines.
type Timers struct {
	Notify       Period                  `json:"notify"`        // tell the other side after accepting
	Result       Period                  `json:"result"`        // report the result after accepting
	ReplyPeriods map[DocumentType]Period `json:"reply_periods"` // default reply deadline per document type
	// Feedback is the justice bureau's deadline for written feedback to
	// the procuratorate on a clue or on copied typical problems.
	Feedback Period `json:"feedback"`
}

// DefaultTimers are the values comparable mechanisms use. Reply periods
// run from the addressee's receipt of the document (README, "Documents and
// their deadlines"): a procuratorial suggestion two months (《人民检察院检察
// 建议工作规定》第十九条), a reconsideration suggestion or opinion 60 days
// (行政复议法实施条例); the other two are the district's own choice, which
// admins may change like every period here.
func DefaultTimers() Timers {
	return Timers{
		Notify: Period{7, Workdays},
		Result: Period{3, Months},
		ReplyPeriods: map[DocumentType]Period{
			ProcuratorialSuggestion:   {2, Months},
			SupervisionOpinion:        {30, Days},
			ReconsiderationSuggestion: {60, Days},
			LegalOpinion:              {15, Workdays},
		},
		Feedback: Period{30, Days},
	}
}

// Validate checks every period.
func (t *Timers) Validate() error {
	f := apperr.Fields{}
	if !t.Notify.valid() {
		f.Add("notify", "case.period_invalid")
	}
	if !t.Result.valid() {
		f.Add("result", "case.period_invalid")
	}
	if !t.Feedback.valid() {
		f.Add("feedback", "case.period_invalid")
	}
	for typ, p := range t.ReplyPeriods {
		if !typ.Valid() {
			f.Add("reply_periods", "document.type_invalid")
		} else if !p.valid() {
			f.Add("reply_periods."+string(typ), "case.period_invalid")
		}
	}
	return f.Err()
}

const timersKey = "casefile.timers"

// Timers returns the current deadlines (defaults for what is unset).
func (s *Service) Timers(ctx context.Context) (Timers, error) {
	t := DefaultTimers()
	v, ok, err := s.Settings.Get(ctx, timersKey)
	if err != nil || !ok {
		return t, err
	}
	var stored Timers
	if err := json.Unmarshal([]byte(v), &stored); err != nil {
		return t, nil // a damaged value falls back to the defaults
	}
	if stored.Notify.valid() {
		t.Notify = stored.Notify
	}
	if stored.Result.valid() {
		t.Result = stored.Result
	}
	if stored.Feedback.valid() {
		t.Feedback = stored.Feedback
	}
	for typ, p := range stored.ReplyPeriods {
		if typ.Valid() && p.valid() {
			t.ReplyPeriods[typ] = p
		}
	}
	return t, nil
}

// SetTimers changes the deadlines (admins). Cases keep the due dates they
// were given; new cases and documents use the new values.
func (s *Service) SetTimers(ctx context.Context, a account.Actor, t Timers) (Timers, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return Timers{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	cur, err := s.Timers(ctx)
	if err != nil {
		return Timers{}, err
	}
	if t.Notify.Unit == "" {
		t.Notify = cur.Notify
	}
	if t.Result.Unit == "" {
		t.Result = cur.Result
	}
	if t.Feedback.Unit == "" {
		t.Feedback = cur.Feedback
	}
	merged := cur.ReplyPeriods
	for typ, p := range t.ReplyPeriods {
		merged[typ] = p
	}
	t.ReplyPeriods = merged
	if err := t.Validate(); err != nil {
		return Timers{}, err
	}
	b, _ := json.Marshal(t)
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Settings.Set(ctx, timersKey, string(b)); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "case.timers", "settings", 0, cur, t, nil)
	})
	return t, err
}

// setDue gives a case its notify and result due dates from its acceptance.
func (s *Service) setDue(ctx context.Context, c *Case, t Timers) error {
	if c.AcceptedOn == nil {
		return nil
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return err
	}
	n := t.Notify.approxAfter(cal, *c.AcceptedOn)
	r := t.Result.approxAfter(cal, *c.AcceptedOn)
	c.NotifyDueOn, c.ResultDueOn = &n, &r
	nn, nu, rn, ru := t.Notify.N, t.Notify.Unit, t.Result.N, t.Result.Unit
	c.NotifyPeriodN, c.NotifyPeriodUnit, c.ResultPeriodN, c.ResultPeriodUnit = &nn, &nu, &rn, &ru
	c.NotifyDueProvisional, c.ResultDueProvisional = cal.Provisional(n), cal.Provisional(r)
	return nil
}
