package demo_test

import (
	"bytes"
	"testing"

	"liaison/app/account"
)

// TestLoadActivity_Material: the consultation's first agenda item carries
// the presenter's briefing, a PDF its attendees can list and download.
func TestLoadActivity_Material(t *testing.T) {
	t.Parallel()
	d, deps := activityDistrict(t)
	ctx := t.Context()
	var mid int64
	if err := d.Conn(ctx).Raw("SELECT meeting_id FROM meeting_files").Scan(&mid).Error; err != nil || mid == 0 {
		t.Fatalf("no material: %v", err)
	}
	u, err := deps.Accounts.UserByUsername(ctx, "li.jing")
	if err != nil {
		t.Fatal(err)
	}
	a := account.ActorFor(u, account.KindProcuratorate)
	fs, err := deps.Meetings.Files(ctx, a, mid)
	if err != nil || len(fs) != 1 {
		t.Fatalf("files %+v %v", fs, err)
	}
	f := fs[0]
	if f.AgendaTitle != "案件基本情况通报" || f.ContentType != "application/pdf" || f.Version != 1 || f.UploaderName == "" {
		t.Fatalf("material %+v", f)
	}
	_, data, err := deps.Meetings.File(ctx, a, mid, f.ID)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-1.4")) || !bytes.HasSuffix(data, []byte("%%EOF\n")) {
		t.Fatalf("bytes %q %v", data, err)
	}
}
