package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/leadgroup"
	"liaison/app/todo"
	"liaison/app/workday"
)

// homeView is the 工作台: my 待办, my next meetings and, for leaders and
// the rule-of-law office, the key figures.
type homeView struct {
	UnitName string
	todo.Board
	// Seat is the person's position on the 领导小组, if any (a small card).
	Seat *leadgroup.Seat
}

// home renders the 工作台 of the signed-in person.
func (s *Server) home(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	b, err := s.Todo.Board(ctx, a)
	if err != nil {
		return err
	}
	unit, err := s.Accounts.Unit(ctx, a.UnitID)
	if err != nil {
		return err
	}
	v := homeView{UnitName: unit.Name, Board: b}
	if seat, ok, err := s.LeadGroup.SeatOf(ctx, a.UserID); err != nil {
		return err
	} else if ok {
		v.Seat = &seat
	}
	return s.render(c, http.StatusOK, "home", s.page(c, "home", "home.title", v))
}

// apiMeTodo is GET /api/v1/me/todo: the same 工作台 as JSON.
func (s *Server) apiMeTodo(c echo.Context) error {
	b, err := s.Todo.Board(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

// moreURL is the full list behind each kind of 待办.
var moreURL = map[todo.Kind]string{
	todo.Invitations: "/meetings", todo.SignOffs: "/meetings", todo.Receipts: "/documents",
	todo.Actions: "/actions", todo.Verify: "/actions?tab=issued", todo.CaseNotes: "/cases",
	todo.Escalations: "/actions", todo.Organise: "/meetings", todo.UnitReplies: "/meetings",
}

// MoreURL returns the list page of kind k.
func (homeView) MoreURL(k todo.Kind) string { return moreURL[k] }

var weekdaysZH = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// LongDate writes a day as 2026年12月15日（星期二）, or "Tue 15 Dec 2026"
// in English; it takes a time (in Asia/Shanghai) or a workday.Date.
func (p *Page) LongDate(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x.In(shanghai)
	case *time.Time:
		if x == nil {
			return ""
		}
		t = x.In(shanghai)
	case workday.Date:
		t = time.Date(x.Year, x.Month, x.Day, 12, 0, 0, 0, shanghai)
	case *workday.Date:
		if x == nil {
			return ""
		}
		t = time.Date(x.Year, x.Month, x.Day, 12, 0, 0, 0, shanghai)
	default:
		return ""
	}
	if p.Lang == "en" {
		return t.Format("Mon 2 Jan 2006")
	}
	return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), t.Month(), t.Day(), weekdaysZH[t.Weekday()])
}

// todoRowView is what the entry partials of home.html receive.
type todoRowView struct {
	P *Page
	K string // the kind, as its code
	E todo.Entry
}

// Left is the working days left (0 when the entry has no deadline).
func (v todoRowView) Left() int {
	if v.E.WorkdaysLeft == nil {
		return 0
	}
	return *v.E.WorkdaysLeft
}

// TodoRow hands one entry of kind k to the entry partials.
func (p *Page) TodoRow(k todo.Kind, e todo.Entry) todoRowView {
	return todoRowView{P: p, K: string(k), E: e}
}

// ReplyBy is a unit_replies entry's 回执 deadline (zero: none).
func (v todoRowView) ReplyBy() time.Time {
	if v.E.ReplyBy == nil {
		return time.Time{}
	}
	return *v.E.ReplyBy
}

// Passed is the message suffix of a unit_replies entry whose deadline has
// passed ("_passed"), else "".
func (v todoRowView) Passed() string {
	if v.E.Overdue {
		return "_passed"
	}
	return ""
}
