// Package icstest checks iCalendar bytes strictly, for tests: the physical
// layout (CRLF, 75-octet lines, folds that never split a character) and the
// rules listed in package calendar's doc that real clients enforce. It is independent
// of package calendar, so it is a second opinion rather than a mirror, and
// any package's tests can run what they send or serve through it.
package icstest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxLine is the longest physical line allowed, in octets without CRLF.
const MaxLine = 75

// Line is one unfolded content line.
type Line struct {
	Name   string
	Params map[string][]string
	Value  string
	At     int // physical line number (1-based) where it starts
}

// Param returns the first value of parameter name, or "".
func (l Line) Param(name string) string {
	if v := l.Params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Component is a parsed BEGIN…END block.
type Component struct {
	Name     string
	Props    []Line
	Children []*Component
}

// All returns the properties named name, in order.
func (c *Component) All(name string) []Line {
	var out []Line
	for _, p := range c.Props {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

// Get returns the first property named name.
func (c *Component) Get(name string) (Line, bool) {
	for _, p := range c.Props {
		if p.Name == name {
			return p, true
		}
	}
	return Line{}, false
}

// Unfold checks the physical layout of body and returns its logical lines
// with the physical line number each starts on. Every layout problem is
// reported; the lines are still returned as far as they could be read.
func Unfold(body []byte) (lines []string, at []int, errs []error) {
	bad := func(n int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("line %d: "+format, append([]any{n}, args...)...))
	}
	if bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		bad(1, "byte order mark")
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		bad(0, "body does not end with CRLF")
	}
	n := 1
	for i, c := range body {
		switch {
		case c == '\r' && (i+1 == len(body) || body[i+1] != '\n'):
			bad(n, "bare CR")
		case c == '\n' && (i == 0 || body[i-1] != '\r'):
			bad(n, "bare LF")
		}
		if c == '\n' {
			n++
		}
	}
	phys := strings.Split(strings.TrimSuffix(string(body), "\r\n"), "\r\n")
	for k, l := range phys {
		n := k + 1
		switch {
		case len(l) > MaxLine:
			bad(n, "%d octets, more than %d", len(l), MaxLine)
		case !utf8.ValidString(l):
			bad(n, "not valid UTF-8 on its own (a fold split a character?)")
		case l == "":
			bad(n, "empty line")
		}
		for _, r := range l {
			if r < 0x20 && r != '\t' || r == 0x7f {
				bad(n, "control character %U", r)
			}
		}
		switch {
		case l == "":
		case l[0] == '\t':
			bad(n, "continuation starts with TAB, not a single space")
		case l[0] != ' ':
			lines, at = append(lines, l), append(at, n)
		case len(lines) == 0:
			bad(n, "continuation before any content line")
		case l == " ":
			bad(n, "continuation carries nothing")
		default:
			lines[len(lines)-1] += l[1:]
		}
	}
	return lines, at, errs
}

// ParseLine splits one logical content line into name, parameters and value.
func ParseLine(s string) (Line, error) {
	i := strings.IndexAny(s, ";:")
	if i <= 0 {
		return Line{}, fmt.Errorf("no property name in %q", s)
	}
	l := Line{Name: s[:i], Params: map[string][]string{}}
	for _, r := range l.Name {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return l, fmt.Errorf("bad property name %q", l.Name)
		}
	}
	s = s[i:]
	for strings.HasPrefix(s, ";") {
		eq := strings.IndexByte(s, '=')
		if eq < 2 {
			return l, fmt.Errorf("%s: parameter without name or value", l.Name)
		}
		name := s[1:eq]
		s = s[eq+1:]
		for {
			var v string
			if strings.HasPrefix(s, `"`) {
				end := strings.IndexByte(s[1:], '"')
				if end < 0 {
					return l, fmt.Errorf("%s;%s: unterminated quote", l.Name, name)
				}
				v, s = s[1:end+1], s[end+2:]
			} else {
				end := strings.IndexAny(s, `;:,"`)
				if end < 0 || s[end] == '"' {
					return l, fmt.Errorf("%s;%s: stray quote or no value", l.Name, name)
				}
				v, s = s[:end], s[end:]
			}
			l.Params[name] = append(l.Params[name], v)
			if !strings.HasPrefix(s, ",") {
				break
			}
			s = s[1:]
		}
	}
	if !strings.HasPrefix(s, ":") {
		return l, fmt.Errorf("%s: no colon before the value", l.Name)
	}
	l.Value = s[1:]
	return l, nil
}

// Parse checks body's layout and returns its single VCALENDAR, with every
// problem found on the way.
func Parse(body []byte) (*Component, []error) {
	lines, at, errs := Unfold(body)
	var root *Component
	var stack []*Component
	for i, s := range lines {
		l, err := ParseLine(s)
		l.At = at[i]
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %v", at[i], err))
			continue
		}
		switch {
		case l.Name == "BEGIN":
			c := &Component{Name: l.Value}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.Children = append(top.Children, c)
			} else if root == nil {
				root = c
			} else {
				errs = append(errs, fmt.Errorf("line %d: content after the calendar", l.At))
			}
			stack = append(stack, c)
		case l.Name == "END":
			if len(stack) == 0 || stack[len(stack)-1].Name != l.Value {
				errs = append(errs, fmt.Errorf("line %d: END:%s does not close the open component", l.At, l.Value))
				continue
			}
			stack = stack[:len(stack)-1]
		case len(stack) == 0:
			errs = append(errs, fmt.Errorf("line %d: property outside any component", l.At))
		default:
			top := stack[len(stack)-1]
			top.Props = append(top.Props, l)
		}
	}
	if len(stack) > 0 {
		errs = append(errs, fmt.Errorf("%s never ends", stack[len(stack)-1].Name))
	}
	if root == nil || root.Name != "VCALENDAR" {
		errs = append(errs, fmt.Errorf("no VCALENDAR"))
		return nil, errs
	}
	return root, errs
}
