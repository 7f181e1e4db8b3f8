package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/subscribe"
)

type rsvpData struct {
	Token     string
	Answer    string
	Title     string // empty for sensitive and classified meetings
	When      string
	MeetingID int64
	Message   string // message id of the result
}

// rsvpPage shows what an accept/decline link will do and asks to confirm
// (mail scanners follow links with GET; only the POST answers). A tampered
// link is 404; a used or expired one is a clear page that changes nothing.
func (s *Server) rsvpPage(c echo.Context) error {
	ctx, tok := c.Request().Context(), c.Param("token")
	l, state, err := s.Subscribe.CheckRSVP(ctx, tok)
	if err != nil {
		return err
	}
	if state != subscribe.LinkOK {
		return s.rsvpResult(c, http.StatusGone, l, "feed.rsvp."+state)
	}
	d, err := s.Subscribe.RSVPMeeting(ctx, l)
	if err != nil {
		return err
	}
	data := rsvpData{Token: tok, Answer: string(l.Answer), MeetingID: d.ID, When: whenText(d.Start, d.End)}
	if d.Sensitivity == account.Ordinary {
		data.Title = d.Title
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.render(c, http.StatusOK, "rsvp_confirm", s.page(c, "", "feed.rsvp.title", data))
}

// rsvpSubmit applies the answer as the link's invitee, once.
func (s *Server) rsvpSubmit(c echo.Context) error {
	l, state, err := s.Subscribe.ApplyRSVP(c.Request().Context(), c.Param("token"), c.RealIP(), c.Response().Header().Get(echo.HeaderXRequestID))
	if err != nil {
		return err
	}
	if state != subscribe.LinkOK {
		return s.rsvpResult(c, http.StatusGone, l, "feed.rsvp."+state)
	}
	return s.rsvpResult(c, http.StatusOK, l, "feed.rsvp.done_"+string(l.Answer))
}

func (s *Server) rsvpResult(c echo.Context, status int, l subscribe.RSVPLink, msg string) error {
	data := rsvpData{Answer: string(l.Answer), MeetingID: l.MeetingID, Message: msg}
	return s.render(c, status, "rsvp_result", s.page(c, "", "feed.rsvp.title", data))
}

// whenText formats a meeting's time in Asia/Shanghai.
func whenText(start, end time.Time) string {
	a, b := start.In(shanghai), end.In(shanghai)
	if a.Format("20060102") == b.Format("20060102") {
		return a.Format("2006-01-02 15:04") + "–" + b.Format("15:04")
	}
	return a.Format("2006-01-02 15:04") + " – " + b.Format("2006-01-02 15:04")
}
