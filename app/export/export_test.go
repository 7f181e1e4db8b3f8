package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"liaison/app/workday"
)

func TestWriteCSV_NeutralisesFormulas(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	s := Sheet{Columns: []Column{{Header: "文本"}, {Header: "日期"}}, Rows: [][]any{
		{"=1+1", workday.Date{Year: 2026, Month: 5, Day: 1}}, {"+cmd", nil}, {"-2", nil}, {"@x", nil}, {"\tx", nil}, {"\rx", nil}, {"普通", nil},
	}}
	if err := WriteCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	// encoding/csv with CRLF line ends drops a lone CR inside a field.
	want := "\uFEFF文本,日期\r\n'=1+1,2026-05-01\r\n'+cmd,\r\n'-2,\r\n'@x,\r\n'\tx,\r\n\"'x\",\r\n普通,\r\n"
	if b.String() != want {
		t.Errorf("csv =\n%q\nwant\n%q", b.String(), want)
	}
}

func TestWriteXLSX_TypedCells(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	at := time.Date(2026, 5, 1, 1, 30, 0, 0, time.UTC) // 09:30 in Shanghai
	s := Sheet{Name: "表", Columns: []Column{{"文本", 20}, {"日期", 12}, {"时间", 18}, {"数", 8}}, Rows: [][]any{
		{"=HYPERLINK(\"x\")", workday.Date{Year: 2026, Month: 5, Day: 1}, at, 7},
	}}
	if err := WriteXLSX(&b, s); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("表", "A2"); v != "=HYPERLINK(\"x\")" {
		t.Errorf("text = %q", v)
	}
	if fm, _ := f.GetCellFormula("表", "A2"); fm != "" {
		t.Errorf("formula %q", fm)
	}
	raw := excelize.Options{RawCellValue: true}
	if v, _ := f.GetCellValue("表", "B2", raw); v != "46143" {
		t.Errorf("date serial = %q", v)
	}
	if v, _ := f.GetCellValue("表", "C2"); !strings.HasPrefix(v, "2026-05-01 09:30") {
		t.Errorf("time = %q", v)
	}
	if v, _ := f.GetCellValue("表", "D2"); v != "7" {
		t.Errorf("number = %q", v)
	}
}
