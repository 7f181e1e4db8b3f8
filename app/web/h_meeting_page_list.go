package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

type meetingListView struct {
	Tab      string // upcoming | past | mine
	Kind     string
	UnitID   int64
	Status   string
	Q        string
	Rows     []meetingRow
	Dir      meetingDir
	Kinds    []meeting.Kind
	NextLink string
}

// meetingRow is one line of the list.
type meetingRow struct {
	meeting.Meeting
	Busy     bool   // seen only as busy time: no title, no link
	MyAnswer string // the caller's answer, "" when not invited
}

func (s *Server) meetingPageList(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	v := meetingListView{Tab: c.QueryParam("tab"), Kind: c.QueryParam("kind"), Status: c.QueryParam("status"),
		Q: strings.TrimSpace(c.QueryParam("q")), Kinds: meeting.Kinds}
	if v.Tab != "past" && v.Tab != "mine" {
		v.Tab = "upcoming"
	}
	if v.UnitID, err = queryID(c, "unit_id"); err != nil {
		return err
	}
	f := meeting.Filter{Kind: meeting.Kind(v.Kind), UnitID: v.UnitID, Status: meeting.Status(v.Status), Q: v.Q, Page: pr}
	switch v.Tab {
	case "past":
		f.When = "past"
	case "mine":
		f.Mine, f.When = true, "upcoming"
	default:
		f.When = "upcoming"
	}
	ctx := c.Request().Context()
	a := actor(c)
	list, answers, err := s.Meetings.ListSummaries(ctx, a, f)
	if err != nil {
		return err
	}
	for _, m := range list.Items {
		v.Rows = append(v.Rows, meetingRow{Meeting: m, Busy: m.Title == "", MyAnswer: string(answers[m.ID])})
	}
	if v.Dir, err = s.listDirectory(c); err != nil {
		return err
	}
	if list.NextCursor != "" {
		q := c.QueryParams()
		q.Set("cursor", list.NextCursor)
		v.NextLink = "/meetings?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "meeting_list", s.page(c, "meetings", "nav.meetings", v))
}

// listDirectory names units and rooms (the list needs no people), read in
// one query.
func (s *Server) listDirectory(c echo.Context) (meetingDir, error) {
	var d meetingDir
	n, err := s.Meetings.Names(c.Request().Context())
	if err != nil {
		return d, err
	}
	d.Units, d.Rooms = n.Units, n.Rooms
	d.UnitName = make(map[int64]string, len(n.Units))
	for _, u := range n.Units {
		d.UnitName[u.ID] = u.Name
	}
	d.RoomName = make(map[int64]string, len(n.Rooms))
	for _, r := range n.Rooms {
		d.RoomName[r.ID] = r.Name
	}
	return d, nil
}

// Place is the room's name or the free-text location.
func (r meetingRow) Place(rooms map[int64]string) string {
	if r.RoomID != nil {
		return rooms[*r.RoomID]
	}
	return r.Location
}
