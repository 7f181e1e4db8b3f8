package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/export"
	"liaison/app/meeting"
)

// 回执 with a deadline (issue 20 item 3): the organisers' 回执 table and
// the district setting of the default deadline.

func (s *Server) apiMeetingReceipts(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.Meetings.Receipts(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// withReplyDays answers the meetings' settings with the default 回执
// deadline added.
func (s *Server) withReplyDays(c echo.Context, out meetingSettingsJSON) error {
	n, err := s.Meetings.ReplyDays(c.Request().Context())
	if err != nil {
		return err
	}
	out.ReplyDays = &n
	return c.JSON(http.StatusOK, out)
}

// putReplyDays changes the default 回执 deadline when the body names it.
func (s *Server) putReplyDays(c echo.Context, n *int) error {
	if n == nil {
		return nil
	}
	_, err := s.Meetings.SetReplyDays(c.Request().Context(), actor(c), *n)
	return err
}

// receiptsView is the meeting page's 回执 table (partial meeting_receipts):
// nil for those who may not edit the meeting.
type receiptsView struct {
	meeting.Receipts
	Units []receiptUnitView
	Total receiptCounts
}

type receiptUnitView struct {
	meeting.ReceiptUnit
	Count receiptCounts
}

// receiptCounts are the counts by answer, as template fields.
type receiptCounts struct{ Accepted, Declined, Delegated, Tentative, Pending int }

func countsOf(m map[meeting.Answer]int) receiptCounts {
	return receiptCounts{m[meeting.Accepted], m[meeting.Declined], m[meeting.Delegated], m[meeting.Tentative], m[meeting.Pending]}
}

// Line is the counts as one localised line.
func (c receiptCounts) Line(p *Page) string {
	return p.T("mrcpt.totals", "Accepted", c.Accepted, "Declined", c.Declined, "Delegated", c.Delegated, "Tentative", c.Tentative, "Pending", c.Pending)
}

// AnsweredAt is a row's answer time (zero: none), for Page.When.
func (receiptsView) AnsweredAt(r meeting.ReceiptRow) time.Time {
	if r.AnsweredAt == nil {
		return time.Time{}
	}
	return *r.AnsweredAt
}

// Deadline is the reply-by time (zero: none), for Page.When.
func (v receiptsView) Deadline() time.Time {
	if v.ReplyBy == nil {
		return time.Time{}
	}
	return *v.ReplyBy
}

// receiptsOf is the 回执 table of d for its organisers; nil for others.
func (s *Server) receiptsOf(c echo.Context, d meeting.Detail) (*receiptsView, error) {
	if !d.CanEdit || d.Status == meeting.Draft {
		return nil, nil
	}
	r, err := s.Meetings.Receipts(c.Request().Context(), actor(c), d.ID)
	if err != nil {
		return nil, err
	}
	v := &receiptsView{Receipts: r, Total: countsOf(r.Counts)}
	for _, u := range r.Units {
		v.Units = append(v.Units, receiptUnitView{ReceiptUnit: u, Count: countsOf(u.Counts)})
	}
	return v, nil
}

// meetingReceiptsExport is the 回执 table as .xlsx, for the organisers.
func (s *Server) meetingReceiptsExport(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.Meetings.Receipts(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	sh := export.Sheet{Name: s.zh("mrcpt.title"), Columns: s.zhCols([]colSpec{
		{"mrcpt.unit", 24}, {"mrcpt.person", 16}, {"mrcpt.answer", 16}, {"mrcpt.comment", 30},
		{"mrcpt.answered_at", 18}, {"mrcpt.overdue", 10}})}
	for _, u := range r.Units {
		for _, row := range u.Rows {
			ans := s.zh("mrcpt.answer." + string(row.Answer))
			if row.DelegateName != "" {
				ans += "：" + row.DelegateName
			}
			var at any
			if row.AnsweredAt != nil {
				at = *row.AnsweredAt
			}
			overdue := ""
			if row.Overdue {
				overdue = s.zh("mrcpt.overdue")
			}
			sh.Rows = append(sh.Rows, []any{u.UnitName, row.Name, ans, row.Comment, at, overdue})
		}
	}
	return s.sendSheet(c, fmt.Sprintf("meeting-%d-receipts", r.MeetingID), fmt.Sprintf("会议%d回执", r.MeetingID), sh)
}

// apiMeetingRSVPFor is a unit answering for its person (RSVPFor).
func (s *Server) apiMeetingRSVPFor(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	aid, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	var in meeting.RSVPInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	a, err := s.Meetings.RSVPFor(c.Request().Context(), actor(c), id, aid, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// formReplyDays reads the settings form's reply_days (absent: unchanged),
// checked before anything is saved.
func formReplyDays(c echo.Context) (*int, error) {
	v := strings.TrimSpace(c.FormValue("reply_days"))
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		n = -1
	}
	if err := meeting.CheckReplyDays(n); err != nil {
		return nil, err
	}
	return &n, nil
}
