package web

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"liaison/app/export"
)

// meetingAttendanceExport is a meeting's attendance sheet (参会签到表) as
// .xlsx or .csv: who was invited, in what role, their answer and check-in
// time. Visibility is the meeting page's: the service answers NotFound.
func (s *Server) meetingAttendanceExport(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Meetings.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	sh := export.Sheet{Name: s.zh("mexport.sheet"), Columns: s.zhCols([]colSpec{
		{"mexport.no", 6}, {"mexport.name", 16}, {"mexport.unit", 24}, {"mexport.role", 10},
		{"mexport.answer", 12}, {"mexport.checked_in_at", 18}, {"mexport.signature", 16}})}
	for i, a := range d.Attendees {
		unit := a.UnitName
		if a.UnitID != nil && unit == "" {
			unit = d.Units[*a.UnitID]
		}
		var checked any
		if a.CheckedInAt != nil {
			checked = *a.CheckedInAt
		}
		sh.Rows = append(sh.Rows, []any{i + 1, a.Name, unit, s.zh("meeting.role." + string(a.Role)),
			s.zh("meeting.answer." + string(a.Answer)), checked, ""})
	}
	return s.sendSheet(c, fmt.Sprintf("meeting-%d-attendance", d.ID), fmt.Sprintf("会议%d签到表", d.ID), sh)
}
