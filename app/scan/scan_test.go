package scan

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSniff(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg"},
		{"text", []byte("hello"), ""},
		{"html", []byte("<html>"), ""},
		{"gif", []byte("GIF89a......"), ""},
		{"zip", []byte("PK\x03\x04"), ""},
		{"empty", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff(tc.data); got != tc.want {
				t.Fatalf("Sniff = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"../../etc/passwd": "passwd",
		`C:\scans\建议书.pdf`: "建议书.pdf",
		"a\"b\r\n.pdf":     "ab.pdf",
		"bad\xff\xfe.pdf":  "bad.pdf",
		"":                 "scan",
		"..":               "scan",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
	long := CleanName(strings.Repeat("长", 300) + ".pdf")
	if n := utf8.RuneCountInString(long); n != 120 || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("long name: %d characters, %q…", n, long[:12])
	}
}
