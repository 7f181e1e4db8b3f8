package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

func TestWorkdayAPI_Add(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	c := e.API(d.AgencyAMember)
	cases := []struct{ from, days, want string }{
		{"2026-09-28", "7", "2026-10-13"}, // 国庆 2026: Oct 1–7 off, Sat Oct 10 worked
		{"2026-09-30", "1", "2026-10-08"},
		{"2026-10-09", "1", "2026-10-10"},
		{"2026-10-01", "0", "2026-10-01"},
		{"2026-12-24", "5", "2026-12-31"},
		// 2027 by its published schedule: 元旦 01-01..03.
		{"2026-12-28", "10", "2027-01-12"},
		{"2027-01-04", "1", "2027-01-05"},
	}
	for _, tc := range cases {
		t.Run(tc.from+"+"+tc.days, func(t *testing.T) {
			r := c.Get("/api/v1/workdays/add?from=" + tc.from + "&days=" + tc.days)
			if r.Status != http.StatusOK || r.JSON(t)["date"] != tc.want {
				t.Fatalf("got %d %s, want %s", r.Status, r.Body, tc.want)
			}
		})
	}
	bad := []struct{ query, code string }{
		{"from=2026-02-30&days=1", "invalid"},
		{"from=2026/09/28&days=1", "invalid"},
		{"days=1", "invalid"},
		{"from=2026-09-28&days=abc", "invalid"},
		{"from=2026-09-28", "invalid"},
		{"from=2026-09-28&days=-1", "workday.negative_days"},
		{"from=2026-09-28&days=99999", "workday.too_many_days"},
	}
	bad = append(bad, struct{ query, code string }{"from=2099-12-28&days=10", "workday.beyond_schedule"}) // past 2099
	for _, tc := range bad {
		t.Run(tc.query, func(t *testing.T) {
			wantErr(t, c.Get("/api/v1/workdays/add?"+tc.query), 422, tc.code)
		})
	}
	if r := e.Anon().Get("/api/v1/workdays/add?from=2026-09-28&days=7"); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", r.Status)
	}
}

// year2028 is a plausible notice for 2028, not yet published (the
// calendar counts it provisionally by the statutory rules until then).
func year2028() map[string]any {
	return map[string]any{
		"holidays": []map[string]string{
			{"name": "元旦", "start": "2028-01-01", "end": "2028-01-03"},
			{"name": "春节", "start": "2028-01-25", "end": "2028-02-02"},
			{"name": "国庆节", "start": "2028-10-01", "end": "2028-10-07"},
		},
		"makeup_workdays": []string{"2028-02-19", "2028-10-14"},
	}
}

func TestWorkdayAPI_Years(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, member := e.API(d.Admin), e.API(d.AgencyAMember)
	other := followup.NewService(e.DB, e.Deps.Accounts, followup.Hooks{}) // a second instance over the same database
	// entered reports that other's calendar follows year2028: its make-up
	// Saturday, 19 February 2028, is a working day (by the statutory rules
	// alone it is an ordinary weekend).
	entered := func() bool {
		got, err := other.Holidays.AddWorkdays(e.Ctx(), workday.Date{Year: 2028, Month: 2, Day: 18}, 1)
		return err == nil && got.String() == "2028-02-19"
	}
	// provisional asks the API for the first working day of 2028.
	provisional := func() bool {
		var got struct {
			Date        string `json:"date"`
			Provisional bool   `json:"provisional"`
		}
		member.Get("/api/v1/workdays/add?from=2027-12-31&days=1").Decode(t, &got)
		if got.Date != "2028-01-04" {
			t.Fatalf("2027-12-31 + 1 = %s, want 2028-01-04 either way", got.Date)
		}
		return got.Provisional
	}
	years := func() (last, through int, items []workday.Year) {
		var ys struct {
			Items              []workday.Year `json:"items"`
			LastYear           int            `json:"last_year"`
			ProvisionalThrough int            `json:"provisional_through"`
		}
		member.Get("/api/v1/workdays/years").Decode(t, &ys)
		return ys.LastYear, ys.ProvisionalThrough, ys.Items
	}
	if entered() || !provisional() {
		t.Fatal("2028 is counted as published before it was entered")
	}
	if last, through, _ := years(); last != 2027 || through != 2099 {
		t.Fatalf("published through %d, provisional through %d; want 2027, 2099", last, through)
	}
	wantErr(t, member.Do(http.MethodPut, "/api/v1/workdays/years/2028", year2028()), 403, "forbidden")
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	first, _ := cal.KnownYears() // a year before the first known one but one leaves a gap
	wantErr(t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/workdays/years/%d", first-2), map[string]any{"holidays": []any{}}), 422, "workday.year_gap")
	// 2028 is not published: 2029 would leave a gap in the published years.
	wantErr(t, admin.Do(http.MethodPut, "/api/v1/workdays/years/2029", map[string]any{"holidays": []any{}}), 422, "workday.year_gap")
	wantErr(t, admin.Do(http.MethodPut, "/api/v1/workdays/years/2028", map[string]any{"year": 2029}), 422, "invalid")
	wantErr(t, admin.Do(http.MethodPut, "/api/v1/workdays/years/2028", map[string]any{"makeup_workdays": []string{"2028-01-05"}}), 422, "workday.invalid_year")
	if r := admin.Do(http.MethodPut, "/api/v1/workdays/years/2028", year2028()); r.Status != 200 {
		t.Fatalf("put 2028: %d %s", r.Status, r.Body)
	}
	if !entered() || provisional() {
		t.Fatal("other instance or the API does not follow the entered 2028")
	}
	if last, _, items := years(); last != 2028 || len(items) != 1 || items[0].Year != 2028 {
		t.Fatalf("after entering 2028: last %d, items %+v", last, items)
	}
	if r := admin.Do(http.MethodDelete, "/api/v1/workdays/years/2028", nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	wantErr(t, admin.Do(http.MethodDelete, "/api/v1/workdays/years/2028", nil), 404, "not_found")
	if entered() || !provisional() {
		t.Fatal("other instance or the API still follows the 2028 notice after its deletion")
	}
	if last, _, _ := years(); last != 2027 {
		t.Fatalf("after deletion published through %d, want 2027", last)
	}
}
