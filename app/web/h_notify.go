package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/notify"
)

func (s *Server) apiNotificationList(c echo.Context) error {
	pr, err := pageReq(c)
	if err != nil {
		return err
	}
	unread, err := boolQuery(c, "unread")
	if err != nil {
		return err
	}
	p, err := s.Notify.Notifications(c.Request().Context(), actor(c), unread, pr)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiNotificationUnread(c echo.Context) error {
	n, err := s.Notify.UnreadCount(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int64{"count": n})
}

func (s *Server) apiNotificationRead(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.Notify.MarkRead(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

// outboxFilter reads ?status= and the page.
func outboxFilter(c echo.Context) (notify.OutboxFilter, error) {
	pr, err := pageReq(c)
	if err != nil {
		return notify.OutboxFilter{}, err
	}
	st, err := notify.ParseStatus(c.QueryParam("status"))
	return notify.OutboxFilter{Status: st, Page: pr}, err
}

func (s *Server) apiOutboxList(c echo.Context) error {
	f, err := outboxFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Notify.ListOutbox(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiOutboxRetry(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, err := s.Notify.Retry(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

// boolQuery parses an optional true/false query parameter.
func boolQuery(c echo.Context, name string) (bool, error) {
	v := c.QueryParam(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, apperr.Fields{name: "notify.bool_invalid"}.Err()
	}
	return b, nil
}
