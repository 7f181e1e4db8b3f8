package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// The rooms: administrators keep the list (/admin/rooms), and everyone
// signed in reads a room's calendar (/rooms/{id}) before booking it.

type roomsView struct {
	Rooms  []meeting.Room
	Form   meeting.RoomInput
	EditID int64 // the room the form changes (?edit=), or 0 for a new one
}

// Excl and Act are the form's choices (unset: warn only, active).
func (v roomsView) Excl() bool { return v.Form.Exclusive != nil && *v.Form.Exclusive }
func (v roomsView) Act() bool  { return v.Form.Active == nil || *v.Form.Active }

func (s *Server) roomsPage(c echo.Context) error {
	edit, _ := strconv.ParseInt(c.QueryParam("edit"), 10, 64)
	return s.renderRooms(c, http.StatusOK, meeting.RoomInput{}, edit, nil)
}

// renderRooms shows every room with the form for a new one, or for room
// editID (prefilled from the record when the form is empty).
func (s *Server) renderRooms(c echo.Context, status int, form meeting.RoomInput, editID int64, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	rooms, err := s.Meetings.Rooms(c.Request().Context(), true)
	if err != nil {
		return err
	}
	v := roomsView{Rooms: rooms, Form: form, EditID: editID}
	if editID != 0 {
		i := slices.IndexFunc(rooms, func(r meeting.Room) bool { return r.ID == editID })
		if i < 0 {
			return apperr.NotFoundErr("room")
		}
		if form.Name == "" && formErr == nil {
			r := rooms[i]
			v.Form = meeting.RoomInput{Name: r.Name, Address: r.Address, Capacity: r.Capacity, Active: &r.Active, Exclusive: &r.Exclusive, Version: r.Version}
		}
	}
	p := s.page(c, "admin", "rooms.title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "admin_rooms", p)
}

// roomForm reads a room from the rooms page's form.
func roomForm(c echo.Context) meeting.RoomInput {
	capacity, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("capacity")))
	version, _ := strconv.Atoi(c.FormValue("version"))
	exclusive := c.FormValue("exclusive") == "true"
	in := meeting.RoomInput{Name: c.FormValue("name"), Address: c.FormValue("address"), Capacity: capacity, Exclusive: &exclusive, Version: version}
	if v := c.FormValue("active"); v != "" {
		active := v == "true"
		in.Active = &active
	}
	return in
}

func (s *Server) roomPageCreate(c echo.Context) error {
	in := roomForm(c)
	if _, err := s.Meetings.SaveRoom(c.Request().Context(), actor(c), 0, in); err != nil {
		if formFixable(err) {
			return s.renderRooms(c, statusFor(err), in, 0, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/rooms")
}

// roomPageUpdate changes a room at the version the form read, through the
// method PATCH /api/v1/rooms/{id} uses.
func (s *Server) roomPageUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := roomForm(c)
	if _, err := s.Meetings.SaveRoom(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderRooms(c, statusFor(err), in, id, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/rooms")
}

func (s *Server) roomPageRemove(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Meetings.DeleteRoom(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/rooms")
}

// roomDays is how many days a room's calendar shows at once.
const roomDays = 14

// roomWindow reads ?from= (a day; this week's Monday by default) and
// returns the window's first day.
func (s *Server) roomWindow(c echo.Context) (workday.Date, error) {
	if v := c.QueryParam("from"); v != "" {
		d, err := workday.ParseDate(v)
		if err != nil {
			return workday.Date{}, apperr.Fields{"from": "workday.invalid_date"}.Err()
		}
		return d, nil
	}
	today := s.today()
	return today.AddDays(-((int(today.Weekday()) + 6) % 7)), nil
}

// roomDay is one day of a room's calendar.
type roomDay struct {
	Date     workday.Date
	Bookings []meeting.Booking
}

type roomCalendarView struct {
	Room       meeting.Room
	Days       []roomDay
	From       workday.Date
	Prev, Next string
	Units      map[int64]string
}

// roomCalendarPage lists a room's bookings day by day over two weeks.
func (s *Server) roomCalendarPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	from, err := s.roomWindow(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	room, err := s.Meetings.Room(ctx, id)
	if err != nil {
		return err
	}
	bookings, err := s.Meetings.RoomBookings(ctx, actor(c), id, dayStart(from), dayStart(from.AddDays(roomDays)))
	if err != nil {
		return err
	}
	v := roomCalendarView{Room: room, From: from, Prev: from.AddDays(-roomDays).String(), Next: from.AddDays(roomDays).String()}
	if v.Units, err = s.unitNames(c); err != nil {
		return err
	}
	for i := range roomDays {
		day := roomDay{Date: from.AddDays(i)}
		for _, b := range bookings {
			if workday.FromTime(b.Start) == day.Date {
				day.Bookings = append(day.Bookings, b)
			}
		}
		v.Days = append(v.Days, day)
	}
	p := s.page(c, "meetings", "", v)
	p.Title = p.T("rooms.calendar_title", "Room", room.Name)
	return s.render(c, http.StatusOK, "room_calendar", p)
}

// apiRoomBookings is the room's calendar as JSON: ?from= and ?to= are days
// (to exclusive; at most 62 days apart).
func (s *Server) apiRoomBookings(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	from, err1 := workday.ParseDate(c.QueryParam("from"))
	if err1 != nil {
		f.Add("from", "workday.invalid_date")
	}
	to, err2 := workday.ParseDate(c.QueryParam("to"))
	if err2 != nil {
		f.Add("to", "workday.invalid_date")
	}
	if err1 == nil && err2 == nil && (!from.Before(to) || from.AddDays(62).Before(to)) {
		f.Add("to", "rooms.window_invalid")
	}
	if err := f.Err(); err != nil {
		return err
	}
	items, err := s.Meetings.RoomBookings(c.Request().Context(), actor(c), id, dayStart(from), dayStart(to))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "next_cursor": ""})
}

// dayStart is the first instant of day d in Shanghai.
func dayStart(d workday.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, workday.Shanghai())
}
