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
	// ReplyDays: 回执截止 会前 N 个工作日 (h_meeting_receipts.go).
	ReplyDays *int `json:"reply_days,omitempty"`
}

func (s *Server) apiMeetingSettings(c echo.Context) error {
	r, err := s.Meetings.ApprovalRules(c.Request().Context())
	if err != nil {
		return err
	}
	return s.withReplyDays(c, meetingSettingsJSON{Approval: r})
}

func (s *Server) apiMeetingSettingsPut(c echo.Context) error {
	var in meetingSettingsJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.ReplyDays != nil { // checked first: bad input changes nothing
		if err := meeting.CheckReplyDays(*in.ReplyDays); err != nil {
			return err
		}
	}
	r, err := s.Meetings.SetApprovalRules(c.Request().Context(), actor(c), in.Approval)
	if err != nil {
		return err
	}
	if err := s.putReplyDays(c, in.ReplyDays); err != nil {
		return err
	}
	return s.withReplyDays(c, meetingSettingsJSON{Approval: r})
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

// meetingSettingsView is the admin page of the meetings' settings.
type meetingSettingsView struct {
	Kinds     []meeting.Kind
	Rules     meeting.ApprovalRules
	Opts      []string
	ReplyDays string // 回执截止：会前 N 个工作日 (h_meeting_receipts.go)
}

func (s *Server) meetingSettingsPage(c echo.Context) error {
	return s.renderMeetingSettings(c, http.StatusOK, nil, "", nil)
}

func (s *Server) renderMeetingSettings(c echo.Context, status int, form meeting.ApprovalRules, typedDays string, formErr error) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	rules, err := s.Meetings.ApprovalRules(c.Request().Context())
	if err != nil {
		return err
	}
	for k, v := range form { // the admin's own input, re-shown on a 422
		rules[k] = v
	}
	days, err := s.Meetings.ReplyDays(c.Request().Context())
	if err != nil {
		return err
	}
	v := meetingSettingsView{Kinds: meeting.Kinds, Rules: rules,
		Opts: []string{meeting.RuleNone, meeting.RuleChair, meeting.RuleLeader}, ReplyDays: strconv.Itoa(days)}
	if typedDays != "" {
		v.ReplyDays = typedDays
	}
	p := s.page(c, "admin", "mdraft.settings_title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "admin_meeting_settings", p)
}

// meetingSettingsSave is the admin page's form: the same service method as
// PUT /api/v1/meeting-settings.
func (s *Server) meetingSettingsSave(c echo.Context) error {
	in := meeting.ApprovalRules{}
	for _, k := range meeting.Kinds {
		if v := c.FormValue("approval_" + string(k)); v != "" {
			in[k] = v
		}
	}
	days, err := formReplyDays(c)
	if err == nil {
		_, err = s.Meetings.SetApprovalRules(c.Request().Context(), actor(c), in)
	}
	if err == nil {
		err = s.putReplyDays(c, days)
	}
	if err != nil {
		if formFixable(err) {
			return s.renderMeetingSettings(c, statusFor(err), in, c.FormValue("reply_days"), err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/admin/meeting-settings")
}

// draftView is the 草稿 card of the meeting page: the kind's approval rule,
// whether the caller decides it, and a returned reason typed before a 422.
type draftView struct {
	Rule      string
	MayDecide bool
	Reason    string
}

// NeedsApproval: the organisers must ask before 发布.
func (v draftView) NeedsApproval() bool { return v.Rule != "" && v.Rule != meeting.RuleNone }

func (s *Server) draftOf(c echo.Context, m meeting.Meeting, typed draftView) (draftView, error) {
	rule, may, err := s.Meetings.DraftApproval(c.Request().Context(), actor(c), m)
	return draftView{Rule: rule, MayDecide: may, Reason: typed.Reason}, err
}

// meetingPageApprovalRequest is the 提交审批 button: the API's service method.
func (s *Server) meetingPageApprovalRequest(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if _, err := s.Meetings.RequestApproval(c.Request().Context(), actor(c), id, version); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "publish"}, err)
		}
		return err
	}
	s.flash(c, "mdraft.requested")
	return redirect(c, meetingURL(id, ""))
}

// meetingPageApprovalDecide is the approver's 通过 / 退回 form.
func (s *Server) meetingPageApprovalDecide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	in := meeting.ApprovalDecision{Decision: c.FormValue("decision"), Reason: c.FormValue("reason"), Version: version}
	if _, err := s.Meetings.DecideApproval(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "publish", Draft: draftView{Reason: in.Reason}}, err)
		}
		return err
	}
	s.flash(c, "mdraft.decided."+in.Decision)
	return redirect(c, meetingURL(id, ""))
}
