package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"liaison/app/config"
	"liaison/app/web/webtest"
)

// Meeting materials (issue 20 item 4): uploads judged by content, versions,
// who may see and add them, and the refusal on sensitive meetings.

// docxBytes is a minimal Word document: a zip with the OOXML parts.
func docxBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`,
	} {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mfFile is a material as the API answers it.
type mfFile struct {
	ID           int64    `json:"id"`
	AgendaItemID *int64   `json:"agenda_item_id"`
	Name         string   `json:"name"`
	ContentType  string   `json:"content_type"`
	Size         int64    `json:"size"`
	Version      int      `json:"version"`
	UploaderName string   `json:"uploader_name"`
	UploadedAt   string   `json:"uploaded_at"`
	Previous     []mfFile `json:"previous_versions"`
}

// mfMeeting makes an ordinary consultation of the procuratorate a week
// ahead with the agency A member invited and one agenda item presented by
// the procuratorate's member; it returns the meeting's API path and the
// item's id.
func mfMeeting(t *testing.T, e *webtest.Env, d webtest.District, sensitivity string) (string, int64) {
	t.Helper()
	sec := e.API(d.ProcSec)
	day := webtest.Workday(webtest.DaysFromToday(7))
	body := webtest.MeetingBody("consultation", d.Procuratorate.ID, "材料测试会商", webtest.At(day, 9, 0), webtest.At(day, 11, 0))
	body["sensitivity"] = sensitivity
	m := e.CreateMeeting(sec, body)
	p := webtest.MeetingPath(m, "")
	if r := sec.Post(p+"/attendees", map[string]any{"user_id": d.AgencyAMember.ID, "role": "required"}); r.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", r.Status, r.Body)
	}
	item := map[string]any{"duration_minutes": 20, "presenter_user_id": d.ProcMember.ID}
	if sensitivity == "ordinary" {
		item["title"] = "案卷自查情况"
	}
	r := sec.Post(p+"/agenda", item)
	if r.Status != http.StatusCreated {
		t.Fatalf("agenda: %d %s", r.Status, r.Body)
	}
	var it struct{ ID int64 }
	r.Decode(t, &it)
	return p, it.ID
}

func mfUpload(t *testing.T, e *webtest.Env, c *webtest.Client, p string, item int64, name string, data []byte) webtest.Response {
	t.Helper()
	fields := map[string]string{}
	if item != 0 {
		fields["agenda_item_id"] = fmt.Sprint(item)
	}
	return postMultipart(t, e, c, p+"/files", fields, map[string][]byte{name: data})
}

func mfCreated(t *testing.T, r webtest.Response) mfFile {
	t.Helper()
	if r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var f mfFile
	r.Decode(t, &f)
	return f
}

func mfList(t *testing.T, c *webtest.Client, p string) []mfFile {
	t.Helper()
	r := c.Get(p + "/files")
	if r.Status != http.StatusOK {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	var l struct {
		Items []mfFile `json:"items"`
	}
	r.Decode(t, &l)
	return l.Items
}

func TestMeetingFiles_UploadDownloadVersions(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	p, item := mfMeeting(t, e, d, "ordinary")
	sec, presenter, attendee := e.API(d.ProcSec), e.API(d.ProcMember), e.API(d.AgencyAMember)
	docx := docxBytes(t)

	pdf := mfCreated(t, mfUpload(t, e, sec, p, 0, "会议方案.pdf", pdfScan))
	word := mfCreated(t, mfUpload(t, e, presenter, p, item, "汇报材料.docx", docx))
	img := mfCreated(t, mfUpload(t, e, sec, p, item, "../现场照片.png", pngBytes))
	if pdf.Version != 1 || pdf.AgendaItemID != nil || word.AgendaItemID == nil || *word.AgendaItemID != item || img.Name != "现场照片.png" ||
		word.UploaderName != d.ProcMember.DisplayName {
		t.Fatalf("uploaded: %+v %+v %+v", pdf, word, img)
	}
	for _, tc := range []struct {
		f    mfFile
		data []byte
		ct   string
	}{
		{pdf, pdfScan, "application/pdf"},
		{word, docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{img, pngBytes, "image/png"},
	} {
		r := attendee.Get(fmt.Sprintf("%s/files/%d", p, tc.f.ID))
		cd := r.Header.Get("Content-Disposition")
		if r.Status != 200 || !bytes.Equal(r.Body, tc.data) || r.Header.Get("Content-Type") != tc.ct || tc.f.ContentType != tc.ct ||
			!strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=utf-8''") || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download %s: %d %q %v", tc.f.Name, r.Status, r.Header.Get("Content-Type"), r.Header)
		}
	}

	// the same name under the same item is version 2; version 1 stays
	v2 := append(append([]byte{}, pdfScan...), []byte("% revised\n")...)
	mfCreated(t, mfUpload(t, e, presenter, p, item, "汇报材料.docx", docx))
	second := mfCreated(t, mfUpload(t, e, sec, p, 0, "会议方案.pdf", v2))
	if second.Version != 2 {
		t.Fatalf("second upload: version %d", second.Version)
	}
	// the same name under another item (the meeting itself) is its own file
	if other := mfCreated(t, mfUpload(t, e, sec, p, item, "会议方案.pdf", pdfScan)); other.Version != 1 {
		t.Fatalf("same name on the item: version %d", other.Version)
	}
	list := mfList(t, attendee, p)
	if len(list) != 4 {
		t.Fatalf("list: %+v", list)
	}
	first := list[0] // the meeting's own come first
	if first.Name != "会议方案.pdf" || first.Version != 2 || first.ID != second.ID || len(first.Previous) != 1 || first.Previous[0].ID != pdf.ID ||
		first.UploaderName != d.ProcSec.DisplayName || first.UploadedAt == "" {
		t.Fatalf("latest: %+v", first)
	}
	if r := attendee.Get(fmt.Sprintf("%s/files/%d", p, pdf.ID)); r.Status != 200 || !bytes.Equal(r.Body, pdfScan) {
		t.Fatalf("version 1: %d", r.Status)
	}
	if r := attendee.Get(fmt.Sprintf("%s/files/%d", p, second.ID)); !bytes.Equal(r.Body, v2) {
		t.Fatalf("version 2 bytes differ")
	}

	t.Run("refused by content, nothing stored", func(t *testing.T) {
		before := count(t, e, "SELECT COUNT(*) FROM meeting_files")
		for name, data := range map[string][]byte{
			"说明.pdf":   []byte("only text, named pdf"),
			"页面.docx":  []byte("<html><body>x</body></html>"),
			"压缩包.docx": zipWith(t, "a.txt"),
			"空.pdf":    nil,
		} {
			r := mfUpload(t, e, sec, p, 0, name, data)
			wantErr(t, r, 422, "")
			if !strings.Contains(string(r.Body), `"file"`) {
				t.Fatalf("%s: no file field: %s", name, r.Body)
			}
		}
		r := mfUpload(t, e, sec, p, 0, "说明.pdf", []byte("only text"))
		if msg := string(r.Body); !strings.Contains(msg, "meeting.file_type") || !strings.Contains(msg, "PDF") {
			t.Fatalf("message: %s", msg)
		}
		wantErr(t, mfUpload(t, e, sec, p, 999999, "a.pdf", pdfScan), 422, "")
		if after := count(t, e, "SELECT COUNT(*) FROM meeting_files"); after != before {
			t.Fatalf("stored %d → %d", before, after)
		}
	})

	t.Run("who may", func(t *testing.T) {
		stranger := e.API(d.AgencyBMember)
		wantErr(t, stranger.Get(p+"/files"), 404, "not_found")
		wantErr(t, stranger.Get(fmt.Sprintf("%s/files/%d", p, pdf.ID)), 404, "not_found")
		wantErr(t, mfUpload(t, e, stranger, p, 0, "a.pdf", pdfScan), 404, "not_found")
		if r := e.Browser(d.AgencyBMember).Get(fmt.Sprintf("/meetings/%s/files/%d", p[len("/api/v1/meetings/"):], pdf.ID)); r.Status != 404 {
			t.Fatalf("stranger's browser download: %d", r.Status)
		}
		// an invited attendee reads but does not add; a presenter adds to
		// their own item only
		wantErr(t, mfUpload(t, e, attendee, p, item, "a.pdf", pdfScan), 403, "forbidden")
		wantErr(t, mfUpload(t, e, presenter, p, 0, "a.pdf", pdfScan), 403, "forbidden")
		// another meeting's file is not this meeting's
		q, _ := mfMeeting(t, e, d, "ordinary")
		wantErr(t, sec.Get(fmt.Sprintf("%s/files/%d", q, pdf.ID)), 404, "not_found")
	})

	t.Run("delete by the uploader or an organiser", func(t *testing.T) {
		f := mfCreated(t, mfUpload(t, e, presenter, p, item, "删除测试.pdf", pdfScan))
		wantErr(t, attendee.Do(http.MethodDelete, fmt.Sprintf("%s/files/%d", p, f.ID), nil), 403, "forbidden")
		if r := presenter.Do(http.MethodDelete, fmt.Sprintf("%s/files/%d", p, f.ID), nil); r.Status != http.StatusNoContent {
			t.Fatalf("uploader deletes: %d %s", r.Status, r.Body)
		}
		wantErr(t, sec.Get(fmt.Sprintf("%s/files/%d", p, f.ID)), 404, "not_found")
		if n := count(t, e, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.file.remove'"); n != 1 {
			t.Fatalf("audited removals: %d", n)
		}
	})

	t.Run("a meeting with materials cannot become sensitive", func(t *testing.T) {
		var m struct{ Version int }
		sec.Get(p).Decode(t, &m)
		r := sec.Do(http.MethodPatch, p, map[string]any{"sensitivity": "sensitive", "version": m.Version})
		wantErr(t, r, 422, "")
	})
}

// zipWith is a zip of empty parts (not an Office document).
func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		if _, err := w.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	return b.Bytes()
}

func TestMeetingFiles_LimitAndSensitive(t *testing.T) {
	t.Parallel()
	e := webtest.NewWith(t, func(c *config.Config) { c.UploadLimit = 1 << 20 })
	d := e.District()
	sec := e.API(d.ProcSec)
	p, _ := mfMeeting(t, e, d, "ordinary")
	big := append(append([]byte{}, pdfScan...), bytes.Repeat([]byte("0"), 1<<20)...)
	r := mfUpload(t, e, sec, p, 0, "大文件.pdf", big)
	wantErr(t, r, 422, "meeting.file_too_large")
	if !strings.Contains(string(r.Body), "1 MB") {
		t.Fatalf("no limit in the message: %s", r.Body)
	}
	ok := append(append([]byte{}, pdfScan...), bytes.Repeat([]byte("0"), 900<<10)...)
	mfCreated(t, mfUpload(t, e, sec, p, 0, "刚好.pdf", ok))

	for _, level := range []string{"sensitive", "classified"} {
		s, item := mfMeeting(t, e, d, level)
		before := count(t, e, "SELECT COUNT(*) FROM meeting_files")
		r := mfUpload(t, e, sec, s, 0, "材料.pdf", pdfScan)
		wantErr(t, r, 422, "meeting.files_offline")
		if !strings.Contains(string(r.Body), "线下") {
			t.Fatalf("%s: message %s", level, r.Body)
		}
		wantErr(t, mfUpload(t, e, sec, s, item, "材料.pdf", pdfScan), 422, "meeting.files_offline")
		if after := count(t, e, "SELECT COUNT(*) FROM meeting_files"); after != before {
			t.Fatalf("%s: stored", level)
		}
		if l := mfList(t, sec, s); len(l) != 0 {
			t.Fatalf("%s: list %+v", level, l)
		}
		page := e.Browser(d.ProcSec).Get("/meetings/" + s[len("/api/v1/meetings/"):])
		if page.Status != 200 || strings.Contains(string(page.Body), `enctype="multipart/form-data"`) || !strings.Contains(string(page.Body), "线下传递") {
			t.Fatalf("%s page: %d offers an upload or lacks the note", level, page.Status)
		}
	}
}

func TestMeetingFiles_PageForm(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	p, item := mfMeeting(t, e, d, "ordinary")
	page := "/meetings/" + p[len("/api/v1/meetings/"):]
	b := e.Browser(d.ProcSec)
	body := string(b.Get(page).Body)
	if !strings.Contains(body, `action="`+page+`/files" enctype="multipart/form-data"`) || !strings.Contains(body, `href="#files"`) {
		t.Fatalf("no upload form: %s", body)
	}
	r := mfUpload(t, e, b, page, item, "汇报.pdf", pdfScan)
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != page+"#files" {
		t.Fatalf("form upload: %d %s %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	r = mfUpload(t, e, b, page, item, "汇报.pdf", pdfScan)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("second version: %d", r.Status)
	}
	l := mfList(t, e.API(d.ProcSec), p)
	if len(l) != 1 || l[0].Version != 2 || l[0].AgendaItemID == nil || *l[0].AgendaItemID != item {
		t.Fatalf("list after the form: %+v", l)
	}
	// the attendee sees it with its version, uploader and date, and no form
	ab := e.Browser(d.AgencyAMember)
	body = string(ab.Get(page).Body)
	for _, want := range []string{"汇报.pdf", "第2版", d.ProcSec.DisplayName + " 上传于", "案卷自查情况", fmt.Sprintf(`%s/files/%d`, page, l[0].ID)} {
		if !strings.Contains(body, want) {
			t.Fatalf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatal("the attendee is offered the upload form")
	}
	// a refused file re-renders the page with the message, 422
	r = mfUpload(t, e, b, page, item, "假.pdf", []byte("text"))
	if r.Status != 422 || !strings.Contains(string(r.Body), "按文件内容判断") {
		t.Fatalf("refused form: %d", r.Status)
	}
	// removal through the form
	r = b.PostForm(fmt.Sprintf("%s/files/%d/remove", page, l[0].ID), nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", r.Status, r.Body)
	}
	if l := mfList(t, e.API(d.ProcSec), p); len(l) != 1 || l[0].Version != 1 {
		t.Fatalf("after removing v2: %+v", l)
	}
}

// azMeetingFile puts a material into meeting m directly (the authorization
// matrix deletes fresh ones, possibly after the meeting was cancelled) and
// returns its id.
func azMeetingFile(t *testing.T, e *webtest.Env, m, by int64, name string) int64 {
	t.Helper()
	conn := e.DB.Conn(e.Ctx())
	if err := conn.Exec(`INSERT INTO meeting_files (meeting_id, name, content_type, size, sha256, version, data, uploaded_by, uploaded_at)
		VALUES (?, ?, 'application/pdf', ?, '', 1, ?, ?, ?)`, m, name, len(azPDF), azPDF, by, e.DB.Now()).Error; err != nil {
		t.Fatal(err)
	}
	return count(t, e, "SELECT MAX(id) FROM meeting_files WHERE meeting_id = ? AND name = ?", m, name)
}

// meetingFiles is the audit coverage flow's part for materials: added and
// removed through the API and the page, each audited on the meeting.
func (f *acFlow) meetingFiles() {
	d := f.d
	sec, b := f.e.API(d.ProcSec), f.e.Browser(d.ProcSec)
	m := f.id(sec.Post("/api/v1/meetings", webtest.MeetingBody("consultation", d.Procuratorate.ID, "审计覆盖材料", acTime(15, 9), acTime(15, 10))))
	p := "/api/v1/meetings/" + n64(m)
	add := acWant{action: "meeting.file.add", objType: "meeting", objID: m, create: true}
	remove := acWant{action: "meeting.file.remove", objType: "meeting", objID: m, remove: true}
	r := f.do(sec, d.ProcSec, "POST /api/v1/meetings/:id/files", p+"/files", acUpload{name: "方案.pdf", data: azPDF}, add)
	fid := f.id(r)
	f.do(sec, d.ProcSec, "DELETE /api/v1/meetings/:id/files/:fid", fmt.Sprintf("%s/files/%d", p, fid), nil, remove)
	page := "/meetings/" + n64(m)
	f.do(b, d.ProcSec, "POST /meetings/:id/files", page+"/files", acUpload{name: "方案.pdf", data: azPDF}, add)
	fid = count(f.t, f.e, "SELECT MAX(id) FROM meeting_files WHERE meeting_id = ?", m)
	f.do(b, d.ProcSec, "POST /meetings/:id/files/:fid/remove", fmt.Sprintf("%s/files/%d/remove", page, fid), url.Values{}, remove)
}

// TestMeetingFiles_ConcurrentVersions: uploads of one name at once each
// get their own version (they take turns on the meeting's row), never two
// of the same version, a 409 or a 5xx.
func TestMeetingFiles_ConcurrentVersions(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	p, _ := mfMeeting(t, e, d, "ordinary")
	const n = 6
	status := make(chan int, n)
	for range n {
		go func() {
			c := e.API(d.ProcSec)
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			fw, _ := w.CreateFormFile("file", "同名.pdf")
			_, _ = fw.Write(pdfScan)
			_ = w.Close()
			status <- c.PostBody(p+"/files", w.FormDataContentType(), b.Bytes()).Status
		}()
	}
	created := 0
	for range n {
		switch s := <-status; s {
		case http.StatusCreated:
			created++
		default:
			t.Errorf("status %d", s)
		}
	}
	l := mfList(t, e.API(d.ProcSec), p)
	if created != n || len(l) != 1 || l[0].Version != created || len(l[0].Previous) != created-1 {
		t.Fatalf("%d created, list %+v", created, l)
	}
	t.Logf("%d of %d uploads created versions 1..%d", created, n, created)
}
