package web

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// serveAttachment sends a stored file (a scan, a feedback file, a meeting
// material): always as an attachment under its RFC 5987 name, with the
// type judged at upload (nosniff comes with every answer, securityHeaders),
// never cached, so a crafted file cannot run as a page.
func serveAttachment(c echo.Context, name, contentType string, data []byte) error {
	h := c.Response().Header()
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if cd == "" {
		cd = "attachment"
	}
	h.Set(echo.HeaderContentDisposition, cd)
	h.Set("Cache-Control", "private, no-store")
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(http.StatusOK, contentType, data)
}
