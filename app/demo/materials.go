package demo

import (
	"bytes"
	"fmt"

	"liaison/app/account"
	"liaison/app/meeting"
)

// material attaches the presenter's briefing (a one-page PDF) to agenda
// item itemID of meeting id, as the page's 会议材料 show it (issue 20
// item 4).
func (l *loader) material(by account.Actor, id, itemID int64) error {
	up := meeting.FileUpload{AgendaItemID: &itemID, Name: "案件基本情况通报.pdf", Data: onePagePDF("Case briefing: failure to act on illegal construction")}
	if _, err := l.s.Meetings.AddFile(l.ctx, by, id, up, 10<<20); err != nil {
		return fmt.Errorf("meeting material: %w", err)
	}
	return nil
}

// onePagePDF is a valid one-page A4 PDF showing text (ASCII) in Helvetica,
// with a correct cross-reference table.
func onePagePDF(text string) []byte {
	content := fmt.Sprintf("BT /F1 14 Tf 72 770 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
