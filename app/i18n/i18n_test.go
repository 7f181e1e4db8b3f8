package i18n

import (
	"slices"
	"strings"
	"testing"
)

func TestLocales_SameIDsInEveryLanguage(t *testing.T) {
	tr, err := New()
	if err != nil {
		t.Fatal(err)
	}
	zh, en := tr.IDs(ZH), tr.IDs(EN)
	if len(zh) == 0 {
		t.Fatal("no messages")
	}
	for _, id := range zh {
		if !slices.Contains(en, id) {
			t.Errorf("%q missing in English", id)
		}
	}
	for _, id := range en {
		if !slices.Contains(zh, id) {
			t.Errorf("%q missing in Chinese", id)
		}
	}
}

func TestT_FallsBackAndFills(t *testing.T) {
	tr, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.T(EN, "no.such.message", nil); got != "no.such.message" {
		t.Errorf("missing id = %q", got)
	}
	if got := tr.T(EN, "auth.throttled", map[string]any{"Minutes": 15}); got == "auth.throttled" || !strings.Contains(got, "15") {
		t.Errorf("throttled = %q", got)
	}
	if tr.T(ZH, "nav.meetings", nil) != "会议" || tr.T(EN, "nav.meetings", nil) != "Meetings" {
		t.Errorf("nav.meetings: %q / %q", tr.T(ZH, "nav.meetings", nil), tr.T(EN, "nav.meetings", nil))
	}
}

func TestMatch(t *testing.T) {
	cases := []struct{ choice, accept, want string }{
		{"", "", ZH}, {"", "en-US,en;q=0.9", EN}, {"", "zh-CN,zh;q=0.9,en;q=0.8", ZH},
		{"en", "zh-CN", EN}, {"zh-CN", "en", ZH}, {"", "garbage;;;", ZH}, {"fr", "", ZH},
	}
	for _, c := range cases {
		if got := Match(c.choice, c.accept); got != c.want {
			t.Errorf("Match(%q, %q) = %q, want %q", c.choice, c.accept, got, c.want)
		}
	}
}
