package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestSecAudit_ReclassifiedMeetingLeavesNoText is finding 9 of issue 14: an
// ordinary meeting with a marked title and description is made classified.
// Afterwards no channel of the audit log (the API, its CSV and xlsx
// exports, the admin page) and no row at rest shows the text, and the
// chain still verifies.
func TestSecAudit_ReclassifiedMeetingLeavesNoText(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	office := e.API(d.OfficeSec)
	const title, desc = "AUDITRECLASS标题甲", "AUDITRECLASS说明乙"
	m := smMeeting(t, e, office, d.Office.ID, "ordinary", nil, map[string]any{"title": title, "description": desc})
	v := smVersion(t, office, m)
	wantStatus(t, office.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"version": v, "description": "", "title": "AUDITRECLASS再改"}), http.StatusOK)
	admin := e.API(d.Admin)
	before := admin.Get("/api/v1/audit?object_type=meeting&object_id=" + itoa(int64(m["id"].(float64))))
	wantStatus(t, before, http.StatusOK)
	if !strings.Contains(string(before.Body), title) {
		t.Fatal("the ordinary meeting's entries should show its title before it is classified")
	}

	v = smVersion(t, office, m)
	r := office.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"version": v, "sensitivity": "classified",
		"paper_file_holder": "机要室", "location": "", "title": "会议"})
	wantStatus(t, r, http.StatusOK)

	id := itoa(int64(m["id"].(float64)))
	channels := map[string][]byte{
		"api":       admin.Get("/api/v1/audit?object_type=meeting&object_id=" + id).Body,
		"api (all)": admin.Get("/api/v1/audit?limit=200").Body,
		"csv":       admin.Get("/api/v1/audit/export.csv").Body,
		"page":      e.Browser(d.Admin).Get("/admin/audit?object_type=meeting&object_id=" + id).Body,
		"history":   office.Get(webtest.MeetingPath(m, "/history")).Body,
	}
	x := e.Browser(d.Admin).Get("/admin/audit/export.xlsx")
	wantStatus(t, x, http.StatusOK)
	channels["xlsx"] = unzipAll(t, x.Body)
	for name, body := range channels {
		for _, mark := range []string{"AUDITRECLASS", "三楼会议室"} {
			if bytes.Contains(body, []byte(mark)) {
				t.Errorf("%s shows %q after the meeting was classified", name, mark)
			}
		}
	}
	if !bytes.Contains(channels["api"], []byte(`"meeting.create"`)) || !bytes.Contains(channels["api"], []byte(`"withheld":true`)) {
		t.Errorf("the register of the entries should stay, marked withheld: %.600s", channels["api"])
	}
	if !bytes.Contains(channels["page"], []byte("内容已隐去")) {
		t.Error("the admin page does not say the content was withheld")
	}
	for _, q := range []string{
		`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%AUDITRECLASS%' OR state_before LIKE '%AUDITRECLASS%' OR state_after LIKE '%AUDITRECLASS%'`,
		`SELECT COUNT(*) FROM audit_content WHERE detail LIKE '%AUDITRECLASS%' OR state_before LIKE '%AUDITRECLASS%' OR state_after LIKE '%AUDITRECLASS%'`,
	} {
		if n := count(t, e, q); n != 0 {
			t.Errorf("%d rows at rest keep the text: %s", n, q)
		}
	}
	rep, err := e.Deps.Accounts.VerifyAudit(e.Ctx())
	if err != nil || !rep.OK() {
		t.Fatalf("audit verify after erasure: %+v %v", rep, err)
	}
}

// unzipAll is every file of a zip archive (an xlsx) one after another.
func unzipAll(t *testing.T, b []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(&out, rc)
		rc.Close()
	}
	return out.Bytes()
}
