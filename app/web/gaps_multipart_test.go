package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"liaison/app/followup"
	"liaison/app/web/webtest"
)

// rawMultipart builds a multipart body by hand (mime/multipart's writer
// would not write every byte sequence a client can send): text fields in
// order, then one file part "file".
func rawMultipart(fields [][2]string, filename string, data []byte) (body []byte, contentType string) {
	const boundary = "gapsboundary7f3a"
	var b bytes.Buffer
	for _, f := range fields {
		fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", boundary, f[0], f[1])
	}
	fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n", boundary, filename)
	b.Write(data)
	fmt.Fprintf(&b, "\r\n--%s--\r\n", boundary)
	return b.Bytes(), "multipart/form-data; boundary=" + boundary
}

// TestGaps_MultipartTextChecked: the text fields of a multipart form meet
// the checks of url-encoded ones (no NUL byte, valid UTF-8, in names and
// values) on the upload routes; a refused form changes nothing, and a clean
// one still goes through.
func TestGaps_MultipartTextChecked(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	agency, proc := e.API(d.AgencyAMember), e.API(d.ProcSec)
	it := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5)})
	feedback := fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID)
	doc := proc.CreateDocument(t, cfDoc(d, "检建〔2026〕G1号"))
	files := fmt.Sprintf("/api/v1/documents/%d/files", doc.ID)

	bad := []struct {
		name   string
		fields [][2]string
	}{
		{"NUL in a value", [][2]string{{"kind", "answer"}, {"body", "整改\x00报告"}}},
		{"invalid UTF-8 in a value", [][2]string{{"kind", "answer"}, {"body", "整改\xff报告"}}},
		{"invalid UTF-8 in a name", [][2]string{{"kind", "answer"}, {"body", "整改报告"}, {"b\xffdy", "x"}}},
		{"NUL in a late field after the file", nil},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := rawMultipart(tc.fields, "scan.pdf", pdfScan)
			if tc.fields == nil {
				// The text field comes after the file part.
				b, ct2 := rawMultipart(nil, "scan.pdf", pdfScan)
				b = bytes.Replace(b, []byte("--gapsboundary7f3a--"), []byte("--gapsboundary7f3a\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nx\x00y\r\n--gapsboundary7f3a--"), 1)
				body, ct = b, ct2
			}
			wantError(t, agency.PostBody(feedback, ct, body), http.StatusBadRequest, "text_invalid")
			wantError(t, proc.PostBody(files, ct, body), http.StatusBadRequest, "text_invalid")
		})
	}
	if n := count(t, e, "SELECT COUNT(*) FROM action_feedback"); n != 0 {
		t.Errorf("%d feedback rows after refused forms", n)
	}
	if n := count(t, e, "SELECT COUNT(*) FROM document_files"); n != 0 {
		t.Errorf("%d document files after refused forms", n)
	}

	t.Run("a malformed multipart body", func(t *testing.T) {
		body, ct := rawMultipart([][2]string{{"kind", "answer"}}, "scan.pdf", pdfScan)
		body = body[:len(body)-len("--\r\n")-10] // cut before the closing boundary
		r := agency.PostBody(feedback, ct, body)
		wantError(t, r, http.StatusBadRequest, "malformed")
	})

	t.Run("clean forms still pass", func(t *testing.T) {
		body, ct := rawMultipart([][2]string{{"kind", "answer"}, {"body", "整改报告见附件"}}, "整改报告.pdf", pdfScan)
		if r := agency.PostBody(feedback, ct, body); r.Status != http.StatusCreated {
			t.Fatalf("feedback: %d %s", r.Status, r.Body)
		}
		// A file name with odd bytes is cleaned, not refused (scan.CleanName).
		body, ct = rawMultipart(nil, "扫描\xff件.pdf", pdfScan)
		r := proc.PostBody(files, ct, body)
		if r.Status != http.StatusCreated || !strings.Contains(string(r.Body), `"扫描件.pdf"`) {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
	})
}
