package scoreboard

import (
	"slices"
	"testing"
	"time"

	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/workday"
)

func TestParseMonth(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"2026-01", "2026-12", " 2024-02 "} {
		if _, err := ParseMonth(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "2026", "2026-1", "2026-13", "2026-00", "1999-01", "2026/01", "abcd-ef", "2026-01-01"} {
		if _, err := ParseMonth(bad); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("%q accepted", bad)
		}
	}
	m, _ := ParseMonth("2026-02")
	if m.Last() != (workday.Date{Year: 2026, Month: 2, Day: 28}) || m.Prev().String() != "2026-01" || m.Next().String() != "2026-03" {
		t.Errorf("month maths: %v %v %v", m.Last(), m.Prev(), m.Next())
	}
	if got := m.Start().Format(time.RFC3339); got != "2026-01-31T16:00:00Z" {
		t.Errorf("start of February in Shanghai = %s", got)
	}
}

func TestFormula_Score(t *testing.T) {
	t.Parallel()
	f := DefaultSettings().Formula
	cases := []struct {
		row  Row
		want float64
	}{
		{Row{}, 100},
		{Row{Rectified: 3}, 100}, // capped
		{Row{Overdue: 2, Unanswered: 2, Returned: 1, AttendanceRequired: 1}, 82},
		{Row{Overdue: 30}, 0}, // floored
		{Row{AnsweredLate: 1, Rectified: 1, AttendanceRequired: 2, AttendancePresent: 2}, 99},
	}
	for _, c := range cases {
		if got := f.Score(c.row); got != c.want {
			t.Errorf("Score(%+v) = %v, want %v", c.row, got, c.want)
		}
	}
}

func TestSettings_Validate(t *testing.T) {
	t.Parallel()
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := []func(*Settings){
		func(s *Settings) { s.Formula.PerOverdue = -1 },
		func(s *Settings) { s.AnnualProportion = 100.5 },
		func(s *Settings) { s.CommendAt = -3 },
		func(s *Settings) { s.Formula.Cap, s.Formula.Floor = 10, 20 },
		func(s *Settings) { s.Formula.Base = 1e9 },
	}
	for i, edit := range bad {
		s := DefaultSettings()
		edit(&s)
		if apperr.KindOf(s.Validate()) != apperr.Invalid {
			t.Errorf("case %d accepted", i)
		}
	}
}

// TestCompute_CurrentMonth: while a month runs, overdue counts up to
// yesterday, and an item answered today was still overdue yesterday.
func TestCompute_CurrentMonth(t *testing.T) {
	t.Parallel()
	m := Month{Year: 2026, Month: time.March}
	today := workday.Date{Year: 2026, Month: 3, Day: 10}
	received := workday.Date{Year: 2026, Month: 2, Day: 1}
	items := []itemFact{
		{ID: 1, ResponsibleUnitID: 7, DueOn: workday.Date{Year: 2026, Month: 3, Day: 5}, Status: followup.Open, ReceivedOn: received},
		{ID: 2, ResponsibleUnitID: 7, DueOn: workday.Date{Year: 2026, Month: 3, Day: 9}, Status: followup.Open, ReceivedOn: received},
		{ID: 3, ResponsibleUnitID: 7, DueOn: workday.Date{Year: 2026, Month: 3, Day: 10}, Status: followup.Open, ReceivedOn: received},
		{ID: 4, ResponsibleUnitID: 7, DueOn: workday.Date{Year: 2026, Month: 2, Day: 20}, Status: followup.Answered, AnsweredOn: today, ReceivedOn: received},
	}
	r := compute(m, today, []int64{7}, facts{items: items}, DefaultBasis())[7]
	if got := r.Records[FigOverdue]; len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 4 {
		t.Errorf("overdue = %v, want [1 2 4]", got)
	}
	if r.Due != 3 || r.Unanswered != 2 || r.Received != 0 { // item 3 is due today: not yet unanswered
		t.Errorf("row = %+v", r)
	}
}

func TestRank_Ties(t *testing.T) {
	t.Parallel()
	rows := []Row{{UnitID: 1, Score: 90}, {UnitID: 2, Score: 95}, {UnitID: 3, Score: 90}, {UnitID: 4, Score: 80}}
	rank(rows)
	got := []int{rows[0].Rank, rows[1].Rank, rows[2].Rank, rows[3].Rank}
	if rows[0].UnitID != 2 || got[1] != 2 || got[2] != 2 || got[3] != 4 {
		t.Errorf("ranks = %v of %+v", got, rows)
	}
}

// TestCompute_OwnDates: items count by their own dates: received in the
// month of received_on (whenever entered), answered on time or late by the
// date the answer states, overdue at the month's end unless an answer is
// dated by then.
func TestCompute_OwnDates(t *testing.T) {
	t.Parallel()
	m := Month{Year: 2026, Month: time.October}
	today := workday.Date{Year: 2026, Month: 12, Day: 7}
	on := func(mo time.Month, d int) workday.Date { return workday.Date{Year: 2026, Month: mo, Day: d} }
	due := on(10, 20)
	items := []itemFact{
		{ID: 1, ResponsibleUnitID: 7, ReceivedOn: on(10, 12), DueOn: on(12, 14), Status: followup.Open},
		{ID: 2, ResponsibleUnitID: 7, ReceivedOn: on(11, 2), DueOn: on(12, 14), Status: followup.Open},
		{ID: 3, ResponsibleUnitID: 7, ReceivedOn: on(9, 1), DueOn: due, Status: followup.Answered, AnsweredOn: on(10, 19)},
		{ID: 4, ResponsibleUnitID: 7, ReceivedOn: on(9, 1), DueOn: due, Status: followup.Rectified, AnsweredOn: on(10, 21)},
		{ID: 5, ResponsibleUnitID: 7, ReceivedOn: on(9, 1), DueOn: due, Status: followup.Answered, AnsweredOn: on(11, 5)},
		{ID: 6, ResponsibleUnitID: 7, ReceivedOn: on(9, 1), DueOn: due, Status: followup.Returned, AnsweredOn: on(10, 1)},
	}
	r := compute(m, today, []int64{7}, facts{items: items}, DefaultBasis())[7]
	want := map[Figure][]int64{FigReceived: {1}, FigDue: {3, 4, 5, 6}, FigAnsweredOnTime: {3}, FigAnsweredLate: {4, 5},
		FigUnanswered: {6}, FigOverdue: {5, 6}}
	for f, ids := range want {
		if got := r.Records[f]; !slices.Equal(got, ids) {
			t.Errorf("%s = %v, want %v", f, got, ids)
		}
	}
}
