// Package static embeds the stylesheets, scripts and vendored libraries.
package static

import "embed"

// FS holds every static file.
//
//go:embed css js vendor favicon.ico
var FS embed.FS
