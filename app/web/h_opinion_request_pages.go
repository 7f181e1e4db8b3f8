package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
)

// opinionRequestsView is the 提请 page: the requests the viewer may see,
// the request form for a justice bureau, and 区政府's decision forms.
type opinionRequestsView struct {
	Items     []casefile.OpinionRequest
	Units     map[int64]string
	Agencies  []account.Unit
	Grounds   []casefile.OpinionGround
	MayAsk    bool
	MayDecide map[int64]bool
	Form      casefile.OpinionRequestInput
}

func (s *Server) opinionRequestsPage(c echo.Context) error {
	return s.renderOpinionRequests(c, http.StatusOK, casefile.OpinionRequestInput{}, nil)
}

func (s *Server) renderOpinionRequests(c echo.Context, status int, form casefile.OpinionRequestInput, formErr error) error {
	a := actor(c)
	items, err := s.Cases.ListOpinionRequests(c.Request().Context(), a)
	if err != nil {
		return err
	}
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	v := opinionRequestsView{Items: items, Units: map[int64]string{}, Grounds: casefile.OpinionGrounds, MayDecide: map[int64]bool{}, Form: form,
		MayAsk: a.UnitKind == account.KindJusticeBureau && a.Role == account.RoleSecretary}
	for _, u := range all {
		v.Units[u.ID] = u.Name
		if u.Kind == account.KindAgency {
			v.Agencies = append(v.Agencies, u)
		}
	}
	for _, r := range items {
		v.MayDecide[r.ID] = casefile.MayDecide(a, r)
	}
	p := s.page(c, "cases", "opinion_request.title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "opinion_requests", p)
}

func (s *Server) opinionRequestCreate(c echo.Context) error {
	form, _ := c.FormParams()
	in := casefile.OpinionRequestInput{Number: c.FormValue("number"), Title: c.FormValue("title"), Grounds: form["grounds"],
		RequestingUnitID: actor(c).UnitID, AddresseeUnitID: formID(c, "addressee_unit_id")}
	if _, err := s.Cases.RequestOpinion(c.Request().Context(), actor(c), in); err != nil {
		if formFixable(err) {
			return s.renderOpinionRequests(c, statusFor(err), in, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/opinion-requests")
}

func (s *Server) opinionRequestApprove(c echo.Context) error { return s.opinionRequestDecide(c, true) }

func (s *Server) opinionRequestRefuse(c echo.Context) error { return s.opinionRequestDecide(c, false) }

func (s *Server) opinionRequestDecide(c echo.Context, approve bool) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	in := casefile.OpinionDecision{Reason: c.FormValue("reason"), Version: version}
	if approve {
		_, _, err = s.Cases.ApproveOpinion(c.Request().Context(), actor(c), id, in)
	} else {
		_, err = s.Cases.RefuseOpinion(c.Request().Context(), actor(c), id, in)
	}
	if err != nil {
		if formFixable(err) {
			return s.renderOpinionRequests(c, statusFor(err), casefile.OpinionRequestInput{}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/opinion-requests")
}
