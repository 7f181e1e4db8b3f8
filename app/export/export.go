// Package export writes tables as .xlsx (excelize) and as CSV in UTF-8 with
// a BOM, so that Excel and WPS open Chinese text right. Cells that a
// spreadsheet would take for a formula (= + - @, tab, CR) never execute.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"liaison/app/workday"
)

// Column is one column: its header and width in characters.
type Column struct {
	Header string
	Width  float64
}

// Sheet is a table to export. Cell values are string, int, int64,
// float64, workday.Date, *workday.Date, time.Time, *time.Time or nil.
type Sheet struct {
	Name    string
	Columns []Column
	Rows    [][]any
}

// risky reports text a spreadsheet would evaluate or treat as a formula.
func risky(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// text renders a value for CSV.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if risky(x) {
			return "'" + x
		}
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case workday.Date:
		if x.IsZero() {
			return ""
		}
		return x.String()
	case *workday.Date:
		if x == nil {
			return ""
		}
		return text(*x)
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(workday.Shanghai()).Format("2006-01-02 15:04")
	case *time.Time:
		if x == nil {
			return ""
		}
		return text(*x)
	}
	return text(fmt.Sprint(v))
}

// WriteCSV writes the sheet as CSV with a UTF-8 byte-order mark.
func WriteCSV(w io.Writer, s Sheet) error {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	head := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		head[i] = text(c.Header)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range s.Rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = text(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
