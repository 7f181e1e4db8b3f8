package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/followup"
)

// isMultipart reports a multipart/form-data request (feedback with scans).
func isMultipart(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
}

// feedbackUploads reads the parts named "file" within the upload limit;
// the content decides the type later, not the name.
func (s *Server) feedbackUploads(c echo.Context) ([]followup.Upload, error) {
	form, err := c.MultipartForm()
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, apperr.E(apperr.Malformed, "malformed.too_large")
		}
		return nil, apperr.E(apperr.Malformed, "malformed", "Detail", "multipart/form-data")
	}
	limit := s.Config.UploadLimit
	var out []followup.Upload
	for _, fh := range form.File["file"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue // an empty file input
		}
		if fh.Size > limit {
			return nil, &apperr.Error{Kind: apperr.Invalid, Code: "invalid", Fields: map[string]string{"file": "action.file_too_large"}, Args: map[string]any{"MB": limit >> 20}}
		}
		f, err := fh.Open()
		if err != nil {
			return nil, apperr.Wrap(err, "upload")
		}
		data, err := io.ReadAll(io.LimitReader(f, limit+1))
		f.Close()
		if err != nil {
			return nil, apperr.Wrap(err, "upload")
		}
		out = append(out, followup.Upload{Name: fh.Filename, Data: data})
	}
	return out, nil
}

// feedbackForm reads feedback from a form (url-encoded or multipart).
func (s *Server) feedbackForm(c echo.Context) (followup.FeedbackInput, []followup.Upload, error) {
	in := followup.FeedbackInput{Kind: followup.FeedbackKind(c.FormValue("kind")), Body: c.FormValue("body"),
		AnsweredOn: strings.TrimSpace(c.FormValue("answered_on")), Version: formVersion(c)}
	if !isMultipart(c) {
		return in, nil, nil
	}
	files, err := s.feedbackUploads(c)
	return in, files, err
}

// actionFileDownload serves an attachment to those who may see its item,
// as a download whatever its type, so a crafted file cannot run as a page.
func (s *Server) actionFileDownload(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fid, err := idParam(c, "fid")
	if err != nil {
		return err
	}
	f, data, err := s.Actions.File(c.Request().Context(), actor(c), id, fid)
	if err != nil {
		return err
	}
	return serveAttachment(c, f.Filename, f.ContentType, data)
}
