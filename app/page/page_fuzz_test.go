package page

import (
	"testing"

	"liaison/app/apperr"
)

// FuzzParse feeds any limit and cursor: the answer is a request within the
// limits or an Invalid error, and a parsed cursor encodes back to itself.
func FuzzParse(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"50", Cursor{Key: "2026-05-01T09:30:00Z", ID: 7}.Encode()}, {"0", "x"}, {"201", ""},
		{"-1", "AA"}, {"1", Cursor{ID: 1}.Encode()}, {"200", "MjAyNgA5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"}, {"+5", "____"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, limit, cursor string) {
		r, err := Parse(limit, cursor)
		if err != nil {
			if apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("Parse(%q, %q) = %v", limit, cursor, err)
			}
			return
		}
		if r.Limit < 1 || r.Limit > MaxLimit {
			t.Fatalf("Parse(%q, %q) limit %d", limit, cursor, r.Limit)
		}
		if cursor == "" {
			if !r.Cursor.IsZero() {
				t.Fatalf("no cursor parsed as %+v", r.Cursor)
			}
			return
		}
		if r.Cursor.ID <= 0 {
			t.Fatalf("Parse(%q) id %d", cursor, r.Cursor.ID)
		}
		back, err := Parse("", r.Cursor.Encode())
		if err != nil || back.Cursor != r.Cursor {
			t.Fatalf("cursor %+v re-parses as %+v, %v", r.Cursor, back.Cursor, err)
		}
	})
}

// FuzzCursorRoundTrip checks that every cursor Build can make parses back
// to itself, whatever its key holds.
func FuzzCursorRoundTrip(f *testing.F) {
	f.Add("", int64(1))
	f.Add("2026-05-01T09:30:00.123456789Z", int64(42))
	f.Add("a\x00b", int64(9))
	f.Add("张三", int64(1<<62))
	f.Fuzz(func(t *testing.T, key string, id int64) {
		if id <= 0 {
			return
		}
		c := Cursor{Key: key, ID: id}
		r, err := Parse("", c.Encode())
		if err != nil || r.Cursor != c {
			t.Fatalf("cursor %+v parses as %+v, %v", c, r.Cursor, err)
		}
	})
}
