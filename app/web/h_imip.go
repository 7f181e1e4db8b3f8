package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/imip"
)

// imipView is the admin page of replies read from the organizer mailbox.
type imipView struct {
	Configured bool
	Folder     string
	Sections   []imipSection // not applied (left in the inbox), then recorded
}

type imipSection struct {
	Title string // message key
	Rows  []imipRow
}

// imipRow is one message; a sensitive or classified meeting is not named
// (an administrator does not necessarily see it).
type imipRow struct {
	imip.Listed
	Title     string
	Withheld  bool
	MeetingID int64
}

func imipRows(in []imip.Listed) []imipRow {
	out := make([]imipRow, len(in))
	for i, l := range in {
		out[i] = imipRow{Listed: l}
		if l.MeetingID != nil {
			out[i].MeetingID = *l.MeetingID
			out[i].Withheld = l.MeetingSensitivity != "ordinary"
			if !out[i].Withheld {
				out[i].Title = l.MeetingTitle
			}
		}
	}
	return out
}

// adminIMIP lists the replies that were refused or matched nothing (they
// stay in the inbox) with their reason, and the answers recently recorded.
func (s *Server) adminIMIP(c echo.Context) error {
	if err := mustAdmin(c); err != nil {
		return err
	}
	pending, applied, err := s.IMIP.Recent(c.Request().Context(), 100)
	if err != nil {
		return err
	}
	v := imipView{Configured: s.IMIP.Configured(), Folder: s.Config.IMAP.Processed, Sections: []imipSection{
		{Title: "imip.pending", Rows: imipRows(pending)}, {Title: "imip.applied", Rows: imipRows(applied)}}}
	return s.render(c, http.StatusOK, "admin_imip", s.page(c, "admin", "imip.title", v))
}
