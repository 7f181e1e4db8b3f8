package calendar

import (
	"bytes"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"liaison/app/apperr"
)

// maxLine is RFC 5545's limit in octets, without the CRLF.
const maxLine = 75

// appendFolded appends one content line (without its CRLF) to dst, folded so
// that no physical line exceeds maxLine octets. A fold never lands inside a
// UTF-8 sequence: Outlook and several phone clients decode each physical line
// on its own and show a split Chinese character as garbage. Continuation
// lines start with a single space, which counts towards the limit.
func appendFolded(dst, line []byte) []byte {
	limit := maxLine
	for len(line) > limit {
		cut := limit
		// Back up to the first byte of the character that straddles the
		// limit; give up after UTFMax bytes (only invalid UTF-8 gets there).
		for k := cut; k > cut-utf8.UTFMax && k > 0; k-- {
			if utf8.RuneStart(line[k]) {
				cut = k
				break
			}
		}
		dst = append(dst, line[:cut]...)
		dst = append(dst, "\r\n "...)
		line = line[cut:]
		limit = maxLine - 1
	}
	return append(dst, line...)
}

// foldWriter folds go-ical's output as it is written, so a feed is built in a
// single buffer without a second unfolded copy. go-ical writes one whole
// content line per Write, but a partial line is kept until its end arrives.
type foldWriter struct {
	out     []byte
	pending []byte
	lines   int
	moved   bool // VERSION was written after BEGIN:VCALENDAR
}

func (w *foldWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(w.pending) > 0 {
		w.pending = append(w.pending, p...)
		p = w.pending
	}
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			break
		}
		w.line(bytes.TrimSuffix(p[:i], []byte{'\r'}))
		p = p[i+1:]
	}
	w.pending = append(w.pending[:0], p...)
	return n, nil
}

// versionLine is VCALENDAR's VERSION. go-ical writes properties sorted by
// name, so it would come after CALSCALE and METHOD; several parsers (older
// Outlook, some phone calendars) only accept a file whose first property is
// VERSION, so it is moved up to follow BEGIN:VCALENDAR directly.
var versionLine = []byte("VERSION:2.0")

// line writes one unfolded content line, moving VERSION up.
func (w *foldWriter) line(l []byte) {
	w.lines++
	switch {
	case w.lines == 1 && string(l) == "BEGIN:VCALENDAR":
		w.out = append(w.out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"...)
		w.moved = true
		return
	case w.moved && bytes.Equal(l, versionLine):
		w.moved = false // only VCALENDAR has a VERSION, already written
		return
	}
	w.out = appendFolded(w.out, l)
	w.out = append(w.out, '\r', '\n')
}

// encode writes cal with go-ical and folds the result; sizeHint avoids
// regrowing the buffer for large feeds.
func encode(cal *ical.Calendar, sizeHint int) ([]byte, error) {
	w := foldWriter{out: make([]byte, 0, sizeHint)}
	if err := ical.NewEncoder(&w).Encode(cal); err != nil {
		return nil, apperr.Wrap(err, "calendar.encode")
	}
	if len(w.pending) > 0 { // never with go-ical; keeps the output well formed
		w.out = append(appendFolded(w.out, w.pending), '\r', '\n')
	}
	return w.out, nil
}
