// Package scan checks uploaded scans (documents' copies, feedback
// attachments): their type is judged by content, never by name, and the
// client's file name is cut down to something safe to store and show.
package scan

import (
	"bytes"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"
)

// Sniff returns the content type of data when it is a PDF, PNG or JPEG
// image, or "" for anything else, whatever its name says.
func Sniff(data []byte) string {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return "application/pdf"
	}
	switch ct := http.DetectContentType(data); ct {
	case "image/png", "image/jpeg", "application/pdf":
		return ct
	}
	return ""
}

// CleanName keeps the last element of a client's file name, valid UTF-8,
// printable, without quotes and at most 120 characters; "scan" when
// nothing is left.
func CleanName(name string) string {
	name = path.Base(strings.ReplaceAll(strings.ToValidUTF8(name, ""), "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	if name == "." || name == ".." || name == "/" || name == "" || !utf8.ValidString(name) {
		name = "scan"
	}
	return name
}
