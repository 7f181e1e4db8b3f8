package scan

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
)

// OOXML and legacy Office content types.
const (
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

// cfbMagic opens every OLE compound file (.doc, .xls, .ppt and WPS's
// .wps, .et, .dps).
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// legacy types by extension, for a compound file (its streams name the
// application, but the extension is enough once the content is one).
var legacy = map[string]string{
	".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint",
	".wps": "application/vnd.ms-works", ".et": "application/vnd.ms-excel", ".dps": "application/vnd.ms-powerpoint",
}

// SniffDocument is Sniff widened to the documents a meeting's materials
// may be: PDF, PNG, JPEG, Word, Excel and PowerPoint (OOXML, judged by the
// parts inside the zip), and legacy compound-file Office and WPS files
// (judged by the file's signature; only then does name's extension pick
// the type). Anything else is "".
func SniffDocument(data []byte, name string) string {
	if ct := Sniff(data); ct != "" {
		return ct
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return ooxml(data)
	case bytes.HasPrefix(data, cfbMagic):
		return legacy[strings.ToLower(path.Ext(name))]
	}
	return ""
}

// ooxml names the OOXML document a zip holds: it must have
// [Content_Types].xml and the main part of Word, Excel or PowerPoint.
func ooxml(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	types, ct := false, ""
	for _, f := range zr.File {
		switch f.Name {
		case "[Content_Types].xml":
			types = true
		case "word/document.xml":
			ct = DOCX
		case "xl/workbook.xml":
			ct = XLSX
		case "ppt/presentation.xml":
			ct = PPTX
		}
	}
	if !types {
		return ""
	}
	return ct
}
