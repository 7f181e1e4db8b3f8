package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/notify"
)

// Unit channels (group robot, JSON webhook), configured by admins on the
// unit's page and through /api/v1/admin/units/{id}/channels. Answers and
// pages show whether a URL or secret is set, never the value.

// channelRouteParams reads :id and :kind.
func channelRouteParams(c echo.Context) (int64, notify.Channel, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return 0, "", err
	}
	kind, err := notify.ParseChannel(c.Param("kind"))
	return id, kind, err
}

func (s *Server) apiUnitChannels(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := s.Notify.UnitChannelViews(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": v})
}

func (s *Server) apiUnitChannelSave(c echo.Context) error {
	id, kind, err := channelRouteParams(c)
	if err != nil {
		return err
	}
	var in notify.ChannelInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := s.Notify.SaveChannel(c.Request().Context(), actor(c), id, kind, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) apiUnitChannelTest(c echo.Context) error {
	id, kind, err := channelRouteParams(c)
	if err != nil {
		return err
	}
	o, err := s.Notify.SendTestMessage(c.Request().Context(), actor(c), id, kind)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, o)
}

// adminUnitChannelSave is the unit page's channel form: an error shows the
// unit page again, under the form it belongs to, with nothing changed.
func (s *Server) adminUnitChannelSave(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	id, kind, err := channelRouteParams(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	in := notify.ChannelInput{URL: c.FormValue("url"), Secret: c.FormValue("secret"), Enabled: c.FormValue("enabled") == "on",
		MsgType: notify.RobotMsgType(c.FormValue("msgtype")), Version: version}
	ctx := c.Request().Context()
	if _, err := s.Notify.SaveChannel(ctx, actor(c), id, kind, in); err != nil {
		if !formFixable(err) {
			return err
		}
		return s.channelFormError(c, id, kind, err)
	}
	s.flash(c, "notify.channel_saved")
	return redirect(c, "/admin/units/"+strconv.FormatInt(id, 10)+"#channels")
}

// channelFormError shows the unit page again with err under kind's form.
func (s *Server) channelFormError(c echo.Context, id int64, kind notify.Channel, err error) error {
	ctx := c.Request().Context()
	u, gerr := s.Accounts.Unit(ctx, id)
	if gerr != nil {
		return gerr
	}
	chans, gerr := s.Notify.UnitChannelViews(ctx, actor(c), id)
	if gerr != nil {
		return gerr
	}
	p := s.page(c, "admin", "admin.units", adminUnitView{Unit: u, Kinds: account.UnitKinds, Channels: chans, ChannelForm: string(kind)})
	s.formErrors(p, err)
	return s.render(c, statusFor(err), "admin_unit_edit", p)
}

// apiUnitChannelDelete removes a channel; ?version= is the version last
// read, as for every other admin edit.
func (s *Server) apiUnitChannelDelete(c echo.Context) error {
	id, kind, err := channelRouteParams(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.QueryParam("version"))
	if err := s.Notify.DeleteChannel(c.Request().Context(), actor(c), id, kind, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// adminUnitChannelDelete is the unit page's 删除通道 button. A stale
// version shows the page again with the conflict, nothing removed.
func (s *Server) adminUnitChannelDelete(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	id, kind, err := channelRouteParams(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if err := s.Notify.DeleteChannel(c.Request().Context(), actor(c), id, kind, version); err != nil {
		if !formFixable(err) {
			return err
		}
		return s.channelFormError(c, id, kind, err)
	}
	s.flash(c, "notify.channel_deleted")
	return redirect(c, "/admin/units/"+strconv.FormatInt(id, 10)+"#channels")
}

func (s *Server) adminUnitChannelTest(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	id, kind, err := channelRouteParams(c)
	if err != nil {
		return err
	}
	if _, err := s.Notify.SendTestMessage(c.Request().Context(), actor(c), id, kind); err != nil {
		if apperr.KindOf(err) != apperr.Conflict {
			return err
		}
		s.flash(c, "notify.channel_not_configured")
		return redirect(c, "/admin/units/"+strconv.FormatInt(id, 10)+"#channels")
	}
	s.flash(c, "notify.channel_test_queued")
	return redirect(c, "/admin/outbox")
}
