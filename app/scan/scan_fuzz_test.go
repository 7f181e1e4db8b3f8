package scan

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSniff checks that only the three accepted types come out, each only
// for content that starts with that type's signature.
func FuzzSniff(f *testing.F) {
	for _, s := range [][]byte{[]byte("%PDF-1.7\n"), []byte("\x89PNG\r\n\x1a\n\x00\x00"), []byte("\xff\xd8\xff\xe0JFIF"),
		[]byte("<html><script>"), []byte("GIF89a"), []byte("  %PDF-1.4"), []byte("\xef\xbb\xbf%PDF-"), []byte("PK\x03\x04"), nil} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		switch ct := Sniff(data); ct {
		case "":
		case "application/pdf":
			// http.DetectContentType also accepts a PDF after leading
			// whitespace; readers do too.
			if !bytes.HasPrefix(bytes.TrimLeft(data, "\t\n\x0c\r "), []byte("%PDF-")) {
				t.Fatalf("Sniff(%q) = pdf", data)
			}
		case "image/png":
			if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
				t.Fatalf("Sniff(%q) = png", data)
			}
		case "image/jpeg":
			if !bytes.HasPrefix(data, []byte("\xff\xd8\xff")) {
				t.Fatalf("Sniff(%q) = jpeg", data)
			}
		default:
			t.Fatalf("Sniff(%q) = %q", data, ct)
		}
	})
}

// FuzzCleanName checks that a stored file name is one harmless path
// element: valid UTF-8, printable, no separators or quotes, at most 120
// characters, never empty, "." or "..", and cleaning it again changes
// nothing.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"扫描件.pdf", `C:\Users\张三\scan.pdf`, "../../etc/passwd", "a\x00b.png", `"x".jpg`, "..", "/", "",
		"\xff\xfe.pdf", strings.Repeat("长", 200) + ".pdf", "dir/\x01", ".\x01."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := CleanName(name)
		if !utf8.ValidString(got) || got == "" || got == "." || got == ".." || utf8.RuneCountInString(got) > 120 {
			t.Fatalf("CleanName(%q) = %q", name, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || r == '"' || r == '/' || r == '\\' {
				t.Fatalf("CleanName(%q) = %q holds %U", name, got, r)
			}
		}
		if again := CleanName(got); again != got {
			t.Fatalf("CleanName not stable: %q -> %q -> %q", name, got, again)
		}
	})
}
