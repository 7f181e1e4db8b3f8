package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

// versionBody is the body of a version-checked step.
type versionBody struct {
	Version int `json:"version"`
}

func (s *Server) apiMeetingPublish(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in versionBody
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Meetings.Publish(c.Request().Context(), actor(c), id, in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (s *Server) apiMeetingApprovalRequest(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in versionBody
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Meetings.RequestApproval(c.Request().Context(), actor(c), id, in.Version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

func (s *Server) apiMeetingApprovalDecide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.ApprovalDecision
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := s.Meetings.DecideApproval(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}

// meetingSettingsJSON is the meetings' district settings: who approves a
// draft of each kind before 发布.
type meetingSettingsJSON struct {
	Approval meeting.ApprovalRules `json:"approval"`
}

func (s *Server) apiMeetingSettings(c echo.Context) error {
	r, err := s.Meetings.ApprovalRules(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, meetingSettingsJSON{Approval: r})
}

func (s *Server) apiMeetingSettingsPut(c echo.Context) error {
	var in meetingSettingsJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	r, err := s.Meetings.SetApprovalRules(c.Request().Context(), actor(c), in.Approval)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, meetingSettingsJSON{Approval: r})
}

// meetingPagePublish is the meeting page's 发布 button: the API's service
// method and version check.
func (s *Server) meetingPagePublish(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := s.Meetings.Publish(c.Request().Context(), actor(c), id, version); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "publish"}, err)
		}
		return err
	}
	s.flash(c, "mui.published")
	return redirect(c, meetingURL(id, ""))
}
