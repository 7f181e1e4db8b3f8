package export

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"liaison/app/workday"
)

// WriteXLSX writes the sheets as one workbook: a bold header row, frozen;
// column widths; dates as real dates; text always as text (never a formula).
func WriteXLSX(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	dtFmt := "yyyy-mm-dd hh:mm"
	dtStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtFmt})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		name := s.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for c, col := range s.Columns {
			if err := sw.SetColWidth(c+1, c+1, col.Width); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		hr := make([]any, len(s.Columns))
		for c, col := range s.Columns {
			hr[c] = excelize.Cell{StyleID: head, Value: col.Header}
		}
		if err := sw.SetRow("A1", hr); err != nil {
			return err
		}
		for r, row := range s.Rows {
			cells := make([]any, len(row))
			for c, v := range row {
				cells[c] = cell(v, dateStyle, dtStyle)
			}
			ref, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(ref, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// cell turns a value into a typed cell. Strings are written as inline
// strings: Excel and WPS show "=1+1" as text, never evaluate it.
func cell(v any, dateStyle, dtStyle int) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return excelize.Cell{Value: x}
	case workday.Date:
		if x.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: dateStyle, Value: time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC)}
	case *workday.Date:
		if x == nil {
			return nil
		}
		return cell(*x, dateStyle, dtStyle)
	case time.Time:
		if x.IsZero() {
			return nil
		}
		l := x.In(workday.Shanghai())
		return excelize.Cell{StyleID: dtStyle, Value: time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)}
	case *time.Time:
		if x == nil {
			return nil
		}
		return cell(*x, dateStyle, dtStyle)
	}
	return v
}
