package calendar

import (
	"strings"
	"unicode/utf8"

	"liaison/app/apperr"
)

// invalid is the error for input this package cannot turn into a valid
// calendar; Code names the rule and Args the offending entry.
func invalid(code string, args ...any) error { return apperr.E(apperr.Invalid, code, args...) }

// textClean reports whether s can be written as TEXT unchanged, so the common
// case (no punctuation to escape) costs no allocation.
func textClean(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',' || c == 0x7f:
			return false
		case c < 0x20 && c != '\t':
			return false
		}
	}
	return utf8.ValidString(s)
}

// escapeText returns s as an RFC 5545 TEXT value. CRLF and a lone CR become a
// newline first: go-ical's SetText escapes LF but passes CR through, and a CR
// in the output breaks the content line. Other control characters (except
// TAB) are dropped and invalid UTF-8 is replaced, because clients reject the
// whole file for either.
func escapeText(s string) string {
	if textClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\r':
			b.WriteString(`\n`)
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			// dropped
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b.WriteRune(utf8.RuneError)
			} else {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		i++
	}
	return b.String()
}

// paramText makes s safe as a parameter value such as CN. A parameter cannot
// be escaped: a `"` makes go-ical's Encode fail (and other writers emit a
// broken line), and a CR or LF would end the line, so quotes become
// apostrophes and control characters spaces.
func paramText(s string) string {
	clean := utf8.ValidString(s)
	for i := 0; clean && i < len(s); i++ {
		if c := s[i]; c == '"' || c < 0x20 || c == 0x7f {
			clean = false
		}
	}
	if !clean {
		s = strings.ReplaceAll(s, "\r\n", " ")
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '"':
				return '\''
			case r < 0x20 || r == 0x7f:
				return ' '
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
	}
	return strings.TrimSpace(s)
}

// asciiToken reports whether s is 1..max printable ASCII bytes without
// space and without any of the bytes in except.
func asciiToken(s string, max int, except string) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(except, c) >= 0 {
			return false
		}
	}
	return true
}

// validUID accepts what can be written raw: UID is TEXT, so `\ ; ,` would
// need escaping, and clients compare UIDs byte by byte after unescaping
// differently. Callers generate UIDs, so refusing is simpler than escaping.
func validUID(s string) bool { return asciiToken(s, 255, `\;,"`) }

// validEmail is a deliberately plain check: the address ends up in a mailto:
// URI and, for SENT-BY, inside a quoted parameter, where `"` is impossible.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return asciiToken(s, 254, `"(),:;<>[\]`) && at > 0 && at == strings.LastIndexByte(s, '@') && at < len(s)-1
}

// validURL accepts absolute http(s) links into the app; they are written raw.
func validURL(s string) bool {
	return asciiToken(s, 2000, `"<>\^{|}`+"`") &&
		(strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"))
}
