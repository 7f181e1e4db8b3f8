package search

import (
	"strings"
	"unicode"
)

// Context around a match in a snippet, in characters.
const (
	before = 30
	after  = 60
)

// snippet cuts text around the first case-insensitive match of q, with
// "…" where it was cut, and returns where the match lies in it (bytes);
// [-1, -1] when text does not contain q.
func snippet(text, q string) (string, [2]int) {
	t := []rune(strings.Join(strings.Fields(text), " "))
	p := []rune(q)
	at := indexFold(t, p)
	if at < 0 {
		end := min(len(t), before+after)
		s := string(t[:end])
		if end < len(t) {
			s += "…"
		}
		return s, [2]int{-1, -1}
	}
	from, to := max(0, at-before), min(len(t), at+len(p)+after)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	b.WriteString(string(t[from:at]))
	start := b.Len()
	b.WriteString(string(t[at : at+len(p)]))
	end := b.Len()
	b.WriteString(string(t[at+len(p) : to]))
	if to < len(t) {
		b.WriteString("…")
	}
	return b.String(), [2]int{start, end}
}

// indexFold is the rune index of the first match of p in t, ignoring case.
func indexFold(t, p []rune) int {
	if len(p) == 0 {
		return -1
	}
outer:
	for i := 0; i+len(p) <= len(t); i++ {
		for j, r := range p {
			if unicode.ToLower(t[i+j]) != unicode.ToLower(r) {
				continue outer
			}
		}
		return i
	}
	return -1
}
