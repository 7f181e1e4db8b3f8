package web_test

import (
	"fmt"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// TestDeliveryStatus_MeetingBanner: with no mail server configured, the
// invitations of a meeting are recorded as not sent, and its organisers
// (not its invitees) see so on the meeting page.
func TestDeliveryStatus_MeetingBanner(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	if e.Deps.Notify.SMTPConfigured() {
		t.Fatal("the test environment has a mail server")
	}
	sec := e.Browser(d.ProcSec)
	v := formValues(d.Procuratorate.ID, "会商", W1+"T09:00", W1+"T10:00")
	v["attendee_user_ids"] = []string{id64(d.JusticeMember.ID), id64(d.AgencyAMember.ID)}
	id := createByForm(t, sec, v)
	path := fmt.Sprintf("/meetings/%d", id)
	if strings.Contains(string(sec.Get(path).Body), "delivery-status") {
		t.Fatal("a banner before any mail was recorded")
	}
	reconcile(t, e)
	var n int64
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT COUNT(*) FROM outbox WHERE meeting_id = ? AND status = 'not_sent'`, id).Scan(&n).Error; err != nil || n == 0 {
		t.Fatalf("%d unsent invitations (%v)", n, err)
	}
	mustContain(t, sec.Get(path), "delivery-status", fmt.Sprintf("%d 份邀请未送达：未配置邮件服务器", n))
	if body := string(e.Browser(d.JusticeMember).Get(path).Body); strings.Contains(body, "delivery-status") {
		t.Error("an invitee sees the organisers' delivery banner")
	}
	mustContain(t, e.Browser(d.Admin).Get(path), "delivery-status", `href="/admin/outbox"`)
}

// TestDeliveryStatus_RecordBanners: the notices a document or an action
// item caused (the addressee's mail, recorded as not sent with no mail
// server) show on that record's page to its issuer, as notices, not
// invitations; the addressee does not see the banner.
func TestDeliveryStatus_RecordBanners(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc := e.API(d.ProcSec)
	doc := proc.CreateDocument(t, cfWith(cfAt(d, "奎检行建〔2026〕91号", webtest.DaysFromToday(-2).String(), webtest.DaysFromToday(-1).String()), "cc_unit_ids", []int64{}))
	for _, path := range []string{fmt.Sprintf("/documents/%d", doc.ID), firstActionOf(t, e, doc.ID)} {
		var n int64
		if err := e.DB.Conn(e.Ctx()).Raw(`SELECT COUNT(*) FROM outbox WHERE link = ? AND status = 'not_sent'`, path).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("%s: no notice recorded", path)
		}
		mustContain(t, e.Browser(d.ProcSec).Get(path), "delivery-status", fmt.Sprintf("%d 份通知邮件未送达：未配置邮件服务器", n))
		if body := string(e.Browser(d.AgencyAMember).Get(path).Body); strings.Contains(body, "delivery-status") {
			t.Errorf("%s: the addressee sees the issuer's delivery banner", path)
		}
	}
}

// firstActionOf is the page of the action item a received document created.
func firstActionOf(t *testing.T, e *webtest.Env, docID int64) string {
	t.Helper()
	var id int64
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT id FROM action_items WHERE source_kind = 'document' AND source_id = ? ORDER BY id LIMIT 1`, docID).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		t.Fatal("the received document created no action item")
	}
	return fmt.Sprintf("/actions/%d", id)
}
