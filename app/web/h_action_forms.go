package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/followup"
)

// actionFormDone redirects to the item with a flash, or re-renders its page
// with the form's errors and input when they can be fixed there.
func (s *Server) actionFormDone(c echo.Context, err error, flash string, form map[string]string) error {
	if err == nil {
		s.flash(c, flash)
		return redirect(c, "/actions/"+c.Param("id"))
	}
	if !formFixable(err) {
		return err
	}
	v, lerr := s.loadActionView(c)
	if lerr != nil {
		return lerr
	}
	v.Form = form
	p := s.page(c, "actions", "action.title", v)
	s.formErrors(p, err)
	return s.render(c, statusFor(err), "action_show", p)
}

func formVersion(c echo.Context) int {
	n, _ := strconv.Atoi(c.FormValue("version"))
	return n
}

func (s *Server) actionFeedbackSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, files, err := s.feedbackForm(c)
	if err == nil {
		_, _, err = s.Actions.AddFeedback(c.Request().Context(), actor(c), id, in, files...)
	}
	return s.actionFormDone(c, err, "action.feedback_saved", map[string]string{"form": "feedback", "body": in.Body, "kind": string(in.Kind),
		"answered_on": in.AnsweredOn})
}

func (s *Server) actionVerifySubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := followup.VerifyInput{Comment: c.FormValue("comment"), DueOn: strings.TrimSpace(c.FormValue("due_on")),
		RevisitOn: strings.TrimSpace(c.FormValue("revisit_on")), Version: formVersion(c)}
	switch c.FormValue("accepted") {
	case "yes":
		t := true
		in.Accepted = &t
		in.DueOn = ""
	case "no":
		f := false
		in.Accepted = &f
		in.RevisitOn = ""
	}
	_, _, err = s.Actions.Verify(c.Request().Context(), actor(c), id, in)
	return s.actionFormDone(c, err, "action.verified", map[string]string{"form": "verify", "comment": in.Comment, "accepted": c.FormValue("accepted"),
		"due_on": c.FormValue("due_on"), "revisit_on": c.FormValue("revisit_on")})
}

func (s *Server) actionEscalateSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := followup.EscalateInput{Comment: c.FormValue("comment"), Documents: strings.Split(c.FormValue("documents"), "\n"), Version: formVersion(c)}
	form, _ := c.FormParams()
	in.Grounds = form["grounds"]
	for _, v := range form["steps"] {
		if n, err := strconv.Atoi(v); err == nil {
			in.Steps = append(in.Steps, n)
		}
	}
	_, _, err = s.Actions.EscalateSteps(c.Request().Context(), actor(c), id, in)
	return s.actionFormDone(c, err, "action.escalated", map[string]string{"form": "escalate", "comment": in.Comment, "documents": c.FormValue("documents")})
}

func (s *Server) actionHandlingSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	step, err := idParam(c, "step")
	if err != nil {
		return err
	}
	in := followup.HandlingInput{Handling: c.FormValue("handling"), Result: c.FormValue("result"), Version: formVersion(c)}
	_, err = s.Actions.RecordHandling(c.Request().Context(), actor(c), id, int(step), in)
	return s.actionFormDone(c, err, "action.handling_saved", map[string]string{"form": fmt.Sprintf("handling%d", step), "handling": in.Handling, "result": in.Result})
}
