package web

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
)

// multipartMemory is what Echo's c.FormFile and c.MultipartForm keep in
// memory (the rest spills to temporary files); parsing here with the same
// figure changes nothing for the handlers, which find the form parsed.
const multipartMemory = 32 << 20

// checkMultipart parses a multipart/form-data body up front and refuses a
// text field (name or value) or a file part's field name carrying NUL bytes
// or invalid UTF-8, as checkInput does for url-encoded forms. File names are
// left to scan.CleanName, which strips such bytes from what it stores.
//
// An oversized body is left to the handler: the body readers keep their
// error, so its own parse meets the same one and answers in its own terms
// (document.file_too_large, malformed.too_large). Any other parse error is
// refused here, as the handlers would: letting a handler parse again from
// the middle of the body could skip to a later part and read fields this
// check never saw.
func checkMultipart(r *http.Request) error {
	err := r.ParseMultipartForm(multipartMemory)
	var (
		mbe *http.MaxBytesError
		he  *echo.HTTPError
	)
	switch {
	case errors.As(err, &mbe), errors.As(err, &he):
		return nil
	case err != nil:
		return apperr.E(apperr.Malformed, "malformed", "Detail", "multipart/form-data")
	}
	if badValues(r.MultipartForm.Value) {
		return apperr.E(apperr.Malformed, "text_invalid")
	}
	for k := range r.MultipartForm.File {
		if badText(k) {
			return apperr.E(apperr.Malformed, "text_invalid")
		}
	}
	return nil
}
