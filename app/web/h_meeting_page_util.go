package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/meeting"
	"liaison/app/page"
)

// idSet is a list of ids templates can ask about (selected options).
type idSet []int64

// Has reports whether id is in the set.
func (s idSet) Has(id int64) bool { return slices.Contains(s, id) }

// formIDs parses every value of a multi-valued form field as an id,
// skipping blanks and junk (pickers only offer real ids; the domain checks
// that they exist).
func formIDs(c echo.Context, name string) []int64 {
	vals, _ := c.FormParams()
	var out []int64
	for _, v := range vals[name] {
		for _, p := range strings.Split(v, ",") {
			if n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && n > 0 {
				out = append(out, n)
			}
		}
	}
	return out
}

// optionalID is nil for 0.
func optionalID(n int64) *int64 {
	if n <= 0 {
		return nil
	}
	return &n
}

// parseLocal reads a datetime-local value ("2006-01-02T15:04") as a time in
// Asia/Shanghai; blank or junk is the zero time, which the domain refuses
// with a field error.
func parseLocal(v string) time.Time {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, shanghai); err == nil {
			return t
		}
	}
	return time.Time{}
}

// localInput formats t for a datetime-local input.
func localInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(shanghai).Format("2006-01-02T15:04")
}

// meetingDir names the units, people, rooms and cases a meeting page
// offers in pickers and shows by name: four bounded queries.
type meetingDir struct {
	Units    []account.Unit
	UnitName map[int64]string
	Users    []account.User
	Rooms    []meeting.Room
	RoomName map[int64]string
	Cases    []casefile.Case
}

// UsersOf returns the active users of unit id (delegation pickers).
func (d meetingDir) UsersOf(unitID int64) []account.User {
	var out []account.User
	for _, u := range d.Users {
		if u.UnitID == unitID {
			out = append(out, u)
		}
	}
	return out
}

// meetingDirectory loads the names and pickers of a meeting's page or
// form; the district's users and its cases only for an editor (the case
// list is the costliest).
func (s *Server) meetingDirectory(c echo.Context, editor bool) (meetingDir, error) {
	ctx := c.Request().Context()
	d, err := s.listDirectory(c)
	if err != nil {
		return d, err
	}
	// every room is named (a meeting keeps a room later closed); only open
	// ones are offered
	if d.Rooms, err = s.Meetings.Rooms(ctx, false); err != nil {
		return d, err
	}
	// An editor picks chairs, attendees and presenters from the district;
	// anyone else only delegates within their own unit.
	unit := actor(c).UnitID
	if editor {
		unit = 0
	}
	if d.Users, err = s.Accounts.ActiveUsers(ctx, unit); err != nil {
		return d, err
	}
	if editor {
		// the picker's first page; it searches the rest by 案号 or title
		cs, err := s.Cases.List(ctx, actor(c), casefile.Filter{Page: page.Request{Limit: pickerFirstPage}})
		if err != nil {
			return d, err
		}
		d.Cases = cs.Items
	}
	return d, nil
}

// meetingURL is the page of meeting id, with an optional suffix.
func meetingURL(id int64, suffix string) string {
	return "/meetings/" + strconv.FormatInt(id, 10) + suffix
}

// isHTMX reports an htmx request that wants a fragment.
func isHTMX(c echo.Context) bool {
	return c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Boosted") != "true"
}

// nameHelpers give templates names for the ids a meeting.Detail mentions
// (many are pointers, which templates cannot index maps with).
type nameHelpers struct{}

// When formats an optional time in Asia/Shanghai.
func (nameHelpers) When(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(shanghai).Format("2006-01-02 15:04")
}

// Day formats an optional time's date in Asia/Shanghai.
func (nameHelpers) Day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(shanghai).Format("2006-01-02")
}

// Person names an optional user id from names.
func (nameHelpers) Person(names map[int64]string, id *int64) string {
	if id == nil {
		return ""
	}
	return names[*id]
}

// Unit names an optional unit id from names.
func (nameHelpers) Unit(names map[int64]string, id *int64) string {
	if id == nil {
		return ""
	}
	return names[*id]
}
