package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
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

// meetingRow is one line of the list: the fields it shows, not an embedded
// meeting.Meeting, because html/template looks a promoted field up through
// reflect's FieldByNameFunc, which allocates on every use (a tenth of the
// page's garbage at 50 rows).
type meetingRow struct {
	ID              int64
	Status          meeting.Status
	Kind            meeting.Kind
	Title           string
	Sensitivity     account.Sensitivity
	ConveningUnitID int64
	RoomID          *int64
	Location        string
	Start, End      time.Time
	RRule           string
	Busy            bool   // seen only as busy time: no title, no link
	MyAnswer        string // the caller's answer, "" when not invited
	NoticeNumber    string // the 会议通知's 字号, linked to the notice
}

func rowOf(m meeting.Meeting, answer meeting.Answer) meetingRow {
	return meetingRow{ID: m.ID, Status: m.Status, Kind: m.Kind, Title: m.Title, Sensitivity: m.Sensitivity,
		ConveningUnitID: m.ConveningUnitID, RoomID: m.RoomID, Location: m.Location, Start: m.Start, End: m.End,
		RRule: m.RRule, Busy: m.Title == "", MyAnswer: string(answer), NoticeNumber: m.NoticeNumber}
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
	v.Rows = make([]meetingRow, 0, len(list.Items))
	for _, m := range list.Items {
		v.Rows = append(v.Rows, rowOf(m, answers[m.ID]))
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

// listDirectory names every unit and room, read in one query: all a list
// page needs; meetingDirectory adds the pickers.
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
