package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

func (s *Server) apiMeetingAttendeeAdd(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		meeting.AttendeeInput
		// InviteLeadingGroup invites every roster member not yet invited
		// instead of one person: 201 with {items: [the new attendees]}.
		InviteLeadingGroup bool `json:"invite_leading_group"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.InviteLeadingGroup {
		return s.inviteLeadingGroup(c, id)
	}
	a, err := s.Meetings.AddAttendee(c.Request().Context(), actor(c), id, in.AttendeeInput)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

func twoIDs(c echo.Context, second string) (int64, int64, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return 0, 0, err
	}
	id2, err := idParam(c, second)
	return id, id2, err
}

func (s *Server) apiMeetingAttendeeRemove(c echo.Context) error {
	id, aid, err := twoIDs(c, "aid")
	if err != nil {
		return err
	}
	if err := s.Meetings.RemoveAttendee(c.Request().Context(), actor(c), id, aid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMeetingCheckIn(c echo.Context) error {
	id, aid, err := twoIDs(c, "aid")
	if err != nil {
		return err
	}
	a, err := s.Meetings.CheckIn(c.Request().Context(), actor(c), id, aid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) apiMeetingSelfCheckIn(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Code string `json:"code"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	a, err := s.Meetings.SelfCheckIn(c.Request().Context(), actor(c), id, in.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) apiMeetingRSVP(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.RSVPInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	a, err := s.Meetings.RSVP(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) apiAgendaAdd(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.AgendaInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	it, err := s.Meetings.AddAgendaItem(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, it)
}

func (s *Server) apiAgendaUpdate(c echo.Context) error {
	id, iid, err := twoIDs(c, "iid")
	if err != nil {
		return err
	}
	var in meeting.AgendaInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	it, err := s.Meetings.UpdateAgendaItem(c.Request().Context(), actor(c), id, iid, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, it)
}

func (s *Server) apiAgendaReorder(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		ItemIDs []int64 `json:"item_ids"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	items, err := s.Meetings.ReorderAgenda(c.Request().Context(), actor(c), id, in.ItemIDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiAgendaMove(c echo.Context) error {
	id, iid, err := twoIDs(c, "iid")
	if err != nil {
		return err
	}
	var in struct {
		Position int `json:"position"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	items, err := s.Meetings.MoveAgendaItem(c.Request().Context(), actor(c), id, iid, in.Position)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiAgendaRemove(c echo.Context) error {
	id, iid, err := twoIDs(c, "iid")
	if err != nil {
		return err
	}
	if err := s.Meetings.RemoveAgendaItem(c.Request().Context(), actor(c), id, iid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiMinutesSave(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.MinutesInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	mi, err := s.Meetings.SaveMinutes(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mi)
}

func (s *Server) apiMinutesSignOff(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	mi, err := s.Meetings.SignOff(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mi)
}

func (s *Server) apiMinutesConfirm(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	mi, err := s.Meetings.ConfirmMinutes(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, mi)
}

func (s *Server) apiMinutesRevise(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.RevisionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	mi, err := s.Meetings.ReviseMinutes(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, mi)
}

type occurrenceJSON struct {
	meeting.OccurrenceInput
	OriginalStart *string `json:"original_start"`
	Start         *string `json:"start"`
	End           *string `json:"end"`
}

func (s *Server) occurrence(c echo.Context, move bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in occurrenceJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o := &in.OccurrenceInput
	if err := parseTimes("original_start", in.OriginalStart, &o.OriginalStart, "start", in.Start, &o.Start, "end", in.End, &o.End); err != nil {
		return err
	}
	var res meeting.Occurrence
	if move {
		res, err = s.Meetings.MoveOccurrence(c.Request().Context(), actor(c), id, *o)
	} else {
		res, err = s.Meetings.CancelOccurrence(c.Request().Context(), actor(c), id, *o)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (s *Server) apiOccurrenceCancel(c echo.Context) error { return s.occurrence(c, false) }
func (s *Server) apiOccurrenceMove(c echo.Context) error   { return s.occurrence(c, true) }

func (s *Server) apiRoomList(c echo.Context) error {
	rs, err := s.Meetings.Rooms(c.Request().Context(), c.QueryParam("all") == "true")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": rs, "next_cursor": ""})
}

func (s *Server) apiRoomGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.Meetings.Room(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiRoomCreate(c echo.Context) error {
	var in meeting.RoomInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Meetings.SaveRoom(c.Request().Context(), actor(c), 0, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (s *Server) apiRoomUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.RoomInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Meetings.SaveRoom(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) apiRoomDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Meetings.DeleteRoom(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
