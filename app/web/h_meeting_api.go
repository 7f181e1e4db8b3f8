package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
)

// parseTimes reads RFC 3339 times (with offset) into dst; a bad one is a
// 422 on its field, like every other invalid value.
func parseTimes(pairs ...any) error {
	f := apperr.Fields{}
	for i := 0; i+2 < len(pairs); i += 3 {
		field, src, dst := pairs[i].(string), pairs[i+1].(*string), pairs[i+2].(*time.Time)
		if src == nil {
			continue
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*src))
		if err != nil {
			f.Add(field, "time_invalid")
			continue
		}
		*dst = t
	}
	if len(f) == 1 {
		for k, v := range f {
			return &apperr.Error{Kind: apperr.Invalid, Code: v, Fields: map[string]string{k: v}}
		}
	}
	return f.Err()
}

// meetingCreateJSON is the create body: the domain input with times as
// text, so a malformed time is a field error rather than a parse failure.
type meetingCreateJSON struct {
	meeting.Input
	Start *string `json:"start"`
	End   *string `json:"end"`
	// InviteLeadingGroup invites every member of the 领导小组's roster.
	InviteLeadingGroup bool `json:"invite_leading_group"`
}

type meetingPatchJSON struct {
	meeting.Patch
	Start *string `json:"start"`
	End   *string `json:"end"`
}

// localise fills warning messages in the caller's language.
func (s *Server) localise(c echo.Context, ws []meeting.Warning) {
	lang := langOf(c)
	for i := range ws {
		w := &ws[i]
		w.Message = s.Tr.T(lang, w.Code, map[string]any{"Date": w.Date, "Holiday": w.Holiday, "Count": len(w.Meetings)})
	}
}

func (s *Server) apiMeetingCreate(c echo.Context) error {
	var in meetingCreateJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := parseTimes("start", in.Start, &in.Input.Start, "end", in.End, &in.Input.End); err != nil {
		return err
	}
	if in.InviteLeadingGroup {
		ids, err := s.LeadGroup.UserIDs(c.Request().Context())
		if err != nil {
			return err
		}
		in.AttendeeUserIDs = append(in.AttendeeUserIDs, ids...)
	}
	m, err := s.Meetings.Create(c.Request().Context(), actor(c), in.Input)
	if err != nil {
		return err
	}
	s.localise(c, m.Warnings)
	return c.JSON(http.StatusCreated, m)
}

func (s *Server) apiMeetingUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meetingPatchJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	var start, end time.Time
	if err := parseTimes("start", in.Start, &start, "end", in.End, &end); err != nil {
		return err
	}
	if in.Start != nil {
		in.Patch.Start = &start
	}
	if in.End != nil {
		in.Patch.End = &end
	}
	m, err := s.Meetings.Update(c.Request().Context(), actor(c), id, in.Patch)
	if err != nil {
		return err
	}
	s.localise(c, m.Warnings)
	return c.JSON(http.StatusOK, m)
}

func (s *Server) apiMeetingGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Meetings.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	// sequence is the SEQUENCE calendar clients hold (mail, invite.ics and
	// feeds add the per-recipient bump, subscribe/reconcile.go).
	bump, err := s.Subscribe.Bump(c.Request().Context(), id)
	if err != nil {
		return err
	}
	d.Sequence += bump
	return c.JSON(http.StatusOK, d)
}

func (s *Server) apiMeetingCancel(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason  string `json:"reason"`
		Version int    `json:"version"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Meetings.CancelVersion(c.Request().Context(), actor(c), id, in.Reason, in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

// queryTime parses an optional RFC 3339 time (or a YYYY-MM-DD date, read
// as midnight in Asia/Shanghai) from the query string.
func queryTime(c echo.Context, name string) (*time.Time, error) {
	v := strings.TrimSpace(c.QueryParam(name))
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		sh, _ := time.LoadLocation("Asia/Shanghai")
		if t, err = time.ParseInLocation("2006-01-02", v, sh); err != nil {
			return nil, &apperr.Error{Kind: apperr.Invalid, Code: "time_invalid", Fields: map[string]string{name: "time_invalid"}}
		}
	}
	return &t, nil
}

func (s *Server) apiMeetingList(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		return err
	}
	from, err := queryTime(c, "from")
	if err != nil {
		return err
	}
	to, err := queryTime(c, "to")
	if err != nil {
		return err
	}
	f := meeting.Filter{From: from, To: to, Kind: meeting.Kind(c.QueryParam("kind")), UnitID: unitID,
		Status: meeting.Status(c.QueryParam("status")), Q: c.QueryParam("q"), Mine: c.QueryParam("mine") == "true",
		When: c.QueryParam("when"), Page: pr}
	p, err := s.Meetings.List(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiMeetingEvents(c echo.Context) error {
	from, err := queryTime(c, "from")
	if err != nil {
		return err
	}
	to, err := queryTime(c, "to")
	if err != nil {
		return err
	}
	if from == nil || to == nil {
		return &apperr.Error{Kind: apperr.Invalid, Code: "meeting.window_invalid", Fields: map[string]string{"to": "meeting.window_invalid"}}
	}
	evs, err := s.Meetings.Events(c.Request().Context(), actor(c), *from, *to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"from": from, "to": to, "events": evs})
}

type conflictJSON struct {
	meeting.ConflictInput
	Start *string `json:"start"`
	End   *string `json:"end"`
}

func (s *Server) apiMeetingConflicts(c echo.Context) error {
	var in conflictJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := parseTimes("start", in.Start, &in.ConflictInput.Start, "end", in.End, &in.ConflictInput.End); err != nil {
		return err
	}
	ws, err := s.Meetings.Conflicts(c.Request().Context(), actor(c), in.ConflictInput)
	if err != nil {
		return err
	}
	s.localise(c, ws)
	return c.JSON(http.StatusOK, map[string]any{"warnings": ws})
}

func (s *Server) apiMeetingHistory(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	p, err := s.Meetings.History(c.Request().Context(), actor(c), id, pr)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
