package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
)

var statusOf = map[apperr.Kind]int{
	apperr.Internal:     http.StatusInternalServerError,
	apperr.Malformed:    http.StatusBadRequest,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.Invalid:      http.StatusUnprocessableEntity,
	apperr.TooMany:      http.StatusTooManyRequests,
}

// errorBody is the JSON error shape the API contract (openapi/00_base.yaml) fixes.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

// isAPI reports whether the request wants JSON errors.
func isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return strings.HasPrefix(p, "/api/") || strings.Contains(c.Request().Header.Get("Accept"), "application/json")
}

// toAppErr turns Echo's own errors (no route, body too large, bad method)
// into ours, so there is one mapping to status and message.
func toAppErr(err error) *apperr.Error {
	if ae, ok := apperr.As(err); ok {
		return ae
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return apperr.NotFoundErr("route")
		case http.StatusMethodNotAllowed:
			return &apperr.Error{Kind: apperr.Malformed, Code: "method_not_allowed"}
		case http.StatusRequestEntityTooLarge:
			return &apperr.Error{Kind: apperr.Malformed, Code: "malformed.too_large"}
		case http.StatusUnauthorized:
			return apperr.E(apperr.Unauthorized, "auth.required")
		case http.StatusForbidden:
			return apperr.E(apperr.Forbidden, "forbidden")
		case http.StatusTooManyRequests:
			return apperr.E(apperr.TooMany, "too_many")
		case http.StatusBadRequest:
			return apperr.E(apperr.Malformed, "malformed.json")
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &apperr.Error{Kind: apperr.Malformed, Code: "malformed.too_large"}
	}
	return &apperr.Error{Kind: apperr.Internal, Code: "internal", Err: err}
}

// handleError is the one place errors become responses. Internal errors are
// logged with request id, user and route; the user sees a plain message.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae := toAppErr(err)
	status := statusOf[ae.Kind]
	if status == 413 || ae.Code == "malformed.too_large" {
		status = http.StatusRequestEntityTooLarge
	}
	if ae.Code == "method_not_allowed" {
		status = http.StatusMethodNotAllowed
	}
	reqID := c.Response().Header().Get(echo.HeaderXRequestID)
	lang := langOf(c)
	if ae.Kind == apperr.Internal && db.IsUnavailable(err) {
		// The database is down or restarting: say so, and when to retry,
		// rather than report a bug (readyz is failing meanwhile too).
		s.Log.Warn("database unavailable", "err", err, "request_id", reqID, "route", c.Path())
		status = http.StatusServiceUnavailable
		ae = &apperr.Error{Kind: apperr.Internal, Code: "unavailable"}
		c.Response().Header().Set("Retry-After", "5")
	} else if ae.Kind == apperr.Internal {
		a := account.ActorFrom(c.Request().Context())
		s.Log.Error("internal error", "err", err, "request_id", reqID, "user_id", a.UserID, "route", c.Path(), "method", c.Request().Method)
		ae = &apperr.Error{Kind: apperr.Internal, Code: "internal", Args: map[string]any{"RequestID": reqID}}
	}
	api := isAPI(c) || c.Get("plain_errors") != nil
	args := ae.Args
	if !api {
		args = s.labelArgs(lang, args) // a page names fields by their labels
	}
	msg := s.Tr.T(lang, ae.Code, args)
	var fields map[string]string
	if len(ae.Fields) > 0 {
		fields = make(map[string]string, len(ae.Fields))
		for f, code := range ae.Fields {
			if !api {
				f = s.fieldLabel(lang, f)
			}
			fields[f] = s.Tr.T(lang, code, args)
		}
	}
	if status == http.StatusUnauthorized && strings.HasPrefix(c.Request().URL.Path, "/api/") {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="liaison"`)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if api {
		var b errorBody
		b.Error.Code, b.Error.Message, b.Error.Fields = ae.Code, msg, fields
		_ = c.JSON(status, b)
		return
	}
	if status == http.StatusUnauthorized && c.Request().Method == http.MethodGet {
		_ = c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(c.Request().URL.RequestURI()))
		return
	}
	p := s.page(c, "", "error.title", errorView{Status: status, Message: msg, Fields: fields})
	if rerr := s.render(c, status, "error", p); rerr != nil {
		s.Log.Error("render error page", "err", rerr, "request_id", reqID)
		_ = c.String(status, msg)
	}
}

type errorView struct {
	Status  int
	Message string
	Fields  map[string]string
}
