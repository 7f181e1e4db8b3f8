package scan

import (
	"archive/zip"
	"bytes"
	"testing"
)

// zipOf makes a zip holding the named (empty) parts.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		if _, err := w.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniffDocument(t *testing.T) {
	t.Parallel()
	cfb := append(append([]byte{}, cfbMagic...), make([]byte, 504)...)
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"pdf", "a.docx", []byte("%PDF-1.7\n"), "application/pdf"},
		{"docx", "a.bin", zipOf(t, "[Content_Types].xml", "word/document.xml"), DOCX},
		{"xlsx", "a", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), XLSX},
		{"pptx", "a.pptx", zipOf(t, "[Content_Types].xml", "ppt/presentation.xml"), PPTX},
		{"plain zip named docx", "a.docx", zipOf(t, "word/document.xml"), ""},
		{"zip of other things", "a.docx", zipOf(t, "[Content_Types].xml", "x.txt"), ""},
		{"doc", "旧.DOC", cfb, "application/msword"},
		{"cfb without a known extension", "a.exe", cfb, ""},
		{"text named docx", "a.docx", []byte("hello"), ""},
		{"truncated zip", "a.docx", []byte("PK\x03\x04abc"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := SniffDocument(tc.data, tc.file); got != tc.want {
				t.Fatalf("SniffDocument = %q, want %q", got, tc.want)
			}
		})
	}
}
