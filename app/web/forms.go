package web

import (
	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
)

// formFixable reports errors a form shows next to its fields (422) or as
// a stale-version notice (409) instead of an error page.
func formFixable(err error) bool {
	k := apperr.KindOf(err)
	return k == apperr.Invalid || k == apperr.Conflict
}

func statusFor(err error) int { return statusOf[apperr.KindOf(err)] }

// formErrors puts err's localised field messages and summary on p.
func (s *Server) formErrors(p *Page, err error) {
	ae, ok := apperr.As(err)
	if !ok {
		return
	}
	p.Error = s.Tr.T(p.Lang, ae.Code, ae.Args)
	if len(ae.Fields) > 0 {
		p.Errors = make(map[string]string, len(ae.Fields))
		for f, code := range ae.Fields {
			p.Errors[f] = s.Tr.T(p.Lang, code, ae.Args)
		}
	}
}

type homeView struct {
	UnitName string
}

func (s *Server) home(c echo.Context) error {
	a := actor(c)
	unit, err := s.Accounts.Unit(c.Request().Context(), a.UnitID)
	if err != nil {
		return err
	}
	return s.render(c, 200, "home", s.page(c, "home", "home.title", homeView{UnitName: unit.Name}))
}
