package search

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("前", 40) + "要求开展案卷自查工作" + strings.Repeat("后", 80)
	for _, c := range []struct {
		text, q, want, mark string
	}{
		{"会议要求开展案卷自查。", "自查", "会议要求开展案卷自查。", "自查"},
		{"Case ABC-12 filed", "abc", "Case ABC-12 filed", "ABC"},
		{"多个\n  空白\t合并", "空白", "多个 空白 合并", "空白"},
		{long, "自查", "…" + strings.Repeat("前", 24) + "要求开展案卷自查工作" + strings.Repeat("后", 58) + "…", "自查"},
		{"标题里才有", "没有", "标题里才有", ""},
	} {
		got, m := snippet(c.text, c.q)
		if got != c.want {
			t.Errorf("snippet(%q, %q) = %q, want %q", c.text, c.q, got, c.want)
		}
		if c.mark == "" {
			if m != [2]int{-1, -1} {
				t.Errorf("%q: mark %v, want none", c.q, m)
			}
		} else if got[m[0]:m[1]] != c.mark {
			t.Errorf("%q: marked %q, want %q", c.q, got[m[0]:m[1]], c.mark)
		}
	}
}

func TestValidate(t *testing.T) {
	if q, err := Validate("  自查 "); err != nil || q != "自查" {
		t.Errorf("%q %v", q, err)
	}
	for _, q := range []string{"", "   ", strings.Repeat("字", MaxQuery+1), "a\x00b"} {
		if _, err := Validate(q); err == nil {
			t.Errorf("%q accepted", q)
		}
	}
	if _, err := Validate(strings.Repeat("字", MaxQuery)); err != nil {
		t.Errorf("%d characters refused: %v", MaxQuery, err)
	}
}
