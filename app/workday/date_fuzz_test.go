package workday

import (
	"encoding/json"
	"testing"

	"liaison/app/apperr"
)

// FuzzParseDate checks the date parser behind every deadline, query and
// JSON date: it accepts exactly the canonical YYYY-MM-DD of a real day (so
// what it accepts prints back unchanged) and refuses the rest as Invalid.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-05-01", "2024-02-29", "2026-02-29", "2026-13-01", "2026-5-1", "0000-01-01", "9999-12-31",
		" 2026-05-01", "2026-05-01T00:00", "２０２６-05-01", "", "null"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("ParseDate(%q) = %v", s, err)
			}
			return
		}
		if d.String() != s || !d.IsValid() {
			t.Fatalf("ParseDate(%q) = %v (%s)", s, d, d.String())
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal %v: %v", d, err)
		}
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("JSON %s reads back %v, %v", b, back, err)
		}
	})
}

// FuzzDateUnmarshalJSON checks that any JSON value either decodes to a
// valid date (or null to the zero date) or fails without panicking.
func FuzzDateUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"2026-05-01"`, `null`, `"2026-02-30"`, `2026`, `"`, `""`, `"2026-05-01\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if err := d.UnmarshalJSON(b); err != nil {
			return
		}
		if !d.IsZero() && !d.IsValid() {
			t.Fatalf("UnmarshalJSON(%q) = invalid %v", b, d)
		}
	})
}
