package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// formulaSeeds are the classic CSV-injection payloads (OWASP) and the
// characters Excel and WPS take as the start of a formula.
var formulaSeeds = []string{"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0",
	`=HYPERLINK("http://x","y")`, "-2", "普通文本", "", "a\r\nb", "\"quoted\"", "'=already", "=", "\n=1", "a,b"}

// FuzzWriteCSV writes one text cell (and a header) and reads the file back:
// the row has its two fields, no field starts with a formula character, and
// the text is the input, behind an apostrophe exactly when it was risky
// (CR is dropped: encoding/csv with CRLF line ends cannot keep a lone CR).
func FuzzWriteCSV(f *testing.F) {
	for _, s := range formulaSeeds {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, header, cell string) {
		if !utf8.ValidString(header) || !utf8.ValidString(cell) {
			return // every value we export comes from the database as UTF-8
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, Sheet{Columns: []Column{{Header: header}, {Header: "n"}}, Rows: [][]any{{cell, int64(-5)}}}); err != nil {
			t.Fatal(err)
		}
		body, ok := bytes.CutPrefix(b.Bytes(), []byte("\uFEFF"))
		if !ok {
			t.Fatal("no byte-order mark")
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil || len(recs) != 2 || len(recs[0]) != 2 || len(recs[1]) != 2 {
			t.Fatalf("read back %q: %q, %v", b.String(), recs, err)
		}
		for i, in := range []string{header, cell} {
			got := recs[i][0] // row 0 is the header, row 1 the data
			if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
				t.Fatalf("cell %q written as %q: a spreadsheet would evaluate it", in, got)
			}
			want := strings.ReplaceAll(in, "\r", "")
			if risky(in) {
				want = "'" + want
			}
			if got != want {
				t.Fatalf("cell %q read back as %q, want %q", in, got, want)
			}
		}
		if recs[1][1] != "-5" {
			t.Fatalf("number written as %q", recs[1][1])
		}
	})
}

// xmlText is s as an xlsx cell can hold it: XML 1.0 has no place for
// control characters other than TAB, LF and CR, so excelize writes U+FFFD
// for them (FuzzWriteXLSX found "\x01"); the file stays valid.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, s)
}

// FuzzWriteXLSX writes one text cell and opens the workbook again: the cell
// is an inline string (Excel and WPS never evaluate those), carries no
// formula, and reads back as written.
func FuzzWriteXLSX(f *testing.F) {
	for _, s := range formulaSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		if !utf8.ValidString(cell) || len(cell) > 32767 {
			return
		}
		var b bytes.Buffer
		if err := WriteXLSX(&b, Sheet{Name: "表", Columns: []Column{{Header: cell, Width: 10}}, Rows: [][]any{{cell}}}); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer x.Close()
		for _, ref := range []string{"A1", "A2"} {
			if fm, _ := x.GetCellFormula("表", ref); fm != "" {
				t.Fatalf("%s of %q has formula %q", ref, cell, fm)
			}
			if cell == "" {
				continue
			}
			if ty, _ := x.GetCellType("表", ref); ty != excelize.CellTypeInlineString {
				t.Fatalf("%s of %q has type %v", ref, cell, ty)
			}
			if v, _ := x.GetCellValue("表", ref); v != xmlText(cell) {
				t.Fatalf("%s of %q reads back %q, want %q", ref, cell, v, xmlText(cell))
			}
		}
	})
}
