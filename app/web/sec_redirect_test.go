package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// The sign-in page's ?next= (and the language switch's Referer) is where a
// browser is sent after signing in. A penetration test (issue 14) sent a
// signed-in user from /login?next=/%09/evil.example/stolen to
// "Location: /\t/evil.example/stolen", which Chromium reads as
// //evil.example/stolen (it drops tabs and newlines from URLs) and so
// followed off the site. Only a path beginning with exactly one "/", with
// no control character, whitespace or backslash, is kept.
func TestLocalPath_OpenRedirect(t *testing.T) {
	t.Parallel()
	kept := []string{
		"/", "/meetings", "/meetings/12?tab=minutes#agenda", "/cases?q=%E8%A1%8C%E6%94%BF", "/cases?q=行政检察",
		"/login?next=%2Fmeetings", "/a/b/../c", "/@evil.example", "/.evil.example",
	}
	for _, p := range kept {
		if got := localPath(p); got != p {
			t.Errorf("localPath(%q) = %q, want it kept", p, got)
		}
	}
	refused := []string{
		"", "meetings", "evil.example", "http://evil.example/", "https:evil.example", "javascript:alert(1)",
		"//evil.example", "///evil.example", "/\\evil.example", "\\/evil.example", "/\\/evil.example",
		"/\t/evil.example/stolen", "/\n/evil.example", "/\r/evil.example", "\t//evil.example", "/\x00/evil.example",
		"/\x0b/evil.example", "/\x0c/evil.example", "/\x1f/evil.example", "/\x7f/evil.example", "/ /evil.example",
		" //evil.example", "//evil.example ", "/meetings\n", "/meetings\\x", "/\u00a0/evil.example", "/\u2028/evil.example",
		"/\u3000/evil.example", "/\u200b/evil.example", "/\u0085/evil.example", "/\xff/evil.example", "/%zz",
		"/%2F%2Fevil.example", "/%2F/evil.example", "/%5C/evil.example", "/%09/evil.example", "/%0A/x", "/%E3%80%80/x",
	}
	for _, p := range refused {
		if got := localPath(p); got != "/" {
			t.Errorf("localPath(%q) = %q, want /", p, got)
		}
	}
}

// browserTarget is where a browser goes for a Location header of loc on
// base, as the URL Standard's parser reads it: leading and trailing C0
// controls and spaces are trimmed, tabs and newlines anywhere are dropped,
// and a backslash is a slash in http(s) URLs.
func browserTarget(base *url.URL, loc string) (*url.URL, error) {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= 0x20 })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	return base.Parse(loc)
}

// FuzzLocalPath: whatever the input, the answer is the input itself or "/",
// a kept path starts with exactly one slash and has no control character,
// whitespace or backslash, and a browser following it stays on this site.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/meetings?x=1", "/\t/evil.example/stolen", "//evil.example", "/\\evil.example", "/%09/evil",
		"/\u3000/x", "https://evil.example", "/a\nb", "/\x00", "\\\\evil.example", "/ok#frag", "/cases?q=行政"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://liaison.test/login")
	f.Fuzz(func(t *testing.T, in string) {
		got := localPath(in)
		if got != "/" && got != in {
			t.Fatalf("localPath(%q) = %q: neither the input nor /", in, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") {
			t.Fatalf("localPath(%q) = %q: not one leading slash", in, got)
		}
		for _, r := range got {
			if r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) || r == unicode.ReplacementChar {
				t.Fatalf("localPath(%q) = %q keeps %U", in, got, r)
			}
		}
		u, err := browserTarget(base, got)
		if err != nil {
			return // a browser would not follow it at all
		}
		if u.Scheme != base.Scheme || u.Host != base.Host || u.User != nil {
			t.Fatalf("localPath(%q) = %q sends a browser to %s", in, got, u)
		}
	})
}
