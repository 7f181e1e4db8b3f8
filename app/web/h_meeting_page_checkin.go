package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"liaison/app/apperr"
	"liaison/app/meeting"
)

// meetingDoc is the view of the roster, QR, sheet and print pages: the
// meeting with its unit and people names.
type meetingDoc struct {
	meeting.Detail
	nameHelpers
	Actions  []meetingActionRow
	CheckURL string
	// CheckInOpen: check-in opens meeting.CheckInLead before the start;
	// until then the roster offers no check-in buttons.
	CheckInOpen bool
}

// checkInOpen reports whether check-in to d has opened by now.
func checkInOpen(d meeting.Detail, now time.Time) bool {
	return !now.Before(d.Start.Add(-meeting.CheckInLead))
}

// Place is the room's name or the free-text location.
func (d meetingDoc) Place() string {
	if d.RoomID != nil {
		return d.RoomName
	}
	return d.Location
}

// loadDoc loads meeting id for a document page.
func (s *Server) loadDoc(c echo.Context) (meetingDoc, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return meetingDoc{}, err
	}
	d, err := s.Meetings.Get(c.Request().Context(), actor(c), id)
	return meetingDoc{Detail: d}, err
}

// checkInURL is where the QR code points: the signed-in user's one-tap
// check-in page with the meeting's code.
func (s *Server) checkInURL(d meeting.Detail) string {
	return strings.TrimRight(s.Config.BaseURL, "/") + meetingURL(d.ID, "/checkin?code="+url.QueryEscape(d.CheckInCode))
}

func (s *Server) meetingPageRoster(c echo.Context) error {
	d, err := s.loadDoc(c)
	if err != nil {
		return err
	}
	if err := mustEdit(d.Detail); err != nil {
		return err
	}
	d.CheckInOpen = checkInOpen(d.Detail, s.DB.Now())
	p := s.page(c, "meetings", "mui.roster", d)
	return s.render(c, http.StatusOK, "meeting_roster", p)
}

func (s *Server) meetingPageCheckIn(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	aid, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	if _, err := s.Meetings.CheckIn(c.Request().Context(), actor(c), id, aid); err != nil {
		return err
	}
	if isHTMX(c) {
		return s.meetingPageRoster(c)
	}
	return redirect(c, meetingURL(id, "/roster"))
}

func (s *Server) meetingPageQR(c echo.Context) error {
	d, err := s.loadDoc(c)
	if err != nil {
		return err
	}
	if err := mustEdit(d.Detail); err != nil {
		return err
	}
	d.CheckURL = s.checkInURL(d.Detail)
	return s.render(c, http.StatusOK, "meeting_checkin_qr", s.page(c, "meetings", "mui.qr", d))
}

// meetingPageQRImage draws the check-in QR code as a PNG.
func (s *Server) meetingPageQRImage(c echo.Context) error {
	d, err := s.loadDoc(c)
	if err != nil {
		return err
	}
	if err := mustEdit(d.Detail); err != nil {
		return err
	}
	png, err := qrcode.Encode(s.checkInURL(d.Detail), qrcode.Medium, 512)
	if err != nil {
		return apperr.Wrap(err, "qrcode")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", png)
}

// selfCheckInView is the page the QR code opens.
type selfCheckInView struct {
	meeting.Detail
	nameHelpers
	Code string
	Done bool
	Open bool // check-in has opened (meeting.CheckInLead before the start)
}

// meetingPageSelfCheckInForm shows a one-tap check-in: a GET never
// changes anything (link previews and prefetchers follow links), so the
// tap posts the code.
func (s *Server) meetingPageSelfCheckInForm(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Meetings.Get(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	v := selfCheckInView{Detail: d, Code: c.QueryParam("code"), Done: d.Me != nil && d.Me.CheckedInAt != nil, Open: checkInOpen(d, s.DB.Now())}
	return s.render(c, http.StatusOK, "meeting_checkin", s.page(c, "meetings", "mui.checkin", v))
}

func (s *Server) meetingPageSelfCheckIn(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	code := c.FormValue("code")
	if _, err := s.Meetings.SelfCheckIn(c.Request().Context(), actor(c), id, code); err != nil {
		if formFixable(err) {
			d, gerr := s.Meetings.Get(c.Request().Context(), actor(c), id)
			if gerr != nil {
				return gerr
			}
			p := s.page(c, "meetings", "mui.checkin", selfCheckInView{Detail: d, Code: code, Open: checkInOpen(d, s.DB.Now())})
			s.formErrors(p, err)
			return s.render(c, statusFor(err), "meeting_checkin", p)
		}
		return err
	}
	s.flash(c, "mui.checked_in")
	return redirect(c, meetingURL(id, ""))
}

// meetingPageSheet is the printable A4 sign-in and attendance sheet.
func (s *Server) meetingPageSheet(c echo.Context) error {
	d, err := s.loadDoc(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "meeting_sheet", s.page(c, "meetings", "mui.sheet", docView{d}))
}

// meetingPageMinutesPrint is the minutes in official layout for printing.
func (s *Server) meetingPageMinutesPrint(c echo.Context) error {
	d, err := s.loadDoc(c)
	if err != nil {
		return err
	}
	if d.Minutes == nil {
		return apperr.NotFoundErr("minutes")
	}
	if d.Actions, err = s.minutesActions(c, d.Minutes); err != nil {
		return err
	}
	// the 字号 is the one taken at 签发 (Minutes.Number); until then the
	// page says it has none
	return s.render(c, http.StatusOK, "meeting_minutes_print", s.page(c, "meetings", "mui.minutes_print", docView{d}))
}

// docView is the view of the printed pages.
type docView struct {
	meetingDoc
}

// Num is the 1-based row number.
func (docView) Num(i int) int { return i + 1 }

// Blank gives the sheet empty rows for walk-in attendees.
func (v docView) Blank() []struct{} {
	n := 20 - len(v.Attendees)
	if n < 5 {
		n = 5
	}
	return make([]struct{}, n)
}

// PresentCount is how many have checked in.
func (v docView) PresentCount() int {
	n := 0
	for _, a := range v.Attendees {
		if a.CheckedInAt != nil {
			n++
		}
	}
	return n
}

// attendanceLine is one line of the minutes' attendance: 出席, 列席 or 请假
// (message mui.print.present/attending/absent) and the people on it.
type attendanceLine struct {
	Label  string
	People []attendancePerson
}

// attendancePerson is one name on the attendance, marked when checked in.
type attendancePerson struct {
	Name string
	In   bool
}

// Attendance lists everyone invited, as the minutes record them: present
// members under 出席, present observers (列席 role) under 列席, and the rest
// under 请假. Present means checked in; when nobody checked in (a meeting
// run on paper), everyone who did not decline or delegate.
func (v docView) Attendance() []attendanceLine {
	anyIn := false
	for _, a := range v.Attendees {
		anyIn = anyIn || a.CheckedInAt != nil
	}
	var present, observing, absent []attendancePerson
	for _, a := range v.Attendees {
		here := a.CheckedInAt != nil || !anyIn && a.Answer != meeting.Declined && a.Answer != meeting.Delegated
		p := attendancePerson{Name: a.Name, In: a.CheckedInAt != nil}
		switch {
		case !here:
			absent = append(absent, p)
		case a.Role == meeting.RoleOptional:
			observing = append(observing, p)
		default:
			present = append(present, p)
		}
	}
	var out []attendanceLine
	for _, l := range []attendanceLine{{"mui.print.present", present}, {"mui.print.attending", observing}, {"mui.print.absent", absent}} {
		if len(l.People) > 0 {
			out = append(out, l)
		}
	}
	return out
}
