package calendar_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"liaison/app/calendar/icstest"
)

// TestGolden_IndependentReaders: every golden body (invitations, cancels,
// publishes and feeds, Chinese text, online links, neutral parts) is read
// without error by ical.js and libical, which agree with each other on
// METHOD, on every VEVENT's UID, RECURRENCE-ID, start and STATUS, and on how
// a series expands.
func TestGolden_IndependentReaders(t *testing.T) {
	readers := icstest.Readers(t)
	if len(readers) == 0 {
		t.Skip("no independent reader on this machine")
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.ics"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var first icstest.Parsed
		for i, rd := range readers {
			p := rd.Read(t, body)
			if len(p.Events) == 0 && !strings.HasSuffix(f, "feed_empty.ics") {
				t.Errorf("%s: %s finds no event", f, rd.Name)
			}
			if i == 0 {
				first = p
				continue
			}
			if p.Method != first.Method || !slices.Equal(p.Occurrences, first.Occurrences) || len(p.Events) != len(first.Events) {
				t.Errorf("%s: %s reads %+v, %s %+v", f, readers[0].Name, first, rd.Name, p)
				continue
			}
			for j := range p.Events {
				if p.Events[j] != first.Events[j] {
					t.Errorf("%s: event %d: %s reads %+v, %s %+v", f, j, readers[0].Name, first.Events[j], rd.Name, p.Events[j])
				}
			}
		}
	}
}
