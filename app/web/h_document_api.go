package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
	"liaison/app/casefile"
)

func documentFilter(c echo.Context) (casefile.DocumentFilter, error) {
	pr, err := pageReq(c)
	if err != nil {
		return casefile.DocumentFilter{}, err
	}
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		return casefile.DocumentFilter{}, err
	}
	caseID, err := queryID(c, "case_id")
	if err != nil {
		return casefile.DocumentFilter{}, err
	}
	return casefile.DocumentFilter{Type: casefile.DocumentType(c.QueryParam("type")), UnitID: unitID, CaseID: caseID, Page: pr}, nil
}

func (s *Server) apiDocumentList(c echo.Context) error {
	f, err := documentFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Cases.ListDocuments(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiDocumentCreate(c echo.Context) error {
	var in casefile.DocumentInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	d, err := s.Cases.CreateDocument(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (s *Server) apiDocumentGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Cases.GetDocument(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// apiDocumentReceive records the addressee's receipt (签收); the body is
// optional: {"received_on": "YYYY-MM-DD", "version": n}.
func (s *Server) apiDocumentReceive(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in casefile.ReceiptInput
	if err := bindOptionalJSON(c, &in); err != nil {
		return err
	}
	d, err := s.Cases.ReceiveDocument(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// bindOptionalJSON is bindJSON for a body that may be left out: an empty
// body leaves v as it is.
func bindOptionalJSON(c echo.Context, v any) error {
	r := c.Request()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.E(apperr.Malformed, "malformed.too_large")
		}
		return apperr.E(apperr.Malformed, "malformed.json")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return bindJSON(c, v)
}

// uploadFile reads the multipart part "file" within the upload limit and
// stores it; the content decides the type, not the name.
func (s *Server) uploadFile(c echo.Context) (casefile.File, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return casefile.File{}, err
	}
	limit := s.Config.UploadLimit
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return casefile.File{}, casefile.FileTooLarge(limit)
		case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
			return casefile.File{}, apperr.Fields{"file": "required"}.Err()
		}
		return casefile.File{}, apperr.E(apperr.Malformed, "malformed", "Detail", "multipart/form-data")
	}
	if fh.Size > limit {
		return casefile.File{}, casefile.FileTooLarge(limit)
	}
	f, err := fh.Open()
	if err != nil {
		return casefile.File{}, apperr.Wrap(err, "upload")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return casefile.File{}, apperr.Wrap(err, "upload")
	}
	return s.Cases.Upload(c.Request().Context(), actor(c), id, fh.Filename, data, limit)
}

func (s *Server) apiDocumentUpload(c echo.Context) error {
	f, err := s.uploadFile(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, f)
}

// documentDownload serves a scan to those who may see its document, as an
// attachment with the type judged at upload.
func (s *Server) documentDownload(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fid, err := idParam(c, "fid")
	if err != nil {
		return err
	}
	f, err := s.Cases.Download(c.Request().Context(), actor(c), id, fid)
	if err != nil {
		return err
	}
	return serveAttachment(c, f.Filename, f.ContentType, f.Data)
}
