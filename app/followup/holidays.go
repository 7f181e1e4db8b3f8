package followup

import (
	"context"
	"slices"
	"sync"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// Holidays is the working-day calendar: the built-in State Council notices
// plus the years an administrator entered. The built calendar is cached per
// process and rebuilt when the stored years change; every use compares a
// cheap fingerprint, so several instances agree as soon as one saves.
type Holidays struct {
	db    *db.DB
	store *store
	acc   *account.Service
	now   func() time.Time

	mu    sync.Mutex
	stamp string
	cal   *workday.Calendar
}

// NewHolidays returns the calendar service over d.
func NewHolidays(d *db.DB, acc *account.Service) *Holidays {
	return &Holidays{db: d, store: newStore(d), acc: acc, now: d.Now}
}

// Calendar returns the current calendar.
func (h *Holidays) Calendar(ctx context.Context) (*workday.Calendar, error) {
	stamp, err := h.store.holidayStamp(ctx)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.cal != nil && h.stamp == stamp {
		return h.cal, nil
	}
	years, err := h.store.HolidayYears(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := workday.New(years...)
	if err != nil {
		return nil, apperr.Wrap(err, "holidays")
	}
	h.cal, h.stamp = cal, stamp
	return cal, nil
}

// AddWorkdays returns the n-th working day after from (see
// workday.Calendar.AddWorkdays); beyond the known years it is an Invalid
// "workday.beyond_schedule".
func (h *Holidays) AddWorkdays(ctx context.Context, from workday.Date, n int) (workday.Date, error) {
	cal, err := h.Calendar(ctx)
	if err != nil {
		return workday.Date{}, err
	}
	return cal.AddWorkdays(from, n)
}

// Entered returns the years an administrator entered.
func (h *Holidays) Entered(ctx context.Context) ([]workday.Year, error) {
	return h.store.HolidayYears(ctx)
}

// Put enters or replaces one year's notice (admins only). The whole
// calendar is rebuilt first, so a year that leaves a gap or contradicts
// itself is refused with the calendar's own field codes.
func (h *Holidays) Put(ctx context.Context, a account.Actor, y workday.Year) error {
	if !a.Can(account.ActManage, account.Scope{}) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return h.db.WithTx(ctx, func(ctx context.Context) error {
		years, err := h.store.HolidayYears(ctx)
		if err != nil {
			return err
		}
		var before any
		if i := slices.IndexFunc(years, func(o workday.Year) bool { return o.Year == y.Year }); i >= 0 {
			before = years[i]
		}
		years = slices.DeleteFunc(years, func(o workday.Year) bool { return o.Year == y.Year })
		if _, err := workday.New(append(years, y)...); err != nil {
			return err
		}
		var by *int64
		if a.UserID > 0 {
			by = &a.UserID
		}
		if err := h.store.PutHolidayYear(ctx, y, by, h.now()); err != nil {
			return err
		}
		return h.acc.AuditChange(ctx, a, "holidays.put", "holiday_year", int64(y.Year), before, y, nil)
	})
}

// Delete removes an entered year (admins only); the built-in notice of that
// year, if any, applies again. Removing a year that others follow is refused.
func (h *Holidays) Delete(ctx context.Context, a account.Actor, year int) error {
	if !a.Can(account.ActManage, account.Scope{}) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return h.db.WithTx(ctx, func(ctx context.Context) error {
		years, err := h.store.HolidayYears(ctx)
		if err != nil {
			return err
		}
		var before any
		if i := slices.IndexFunc(years, func(o workday.Year) bool { return o.Year == year }); i >= 0 {
			before = years[i]
		}
		rest := slices.DeleteFunc(years, func(o workday.Year) bool { return o.Year == year })
		if _, err := workday.New(rest...); err != nil {
			return err
		}
		if err := h.store.DeleteHolidayYear(ctx, year); err != nil {
			return err
		}
		return h.acc.AuditChange(ctx, a, "holidays.delete", "holiday_year", int64(year), before, nil, nil)
	})
}
