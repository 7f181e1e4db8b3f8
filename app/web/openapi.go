package web

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"
)

// The OpenAPI document is assembled from fragments: 00_base.yaml holds the
// header, components and the `paths:` key; every other fragment holds path
// items indented under it, one file per area, so areas evolve separately.
//
//go:embed openapi/*.yaml
var openapiFS embed.FS

func openapiDoc() []byte {
	names, _ := fs.Glob(openapiFS, "openapi/*.yaml")
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		data, _ := openapiFS.ReadFile(n)
		b.Write(bytes.TrimRight(data, "\n"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

var openapiBytes = openapiDoc()

// openapi serves the API description.
func (s *Server) openapi(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/yaml; charset=utf-8", openapiBytes)
}
