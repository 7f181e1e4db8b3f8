package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"liaison/app/apperr"
)

// unfold undoes RFC 5545 folding: a CRLF followed by one space is removed.
func unfold(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n "), nil) }

// FuzzAppendFolded checks folding of one content line: unfolding gives the
// line back, no physical line passes 75 octets, and a valid UTF-8 line is
// cut only between characters (each physical line is valid UTF-8 alone).
func FuzzAppendFolded(f *testing.F) {
	for _, s := range []string{"", "SUMMARY:短", "DESCRIPTION:" + strings.Repeat("a", 200),
		"SUMMARY:" + strings.Repeat("检察监督", 40), "X:" + strings.Repeat("é", 80), "X:" + strings.Repeat("😀", 30),
		strings.Repeat("a", 74) + "检", strings.Repeat("a", 73) + "检", "\xff\xfe" + strings.Repeat("\x80", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			return // a content line never holds a line break: escapeText removes them
		}
		out := appendFolded(nil, []byte(line))
		if got := string(unfold(out)); got != line {
			t.Fatalf("unfold(fold(%q)) = %q", line, got)
		}
		for i, pl := range bytes.Split(out, []byte("\r\n")) {
			if len(pl) > maxLine {
				t.Fatalf("physical line %d is %d octets: %q", i, len(pl), pl)
			}
			if i > 0 && (len(pl) < 2 || pl[0] != ' ') {
				t.Fatalf("continuation %d does not start with one space and content: %q", i, pl)
			}
			if utf8.ValidString(line) && !utf8.Valid(pl) {
				t.Fatalf("physical line %d splits a character: %q", i, pl)
			}
		}
	})
}

// unescapeText reverses RFC 5545 TEXT escaping.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// normaliseText is what escapeText promises to keep of s: line breaks as LF,
// other control characters but TAB dropped, invalid UTF-8 replaced.
func normaliseText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// FuzzEscapeText checks TEXT escaping: the value is one valid UTF-8 line
// with every special character escaped, and unescaping it gives the input
// back (up to the documented normalisation).
func FuzzEscapeText(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b;c\\d", "line1\r\nline2\rline3\nline4", "\x00\x01\x7f\t",
		"检察建议；整改", "\xff\xc3", "trailing\\", `\n literal`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := escapeText(s)
		if !utf8.ValidString(out) {
			t.Fatalf("escapeText(%q) = %q: invalid UTF-8", s, out)
		}
		for i := 0; i < len(out); i++ {
			c := out[i]
			if c < 0x20 && c != '\t' || c == 0x7f {
				t.Fatalf("escapeText(%q) = %q: control byte %#x", s, out, c)
			}
			if c == '\\' {
				if i+1 == len(out) || !strings.ContainsRune(`\;,n`, rune(out[i+1])) {
					t.Fatalf("escapeText(%q) = %q: bad escape at %d", s, out, i)
				}
				i++
			} else if c == ';' || c == ',' {
				t.Fatalf("escapeText(%q) = %q: unescaped %q", s, out, c)
			}
		}
		if got, want := unescapeText(out), normaliseText(s); got != want {
			t.Fatalf("unescape(escapeText(%q)) = %q, want %q", s, got, want)
		}
		folded := appendFolded(nil, []byte("DESCRIPTION:"+out))
		if string(unfold(folded)) != "DESCRIPTION:"+out {
			t.Fatalf("fold round trip lost text of %q", s)
		}
	})
}

// FuzzParamText checks parameter values: never a quote or control
// character, always valid UTF-8.
func FuzzParamText(f *testing.F) {
	for _, s := range []string{"张三", `say "hi"`, "a\r\nb", "\xff", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := paramText(s)
		if !utf8.ValidString(out) || strings.ContainsAny(out, "\"\r\n\x00\x7f") {
			t.Fatalf("paramText(%q) = %q", s, out)
		}
		for _, r := range out {
			if r < 0x20 && r != '\t' {
				t.Fatalf("paramText(%q) = %q: control %U", s, out, r)
			}
		}
	})
}

// FuzzValidateRRule feeds any text as a recurrence rule: the answer is
// either nil, with a bounded series starting at start, or an Invalid error
// on the rrule field, and never a panic or a hang.
func FuzzValidateRRule(f *testing.F) {
	start := time.Date(2026, 3, 2, 9, 30, 0, 0, shanghai).Unix()
	for _, s := range []string{"FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=MONTHLY;INTERVAL=3;UNTIL=20261231", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=20",
		"FREQ=MONTHLY;BYDAY=1MO;COUNT=12", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
		"FREQ=DAILY;UNTIL=20260310T000000Z", "FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY", "FREQ=WEEKLY;COUNT=0", "FREQ=DAILY;COUNT=201",
		"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR;COUNT=6", "FREQ=WEEKLY;WKST=SU;BYDAY=SU;COUNT=3", "FREQ=DAILY;COUNT=1;COUNT=2",
		"FREQ=WEEKLY;UNTIL=20990101", "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO;COUNT=2", "FREQ=DAILY;INTERVAL=99999999;COUNT=2"} {
		f.Add(s, start)
	}
	f.Fuzz(func(t *testing.T, rule string, unix int64) {
		st := time.Unix(unix%(200*366*86400), 0) // within 1770..2170
		err := ValidateRRule(rule, st)
		if err != nil {
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || e.Fields["rrule"] != e.Code || !strings.HasPrefix(e.Code, "meeting.rrule_") {
				t.Fatalf("ValidateRRule(%q) = %#v", rule, err)
			}
			return
		}
		occ, err := Occurrences(rule, st, st.Add(-time.Hour), st.Add(maxSpan+48*time.Hour))
		if err != nil || len(occ) == 0 || len(occ) > maxOccurrences || !occ[0].Equal(local(st)) {
			t.Fatalf("Occurrences(%q, %s) = %d starts (first %v), %v", rule, st, len(occ), occ, err)
		}
	})
}
