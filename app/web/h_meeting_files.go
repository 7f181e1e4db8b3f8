package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/meeting"
)

// Meeting materials (会议材料, issue 20 item 4): the JSON API and the
// meeting page's 会议材料 section call the same service methods.

// meetingFileRoutes registers the materials routes. Uploads are capped at the
// upload limit plus room for the multipart envelope, so a file just over
// the limit meets the service's 422 naming the limit, not a bare 413.
func (s *Server) meetingFileRoutes(g routeGroups) {
	up := func(method, path string) echo.MiddlewareFunc {
		s.uploadRoute(method, path)
		return bodyLimit(s.Config.UploadLimit + multipartSlack)
	}
	g.api.GET("/meetings/:id/files", s.apiMeetingFiles)
	g.api.POST("/meetings/:id/files", s.apiMeetingFileAdd, up("POST", "/api/v1/meetings/:id/files"))
	g.api.GET("/meetings/:id/files/:fid", s.meetingFileDownload)
	g.api.DELETE("/meetings/:id/files/:fid", s.apiMeetingFileRemove)
	g.pages.POST("/meetings/:id/files", s.meetingPageFileAdd, up("POST", "/meetings/:id/files"))
	g.pages.GET("/meetings/:id/files/:fid", s.meetingFileDownload)
	g.pages.POST("/meetings/:id/files/:fid/remove", s.meetingPageFileRemove)
}

// multipartSlack is what a material's request may carry beyond the file.
const multipartSlack = 1 << 20

// meetingFileUpload reads the part "file" and the optional agenda_item_id
// and hands them to the service, which judges them.
func (s *Server) meetingFileUpload(c echo.Context) (meeting.File, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return meeting.File{}, err
	}
	limit := s.Config.UploadLimit
	var up meeting.FileUpload
	if v := c.FormValue("agenda_item_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			n = 0 // no item has it: the service refuses it once it has checked the caller
		}
		up.AgendaItemID = &n
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return meeting.File{}, meeting.FileTooLarge(limit)
		case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
			// no file: the service answers "required" after the
			// caller's rights, so a stranger still meets 404
			return s.Meetings.AddFile(c.Request().Context(), actor(c), id, up, limit)
		}
		return meeting.File{}, apperr.E(apperr.Malformed, "malformed", "Detail", "multipart/form-data")
	}
	up.Name = fh.Filename
	if fh.Size > limit {
		return meeting.File{}, meeting.FileTooLarge(limit)
	}
	f, err := fh.Open()
	if err != nil {
		return meeting.File{}, apperr.Wrap(err, "upload")
	}
	defer f.Close()
	if up.Data, err = io.ReadAll(io.LimitReader(f, limit+1)); err != nil {
		return meeting.File{}, apperr.Wrap(err, "upload")
	}
	return s.Meetings.AddFile(c.Request().Context(), actor(c), id, up, limit)
}

func (s *Server) apiMeetingFileAdd(c echo.Context) error {
	f, err := s.meetingFileUpload(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, f)
}

func (s *Server) apiMeetingFiles(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fs, err := s.Meetings.Files(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": fs, "next_cursor": ""})
}

func (s *Server) apiMeetingFileRemove(c echo.Context) error {
	id, fid, err := twoIDs(c, "fid")
	if err != nil {
		return err
	}
	if err := s.Meetings.DeleteFile(c.Request().Context(), actor(c), id, fid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// meetingFileDownload serves one version of a material to those who may
// see the meeting: always as an attachment (RFC 5987 name), with the type
// judged at upload and nosniff, so a crafted file cannot run as a page.
func (s *Server) meetingFileDownload(c echo.Context) error {
	id, fid, err := twoIDs(c, "fid")
	if err != nil {
		return err
	}
	f, data, err := s.Meetings.File(c.Request().Context(), actor(c), id, fid)
	if err != nil {
		return err
	}
	return serveAttachment(c, f.Name, f.ContentType, data)
}

func (s *Server) meetingPageFileAdd(c echo.Context) error {
	f, err := s.meetingFileUpload(c)
	if err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "files"}, err)
		}
		return err
	}
	s.flash(c, "meeting.file_added")
	return redirect(c, meetingURL(f.MeetingID, "#files"))
}

func (s *Server) meetingPageFileRemove(c echo.Context) error {
	id, fid, err := twoIDs(c, "fid")
	if err != nil {
		return err
	}
	if err := s.Meetings.DeleteFile(c.Request().Context(), actor(c), id, fid); err != nil {
		if formFixable(err) {
			return s.renderMeetingShow(c, statusFor(err), meetingShowView{Section: "files"}, err)
		}
		return err
	}
	s.flash(c, "meeting.file_removed")
	return redirect(c, meetingURL(id, "#files"))
}

// meetingFilesView is the page's 会议材料 section.
type meetingFilesView struct {
	Offline   bool         // sensitive or classified: materials travel offline
	MayUpload bool         // the upload form is offered
	Whole     bool         // the caller may add to the meeting as a whole (organiser)
	Targets   []fileTarget // the agenda items the caller may add to
	LimitMB   int64
	Meeting   []meeting.File // the meeting's own (and removed items')
	Items     []itemFiles    // per agenda item, in agenda order
	userID    int64
	organiser bool
}

type fileTarget struct {
	ID    int64
	Title string
}

type itemFiles struct {
	Title string
	Files []meeting.File
}

// MayRemove reports whether the caller may delete f: its uploader or an
// organiser.
func (v meetingFilesView) MayRemove(f meeting.File) bool {
	return v.organiser || (f.UploadedBy != nil && *f.UploadedBy == v.userID)
}

// Empty reports that the meeting has no materials.
func (v meetingFilesView) Empty() bool {
	if len(v.Meeting) > 0 {
		return false
	}
	for _, it := range v.Items {
		if len(it.Files) > 0 {
			return false
		}
	}
	return true
}

// meetingFilesOf builds the section for the meeting d shows.
func (s *Server) meetingFilesOf(c echo.Context, d meeting.Detail) (meetingFilesView, error) {
	a := actor(c)
	v := meetingFilesView{Offline: !d.Sensitivity.HoldsContent(), LimitMB: s.Config.UploadLimit >> 20, userID: a.UserID, organiser: d.CanEdit}
	if v.Offline {
		return v, nil
	}
	fs, err := s.Meetings.Files(c.Request().Context(), a, d.ID)
	if err != nil {
		return v, err
	}
	v.MayUpload = meeting.MayUploadFiles(a, d)
	v.Whole = v.MayUpload && d.CanEdit
	byItem := map[int64][]meeting.File{}
	for _, f := range fs {
		if f.AgendaItemID != nil && known(d.Agenda, *f.AgendaItemID) {
			byItem[*f.AgendaItemID] = append(byItem[*f.AgendaItemID], f)
			continue
		}
		v.Meeting = append(v.Meeting, f)
	}
	for _, it := range d.Agenda {
		if v.MayUpload && (d.CanEdit || (it.PresenterUserID != nil && *it.PresenterUserID == a.UserID)) {
			v.Targets = append(v.Targets, fileTarget{ID: it.ID, Title: it.Title})
		}
		if len(byItem[it.ID]) > 0 {
			v.Items = append(v.Items, itemFiles{Title: it.Title, Files: byItem[it.ID]})
		}
	}
	return v, nil
}

func known(items []meeting.AgendaItem, id int64) bool {
	for _, it := range items {
		if it.ID == id {
			return true
		}
	}
	return false
}

// fileList is what the meeting_file_list template shows: the page and
// some files of the meeting.
type fileList struct {
	Page  *Page
	Files []meeting.File
}

// FileList pairs the page with files for the list template.
func (meetingShowView) FileList(p *Page, fs []meeting.File) fileList {
	return fileList{Page: p, Files: fs}
}

// SizeOf writes a size as people read it: 820 KB, 1.5 MB.
func (meetingFilesView) SizeOf(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+1<<9)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}
