// Package templates embeds the HTML templates: layout.html, pages/*.html
// (one per view, named <noun>_<view>.html) and partials/*.html.
package templates

import "embed"

// FS holds every template.
//
//go:embed layout.html pages/*.html partials/*.html
var FS embed.FS
