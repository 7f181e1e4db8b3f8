package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"liaison/app/notify"
	"liaison/app/web/webtest"
)

type notificationJSON struct {
	ID     int64   `json:"id"`
	Title  string  `json:"title"`
	Link   string  `json:"link"`
	ReadAt *string `json:"read_at"`
}

func TestNotify_InApp(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	ctx := e.Ctx()
	err := e.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := e.Deps.Notify.Notify(ctx, []int64{d.ProcMember.ID, d.ProcMember.ID, d.ProcSec.ID}, "会议通知：联席会议", "12月10日 09:00", "/meetings/1"); err != nil {
			return err
		}
		return e.Deps.Notify.Notify(ctx, []int64{d.ProcMember.ID}, "督办提醒", "", "")
	})
	if err != nil {
		t.Fatal(err)
	}
	api := e.API(d.ProcMember)
	count := func(c *webtest.Client) float64 {
		r := c.Get("/api/v1/me/notifications/unread_count")
		if r.Status != http.StatusOK {
			t.Fatalf("unread_count %d %s", r.Status, r.Body)
		}
		return r.JSON(t)["count"].(float64)
	}
	if n := count(api); n != 2 {
		t.Errorf("unread %v, want 2 (a user listed twice gets one)", n)
	}
	var p struct {
		Items      []notificationJSON `json:"items"`
		NextCursor string             `json:"next_cursor"`
	}
	e.API(d.ProcMember).Get("/api/v1/me/notifications?limit=1").Decode(t, &p)
	if len(p.Items) != 1 || p.Items[0].Title != "督办提醒" || p.NextCursor == "" {
		t.Fatalf("first page %+v", p)
	}
	api.Get("/api/v1/me/notifications?limit=1&cursor="+p.NextCursor).Decode(t, &p)
	if len(p.Items) != 1 || p.Items[0].Link != "/meetings/1" {
		t.Fatalf("second page %+v", p)
	}
	first := p.Items[0].ID
	t.Run("someone else's notification is not found", func(t *testing.T) {
		if r := e.API(d.JusticeMember).Post("/api/v1/me/notifications/"+itoa64(first)+"/read", nil); r.Status != http.StatusNotFound {
			t.Errorf("status %d", r.Status)
		}
	})
	r := api.Post("/api/v1/me/notifications/"+itoa64(first)+"/read", nil)
	var n notificationJSON
	r.Decode(t, &n)
	if r.Status != http.StatusOK || n.ReadAt == nil {
		t.Fatalf("read %d %s", r.Status, r.Body)
	}
	if r := api.Post("/api/v1/me/notifications/"+itoa64(first)+"/read", nil); r.Status != http.StatusOK {
		t.Errorf("read again %d", r.Status)
	}
	if n := count(api); n != 1 {
		t.Errorf("unread %v after one read", n)
	}
	if n := count(e.API(d.ProcSec)); n != 1 {
		t.Errorf("proc.sec unread %v", n)
	}
	api.Get("/api/v1/me/notifications?unread=true").Decode(t, &p)
	if len(p.Items) != 1 || p.Items[0].Title != "督办提醒" {
		t.Errorf("unread list %+v", p.Items)
	}
	if r := api.Get("/api/v1/me/notifications?unread=maybe"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("unread=maybe %d", r.Status)
	}
	t.Run("page", func(t *testing.T) {
		b := e.Browser(d.ProcMember)
		r := b.Get("/notifications")
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "督办提醒") || !strings.Contains(string(r.Body), "会议通知：联席会议") {
			t.Fatalf("page %d", r.Status)
		}
		if r := b.PostForm("/notifications/read", url.Values{}); r.Status != http.StatusSeeOther {
			t.Errorf("read all %d", r.Status)
		}
		if n := count(api); n != 0 {
			t.Errorf("unread %v after read all", n)
		}
	})
	t.Run("links stay inside Liaison", func(t *testing.T) {
		for _, link := range []string{"https://evil.example", "//evil.example", "javascript:alert(1)"} {
			if err := e.Deps.Notify.Notify(ctx, []int64{d.ProcMember.ID}, "x", "", link); err == nil {
				t.Errorf("link %q accepted", link)
			}
		}
	})
}

func TestNotify_Outbox(t *testing.T) {
	t.Parallel()
	e := webtest.New(t) // no SMTP host configured
	d := e.District()
	ok, err := e.Deps.Notify.Enqueue(e.Ctx(), notify.Mail{Kind: "reminder", DedupeKey: "reminder:1", To: "proc.member@test.example",
		Subject: "督办事项明日到期", Text: "请按期反馈。"})
	if err != nil || !ok {
		t.Fatalf("enqueue %v %v", ok, err)
	}
	if r := e.API(d.ProcMember).Get("/api/v1/admin/outbox"); r.Status != http.StatusForbidden {
		t.Errorf("member sees the outbox: %d", r.Status)
	}
	var p struct {
		Items []struct {
			ID        int64  `json:"id"`
			Status    string `json:"status"`
			Subject   string `json:"subject"`
			LastError string `json:"last_error"`
		} `json:"items"`
	}
	admin := e.API(d.Admin)
	admin.Get("/api/v1/admin/outbox?status=not_sent").Decode(t, &p)
	if len(p.Items) != 1 || p.Items[0].Status != "not_sent" || p.Items[0].Subject != "督办事项明日到期" || p.Items[0].LastError == "" {
		t.Fatalf("outbox %+v", p)
	}
	admin.Get("/api/v1/admin/outbox?status=sent").Decode(t, &p)
	if len(p.Items) != 0 {
		t.Errorf("sent %+v", p.Items)
	}
	if r := admin.Get("/api/v1/admin/outbox?status=lost"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("status=lost %d", r.Status)
	}
	r := admin.Post("/api/v1/admin/outbox/1/retry", nil)
	if r.Status != http.StatusConflict || r.ErrorCode(t) != "notify.smtp_not_configured" {
		t.Errorf("retry without SMTP %d %s", r.Status, r.Body)
	}
	if r := admin.Post("/api/v1/admin/outbox/999/retry", nil); r.Status != http.StatusConflict && r.Status != http.StatusNotFound {
		t.Errorf("retry of nothing %d", r.Status)
	}
	page := e.Browser(d.Admin).Get("/admin/outbox")
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "督办事项明日到期") || !strings.Contains(string(page.Body), "LIAISON_SMTP_HOST") {
		t.Errorf("outbox page %d", page.Status)
	}
	if r := e.Browser(d.ProcMember).Get("/admin/outbox"); r.Status != http.StatusNotFound {
		t.Errorf("member outbox page %d", r.Status)
	}
	t.Run("not an email", func(t *testing.T) {
		_, err := e.Deps.Notify.Enqueue(e.Ctx(), notify.Mail{Kind: "reminder", DedupeKey: "bad", To: "proc.member", Subject: "x", Text: "y"})
		if err == nil || !strings.Contains(err.Error(), "notify.email_invalid") {
			t.Errorf("err %v", err)
		}
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
