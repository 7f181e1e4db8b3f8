package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/web/webtest"
)

var pdfScan = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// postMultipart sends a multipart form as c (bearer token or cookies with
// the CSRF header), with files as name → bytes under the part "file".
func postMultipart(t *testing.T, e *webtest.Env, c *webtest.Client, path string, fields map[string]string, files map[string][]byte) webtest.Response {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for name, data := range files {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	return c.PostBody(path, w.FormDataContentType(), b.Bytes())
}

func TestActionAPI_FeedbackFiles(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	it := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5)})
	sens := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5), Sensitivity: account.Sensitive})
	agency := e.API(d.AgencyAMember)
	fb := fmt.Sprintf("/api/v1/actions/%d/feedback", it.ID)

	t.Run("refused files", func(t *testing.T) {
		r := postMultipart(t, e, agency, fb, map[string]string{"body": "整改报告"}, map[string][]byte{"report.pdf": []byte("just text, named pdf")})
		wantErr(t, r, 422, "invalid")
		if !strings.Contains(string(r.Body), `"file"`) {
			t.Fatalf("no file field: %s", r.Body)
		}
		r = postMultipart(t, e, agency, fmt.Sprintf("/api/v1/actions/%d/feedback", sens.ID), nil, map[string][]byte{"scan.pdf": pdfScan})
		wantErr(t, r, 422, "sensitivity.no_content")
		r = postMultipart(t, e, e.API(d.AgencyBMember), fb, map[string]string{"body": "x"}, map[string][]byte{"scan.pdf": pdfScan})
		wantErr(t, r, 404, "not_found")
	})
	r := postMultipart(t, e, agency, fb, map[string]string{"body": "整改报告见附件", "kind": "answer"}, map[string][]byte{"../整改报告.pdf": pdfScan})
	if r.Status != 201 {
		t.Fatalf("feedback with scan: %d %s", r.Status, r.Body)
	}
	var got struct {
		Files []struct {
			ID          int64  `json:"id"`
			Filename    string `json:"filename"`
			ContentType string `json:"content_type"`
		} `json:"files"`
		Action actionJSON `json:"action"`
	}
	r.Decode(t, &got)
	if len(got.Files) != 1 || got.Files[0].Filename != "整改报告.pdf" || got.Files[0].ContentType != "application/pdf" || got.Action.Status != "answered" {
		t.Fatalf("files: %+v", got)
	}
	t.Run("a scan over the ordinary body limit", func(t *testing.T) {
		x := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5)})
		big := append(append([]byte{}, pdfScan...), bytes.Repeat([]byte("0"), 2<<20)...)
		r := postMultipart(t, e, agency, fmt.Sprintf("/api/v1/actions/%d/feedback", x.ID), map[string]string{"body": "大扫描件"}, map[string][]byte{"big.pdf": big})
		if r.Status != 201 {
			t.Fatalf("2 MB scan: %d %.300s", r.Status, r.Body)
		}
	})
	path := fmt.Sprintf("/api/v1/actions/%d/files/%d", it.ID, got.Files[0].ID)
	r = e.API(d.ProcSec).Get(path)
	if r.Status != 200 || !bytes.Equal(r.Body, pdfScan) || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", r.Status, r.Header)
	}
	wantErr(t, e.API(d.AgencyBMember).Get(path), 404, "not_found")
	wantErr(t, agency.Get(fmt.Sprintf("/api/v1/actions/%d/files/%d", sens.ID, got.Files[0].ID)), 404, "not_found")
	var detail struct {
		Feedback []struct {
			Files []map[string]any `json:"files"`
		} `json:"feedback"`
	}
	agency.Get(fmt.Sprintf("/api/v1/actions/%d", it.ID)).Decode(t, &detail)
	if len(detail.Feedback) != 1 || len(detail.Feedback[0].Files) != 1 {
		t.Fatalf("detail: %+v", detail)
	}

	t.Run("browser form", func(t *testing.T) {
		x := e.Action(followup.NewAction{ResponsibleUnitID: d.AgencyA.ID, IssuingUnitID: d.Procuratorate.ID, DueOn: webtest.DaysFromToday(5)})
		b := e.Browser(d.AgencyAMember)
		page := fmt.Sprintf("/actions/%d", x.ID)
		if r := b.Get(page); !strings.Contains(string(r.Body), `enctype="multipart/form-data"`) {
			t.Fatalf("form: %s", r.Body)
		}
		r := postMultipart(t, e, b, page+"/feedback", map[string]string{"body": "见扫描件", "kind": "answer"}, map[string][]byte{"scan.txt": []byte("hello")})
		if r.Status != 422 {
			t.Fatalf("text file: %d", r.Status)
		}
		r = postMultipart(t, e, b, page+"/feedback", map[string]string{"body": "见扫描件", "kind": "answer"}, map[string][]byte{"scan.pdf": pdfScan})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("form upload: %d %s", r.Status, r.Body)
		}
		if r := b.Get(page); !strings.Contains(string(r.Body), "scan.pdf") {
			t.Fatalf("file not listed: %s", r.Body)
		}
	})
}
