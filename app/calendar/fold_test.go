package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"liaison/app/calendar/icstest"
)

func TestAppendFolded(t *testing.T) {
	cases := []struct {
		name, line string
		lens       []int // octets of each physical line, without CRLF
	}{
		{"short", "SUMMARY:会议", []int{14}},
		{"exactly 75", strings.Repeat("a", 75), []int{75}},
		{"76 folds", strings.Repeat("a", 76), []int{75, 2}},
		// 2 + 24*3 = 74: the 25th character would end at 77, so it moves.
		{"chinese", "X:" + strings.Repeat("中", 30), []int{74, 1 + 18}},
		// 3 + 18*4 = 75 exactly; the next emoji starts a continuation.
		{"emoji", "XY:" + strings.Repeat("😀", 20), []int{75, 1 + 8}},
		{"emoji off by one", "X:" + strings.Repeat("😀", 20), []int{74, 1 + 8}},
		{"long", strings.Repeat("ab中", 60), []int{75, 73, 75, 75, 6}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := appendFolded(nil, []byte(c.line))
			phys := strings.Split(string(got), "\r\n")
			var lens []int
			for _, p := range phys {
				lens = append(lens, len(p))
				if !utf8.ValidString(p) {
					t.Errorf("physical line %q splits a character", p)
				}
			}
			if !equalInts(lens, c.lens) {
				t.Errorf("line lengths %v, want %v", lens, c.lens)
			}
			if un := strings.ReplaceAll(string(got), "\r\n ", ""); un != c.line {
				t.Errorf("unfolds to %q", un)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFoldWriterPartial covers writes that split lines, which go-ical never
// does but an io.Writer must survive.
func TestFoldWriterPartial(t *testing.T) {
	line := "DESCRIPTION:" + strings.Repeat("会议议程", 20)
	var w foldWriter
	in := []byte(line + "\r\nEND:VEVENT\r\n")
	for i := 0; i < len(in); i += 7 {
		_, _ = w.Write(in[i:min(i+7, len(in))])
	}
	want := append(appendFolded(nil, []byte(line)), "\r\nEND:VEVENT\r\n"...)
	if !bytes.Equal(w.out, want) || len(w.pending) != 0 {
		t.Errorf("got %q\nwant %q", w.out, want)
	}
}

// FuzzFoldText checks that any text, escaped and folded, keeps every line
// within 75 octets and valid UTF-8, and unfolds and unescapes to itself.
func FuzzFoldText(f *testing.F) {
	for _, s := range []string{"", "a", "会议，议程;A,B", "第一行\r\n第二行\r第三行\n",
		strings.Repeat("中", 40), "x" + strings.Repeat("😀", 30), "xx" + strings.Repeat("𠮷a", 30),
		`C:\路径\文件`, "tab\there", "\xff\xfe invalid", "👨‍👩‍👧‍👦🇨🇳"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Raw folding of any bytes (a content line has no CR or LF).
		raw := strings.NewReplacer("\r", "", "\n", "").Replace(s)
		folded := appendFolded(nil, []byte("X:"+raw))
		for _, p := range strings.Split(string(folded), "\r\n") {
			if len(p) > maxLine {
				t.Fatalf("physical line of %d octets", len(p))
			}
		}
		if un := strings.ReplaceAll(string(folded), "\r\n ", ""); un != "X:"+raw {
			t.Fatalf("raw fold does not unfold to the input")
		}

		// Escaped text: strictly valid, and it reads back as the input.
		body := append(appendFolded(nil, []byte("DESCRIPTION:"+escapeText(s))), "\r\n"...)
		lines, _, errs := icstest.Unfold(body)
		if len(errs) > 0 || len(lines) != 1 {
			t.Fatalf("fold of %q: %v", s, errs)
		}
		got, err := icstest.Unescape(strings.TrimPrefix(lines[0], "DESCRIPTION:"))
		if err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(s) && got != plain(s) {
			t.Fatalf("round trip of %q gives %q", s, got)
		}
	})
}

// plain is what a client should show for s: line breaks as LF, no control
// characters but TAB.
func plain(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func TestEscapeText(t *testing.T) {
	cases := map[string]string{
		"会议，议程;A,B":          `会议，议程\;A\,B`,
		"a\r\nb\rc\nd":       `a\nb\nc\nd`,
		`C:\dir`:             `C:\\dir`,
		"bell\x07\x7f tab\t": "bell tab\t",
		"bad\xffutf8":        "bad\uFFFDutf8",
		"":                   "",
	}
	for in, want := range cases {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
	clean := "2025年第一季度联席会议"
	if n := testing.AllocsPerRun(100, func() { _ = escapeText(clean) }); n != 0 {
		t.Errorf("clean text costs %v allocations", n)
	}
}

func TestParamText(t *testing.T) {
	cases := map[string]string{
		`张伟`:           "张伟",
		`"张伟" 主任`:      "'张伟' 主任",
		"王强;司法局\r\n科长": "王强;司法局 科长",
		" 李娜\t":        "李娜",
		"bad\xff":      "bad\uFFFD",
	}
	for in, want := range cases {
		if got := paramText(in); got != want {
			t.Errorf("paramText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDurationValue(t *testing.T) {
	cases := map[string]string{"0s": "PT0S", "1h": "PT1H", "-1h": "-PT1H", "-24h": "-P1D",
		"-25h30m": "-P1DT1H30M", "-15m": "-PT15M", "90s": "PT1M30S", "-48h0m1s": "-P2DT1S"}
	for in, want := range cases {
		d, _ := time.ParseDuration(in)
		if got := durationValue(d); got != want {
			t.Errorf("durationValue(%s) = %s, want %s", in, got, want)
		}
	}
}
