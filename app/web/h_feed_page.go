package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/subscribe"
)

// leadChoices are the reminder times the page offers, in minutes.
var leadChoices = []int{1440, 120, 60, 30, 15}

type leadChoice struct {
	Minutes int
	MsgID   string
	Checked bool
}

type feedPageData struct {
	Feed     subscribe.FeedLinks
	Unit     *subscribe.FeedLinks
	UnitName string
	Leads    []leadChoice
	Version  int
}

// feedPage is 订阅日历: the addresses, a QR code, how to add them, rotation
// and the reminder preference.
func (s *Server) feedPage(c echo.Context) error {
	return s.renderFeedPage(c, http.StatusOK, nil)
}

func (s *Server) renderFeedPage(c echo.Context, status int, formErr error) error {
	ctx, a := c.Request().Context(), actor(c)
	var d feedPageData
	var err error
	if d.Feed, err = s.Subscribe.MyFeed(ctx, a); err != nil {
		return err
	}
	if a.Role == account.RoleSecretary {
		u, err := s.Subscribe.UnitFeed(ctx, a)
		if err != nil {
			return err
		}
		d.Unit = &u
	}
	p, err := s.Subscribe.Prefs(ctx, a)
	if err != nil {
		return err
	}
	d.Version = p.Version
	for _, m := range leadChoices {
		d.Leads = append(d.Leads, leadChoice{Minutes: m, MsgID: "feed.page.lead_" + strconv.Itoa(m), Checked: slices.Contains(p.Leads, m)})
	}
	pg := s.page(c, "calendar", "feed.page.title", d)
	if formErr != nil {
		s.formErrors(pg, formErr)
	}
	return s.render(c, status, "feed_subscribe", pg)
}

// feedPageRotate replaces the user's (or, with unit=1, the unit's) address.
func (s *Server) feedPageRotate(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var err error
	if c.FormValue("feed") == "unit" {
		_, err = s.Subscribe.RotateUnitFeed(ctx, a)
	} else {
		_, err = s.Subscribe.RotateMyFeed(ctx, a)
	}
	if err != nil {
		return err
	}
	s.flash(c, "feed.page.rotated")
	return redirect(c, "/calendar/subscribe")
}

// feedPageReminders saves the reminder form (checkboxes "lead").
func (s *Server) feedPageReminders(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return apperr.E(apperr.Malformed, "malformed")
	}
	in := subscribe.PrefsInput{Leads: []int{}}
	for _, v := range form["lead"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			return s.renderFeedPage(c, http.StatusUnprocessableEntity, apperr.Fields{"meeting_leads_minutes": "feed.lead_invalid"}.Err())
		}
		in.Leads = append(in.Leads, n)
	}
	if v, err := strconv.Atoi(form.Get("version")); err == nil {
		in.Version = &v
	}
	if _, err := s.Subscribe.SetPrefs(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderFeedPage(c, statusFor(err), err)
		}
		return err
	}
	s.flash(c, "feed.page.saved")
	return redirect(c, "/calendar/subscribe")
}

// feedQR is the QR code of the https address (a route, since the CSP keeps
// images to 'self' and data:). The address is a secret: never cached.
func (s *Server) feedQR(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	var (
		l   subscribe.FeedLinks
		err error
	)
	if c.QueryParam("feed") == "unit" {
		l, err = s.Subscribe.UnitFeed(ctx, a)
	} else {
		l, err = s.Subscribe.MyFeed(ctx, a)
	}
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(l.URL, qrcode.Medium, 320)
	if err != nil {
		return apperr.Wrap(err, "qrcode")
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "image/png", png)
}
