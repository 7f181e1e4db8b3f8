package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"liaison/app/followup"
	"liaison/app/web/webtest"
	"liaison/app/workday"
)

// TODO(holidays): the built-in holiday data is changing in another branch
// (2027 becomes a known year, 2028–2099 "provisional"). Until it lands,
// these tests assert neither way whether 2027 or a later year is beyond
// the schedule: the assertions that it is are kept, compiled, but skipped
// while holidaysPending is true. Restate them against the new data, then
// remove the flag.
const holidaysPending = true

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
	if !holidaysPending { // TODO(holidays): both reach into 2027
		bad = append(bad, []struct{ query, code string }{
			{"from=2026-12-28&days=10", "workday.beyond_schedule"},
			{"from=2027-01-04&days=1", "workday.beyond_schedule"},
		}...)
	}
	for _, tc := range bad {
		t.Run(tc.query, func(t *testing.T) {
			wantErr(t, c.Get("/api/v1/workdays/add?"+tc.query), 422, tc.code)
		})
	}
	if r := e.Anon().Get("/api/v1/workdays/add?from=2026-09-28&days=7"); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", r.Status)
	}
}

// year2027 is a plausible notice for tests (not the published one).
func year2027() map[string]any {
	return map[string]any{
		"holidays": []map[string]string{
			{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
			{"name": "春节", "start": "2027-02-06", "end": "2027-02-13"},
			{"name": "国庆节", "start": "2027-10-01", "end": "2027-10-07"},
		},
		"makeup_workdays": []string{"2027-02-20", "2027-10-09"},
	}
}

func TestWorkdayAPI_Years(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin, member := e.API(d.Admin), e.API(d.AgencyAMember)
	other := followup.NewService(e.DB) // a second instance over the same database
	// entered reports that other's calendar follows year2027: its make-up
	// Saturday, 20 February 2027, is a working day (in the published
	// notice it is an ordinary weekend). True or false whether or not 2027
	// is otherwise known.
	entered := func() bool {
		got, err := other.Holidays.AddWorkdays(e.Ctx(), workday.Date{Year: 2027, Month: 2, Day: 19}, 1)
		return err == nil && got.String() == "2027-02-20"
	}
	if entered() {
		t.Fatal("the test's 2027 notice applies before it was entered")
	}
	if !holidaysPending { // TODO(holidays): 2027 beyond the schedule
		if _, err := other.Holidays.AddWorkdays(e.Ctx(), workday.Date{Year: 2027, Month: 1, Day: 4}, 1); err == nil {
			t.Fatal("2027 known before it was entered")
		}
	}
	wantErr(t, member.Do(http.MethodPut, "/api/v1/workdays/years/2027", year2027()), 403, "forbidden")
	cal, err := e.Deps.Actions.Holidays.Calendar(e.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	first, _ := cal.KnownYears() // a year before the first known one but one leaves a gap
	wantErr(t, admin.Do(http.MethodPut, fmt.Sprintf("/api/v1/workdays/years/%d", first-2), map[string]any{"holidays": []any{}}), 422, "workday.year_gap")
	if !holidaysPending { // TODO(holidays): 2028 unknown, so 2029 leaves a gap
		wantErr(t, admin.Do(http.MethodPut, "/api/v1/workdays/years/2029", map[string]any{"holidays": []any{}}), 422, "workday.year_gap")
	}
	wantErr(t, admin.Do(http.MethodPut, "/api/v1/workdays/years/2027", map[string]any{"year": 2028}), 422, "invalid")
	wantErr(t, admin.Do(http.MethodPut, "/api/v1/workdays/years/2027", map[string]any{"makeup_workdays": []string{"2027-01-05"}}), 422, "workday.invalid_year")
	if r := admin.Do(http.MethodPut, "/api/v1/workdays/years/2027", year2027()); r.Status != 200 {
		t.Fatalf("put 2027: %d %s", r.Status, r.Body)
	}
	r := member.Get("/api/v1/workdays/add?from=2026-12-31&days=1")
	if r.Status != 200 || r.JSON(t)["date"] != "2027-01-04" {
		t.Fatalf("after 2027 entered: %d %s", r.Status, r.Body)
	}
	got, err := other.Holidays.AddWorkdays(e.Ctx(), workday.Date{Year: 2027, Month: 9, Day: 30}, 2)
	if err != nil || got.String() != "2027-10-09" || !entered() {
		t.Fatalf("other instance: %v %v", got, err)
	}
	var ys struct {
		Items    []workday.Year `json:"items"`
		LastYear int            `json:"last_year"`
	}
	member.Get("/api/v1/workdays/years").Decode(t, &ys)
	if len(ys.Items) != 1 || ys.Items[0].Year != 2027 {
		t.Fatalf("years: %+v", ys)
	}
	if !holidaysPending && ys.LastYear != 2027 { // TODO(holidays): nothing known after 2027
		t.Fatalf("last year %d, want 2027: %+v", ys.LastYear, ys)
	}
	if r := admin.Do(http.MethodDelete, "/api/v1/workdays/years/2027", nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	wantErr(t, admin.Do(http.MethodDelete, "/api/v1/workdays/years/2027", nil), 404, "not_found")
	if entered() {
		t.Fatal("other instance still follows the 2027 notice after its deletion")
	}
	if !holidaysPending { // TODO(holidays): without the entered year, 2027 is beyond the schedule again
		if _, err := other.Holidays.AddWorkdays(e.Ctx(), workday.Date{Year: 2027, Month: 1, Day: 4}, 1); err == nil {
			t.Fatal("other instance still knows 2027 after deletion")
		}
		wantErr(t, member.Get("/api/v1/workdays/add?from=2027-01-04&days=1"), 422, "workday.beyond_schedule")
	}
}
