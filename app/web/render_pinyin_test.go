package web

import "testing"

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"王芳":         "wf",
		"区人社局":       "qrsj",
		"区委依法治区办":    "qwyfzqb",
		"li.jing 李静": "lijinglj",
		"（2026）潍奎检行": "2026wkjx",
		"":           "",
	} {
		if got := initials(in); got != want {
			t.Errorf("initials(%q) = %q, want %q", in, got, want)
		}
	}
}
