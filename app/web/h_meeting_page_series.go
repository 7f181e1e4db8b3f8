package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

// readOccurrence reads the single-occurrence forms: the original start
// (RFC 3339, from the page) and, to move it, a new start and end.
func readOccurrence(c echo.Context) meeting.OccurrenceInput {
	in := meeting.OccurrenceInput{Start: parseLocal(c.FormValue("start")), End: parseLocal(c.FormValue("end")), Reason: c.FormValue("reason")}
	in.OriginalStart, _ = time.Parse(time.RFC3339, c.FormValue("original_start"))
	in.Version, _ = strconv.Atoi(c.FormValue("version"))
	return in
}

// meetingPageOccurrence cancels or moves one occurrence of a series.
func (s *Server) meetingPageOccurrence(cancel bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		in := readOccurrence(c)
		ctx, a := c.Request().Context(), actor(c)
		if cancel {
			_, err = s.Meetings.CancelOccurrence(ctx, a, id, in)
		} else {
			_, err = s.Meetings.MoveOccurrence(ctx, a, id, in)
		}
		if err != nil {
			if formFixable(err) {
				return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "series"}, err)
			}
			return err
		}
		s.flash(c, "common.saved")
		if isHTMX(c) {
			return s.renderMeetingShow(c, http.StatusOK, meetingShowView{}, nil)
		}
		return redirect(c, meetingURL(id, "#series"))
	}
}
