package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/web/webtest"
)

// TestChannels_RobotTextMessages: an admin switches a unit's robot to
// msgtype text (API and the unit page); a bad type, or a type for the
// webhook, is a localised 422 that changes nothing; the test message and an
// event notice then reach a loopback robot as {"msgtype":"text"} within the
// robot's 2048 bytes, with the link written out.
func TestChannels_RobotTextMessages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	robot := newRobotSink(t)
	admin, b := e.API(d.Admin), e.Browser(d.Admin)
	unit := d.AgencyA.ID
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels", unit)

	wantErr(t, admin.Do(http.MethodPut, base+"/robot", map[string]any{"url": robot.URL + "/send?key=k", "enabled": true, "msgtype": "news"}), 422, "invalid")
	wantErr(t, admin.Do(http.MethodPut, base+"/webhook", map[string]any{"url": robot.URL + "/hook", "secret": "0123456789abcdef0", "enabled": true, "msgtype": "text"}), 422, "invalid")
	if n := count(t, e, `SELECT COUNT(*) FROM unit_channels`); n != 0 {
		t.Fatalf("a refused save stored %d channels", n)
	}
	r := admin.Do(http.MethodPut, base+"/robot", map[string]any{"url": robot.URL + "/send?key=k", "enabled": true})
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), `"msgtype":"markdown"`) {
		t.Errorf("a new robot is not markdown: %s", r.Body)
	}
	// The page's form sets text; the page then shows it chosen.
	r = b.PostForm(fmt.Sprintf("/admin/units/%d/channels/robot", unit), url.Values{"version": {"1"}, "enabled": {"on"}, "msgtype": {"text"}})
	wantStatus(t, r, http.StatusSeeOther)
	page := b.Get(fmt.Sprintf("/admin/units/%d", unit))
	if !strings.Contains(string(page.Body), `<option value="text" selected>`) || !strings.Contains(string(page.Body), "纯文本") {
		t.Errorf("the unit page does not show the text type chosen")
	}
	r = b.PostForm(fmt.Sprintf("/admin/units/%d/channels/robot", unit), url.Values{"version": {"2"}, "enabled": {"on"}, "msgtype": {"card"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "消息格式只能是 markdown 或 text") {
		t.Errorf("page form, bad type: %d", r.Status)
	}
	var list struct {
		Items []struct {
			Kind    string `json:"kind"`
			MsgType string `json:"msgtype"`
			Version int    `json:"version"`
		} `json:"items"`
	}
	admin.Get(base).Decode(t, &list)
	if list.Items[0].MsgType != "text" || list.Items[0].Version != 2 || list.Items[1].MsgType != "" {
		t.Fatalf("channels after the form: %+v", list.Items)
	}

	// A notice with a long title: queued before the relay starts, so the
	// test message and it go out as two posts (tests are never batched).
	long := strings.Repeat("整改事项标题很长", 24)
	proc := e.API(d.ProcSec)
	doc := proc.CreateDocument(t, cfWith(cfAt(d, "检建文本1", webtest.DaysFromToday(-2).String(), ""), "title", long[:len(long)/2]))
	wantStatus(t, admin.Post(base+"/robot/test", nil), http.StatusAccepted)
	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = e.Deps.Notify.Stop(ctx)
	})
	var bodies [][]byte
	for sw := clock.StartStopwatch(); ; time.Sleep(50 * time.Millisecond) {
		robot.mu.Lock()
		bodies = append([][]byte(nil), robot.bodies...)
		robot.mu.Unlock()
		if len(bodies) >= 2 {
			break
		}
		if sw.Elapsed() > 30*time.Second {
			t.Fatalf("the robot got %d posts, want 2", len(bodies))
		}
	}
	link := fmt.Sprintf("%s/documents/%d", strings.TrimRight(e.Deps.Config.BaseURL, "/"), doc.ID)
	seen := map[string]bool{}
	for _, raw := range bodies {
		var m struct {
			MsgType string `json:"msgtype"`
			Text    *struct {
				Content string `json:"content"`
			} `json:"text"`
			Markdown any `json:"markdown"`
		}
		if err := json.Unmarshal(raw, &m); err != nil || m.MsgType != "text" || m.Text == nil || m.Markdown != nil {
			t.Fatalf("not a text message: %s (%v)", raw, err)
		}
		c := m.Text.Content
		if len(c) > 2048 || strings.Contains(c, "**") {
			t.Errorf("text content of %d bytes, or with markup: %q", len(c), c)
		}
		switch {
		case strings.Contains(c, "测试消息"):
			seen["test"] = true
		case strings.Contains(c, "查看详情："+link) && strings.Contains(c, "整改事项标题"):
			seen["notice"] = true
		default:
			t.Errorf("unexpected text message %q", c)
		}
	}
	if !seen["test"] || !seen["notice"] {
		t.Errorf("posts seen: %v", seen)
	}
}

// TestChannels_AdminDeletesChannel: removing a channel needs the version
// last read (none: 422, stale: 409, both localised, nothing removed); then
// it is gone from API and page, audited without its URL, and what was
// queued for it is recorded as not sent instead of posted. The unit page's
// button does the same.
func TestChannels_AdminDeletesChannel(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	robot := newRobotSink(t)
	admin, b := e.API(d.Admin), e.Browser(d.Admin)
	unit := d.AgencyA.ID
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels", unit)
	wantStatus(t, admin.Do(http.MethodPut, base+"/robot", map[string]any{"url": robot.URL + "/send?key=delete-canary", "enabled": true}), http.StatusOK)
	wantStatus(t, admin.Do(http.MethodPut, base+"/robot", map[string]any{"enabled": true, "version": 1}), http.StatusOK)
	e.API(d.ProcSec).CreateDocument(t, cfAt(d, "检建删除1", webtest.DaysFromToday(-2).String(), ""))
	if n := count(t, e, `SELECT COUNT(*) FROM outbox WHERE channel = 'robot' AND status = 'queued'`); n != 1 {
		t.Fatalf("%d robot rows queued, want 1", n)
	}

	wantErr(t, admin.Do(http.MethodDelete, base+"/robot", nil), 422, "invalid")
	wantErr(t, admin.Do(http.MethodDelete, base+"/robot?version=1", nil), 409, "stale_version")
	wantErr(t, admin.Do(http.MethodDelete, base+"/webhook?version=1", nil), 404, "not_found")
	wantErr(t, e.API(d.ProcSec).Do(http.MethodDelete, base+"/robot?version=2", nil), 403, "")
	if n := count(t, e, `SELECT COUNT(*) FROM unit_channels`); n != 1 {
		t.Fatalf("a refused delete removed the channel")
	}
	wantStatus(t, admin.Do(http.MethodDelete, base+"/robot?version=2", nil), http.StatusNoContent)
	var list struct {
		Items []struct {
			Configured bool `json:"configured"`
		} `json:"items"`
	}
	admin.Get(base).Decode(t, &list)
	if list.Items[0].Configured {
		t.Fatal("the robot is still configured")
	}
	if n := count(t, e, `SELECT COUNT(*) FROM audit_log WHERE action = 'unit_channel.delete' AND object_id = ? AND state_before NOT LIKE '%canary%'`, fmt.Sprint(unit)); n != 1 {
		t.Errorf("%d audit entries of the removal without the URL, want 1", n)
	}

	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = e.Deps.Notify.Stop(ctx)
	})
	for sw := clock.StartStopwatch(); count(t, e, `SELECT COUNT(*) FROM outbox WHERE channel = 'robot' AND status = 'not_sent'`) != 1; time.Sleep(50 * time.Millisecond) {
		if sw.Elapsed() > 30*time.Second {
			t.Fatal("the queued message of the removed channel was never recorded as not sent")
		}
	}
	robot.mu.Lock()
	posted := len(robot.bodies)
	robot.mu.Unlock()
	if posted != 0 {
		t.Errorf("the removed robot got %d posts", posted)
	}

	// The page: a stale version shows the page with the conflict; the
	// right one removes the webhook.
	wantStatus(t, admin.Do(http.MethodPut, base+"/webhook", map[string]any{"url": robot.URL + "/hook", "secret": "0123456789abcdef0", "enabled": true}), http.StatusOK)
	r := b.PostForm(fmt.Sprintf("/admin/units/%d/channels/webhook/delete", unit), url.Values{"version": {"7"}})
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "已被他人修改") {
		t.Errorf("page delete, stale version: %d", r.Status)
	}
	if !strings.Contains(string(b.Get(fmt.Sprintf("/admin/units/%d", unit)).Body), "删除通道") {
		t.Error("the unit page has no 删除通道 button")
	}
	wantStatus(t, b.PostForm(fmt.Sprintf("/admin/units/%d/channels/webhook/delete", unit), url.Values{"version": {"1"}}), http.StatusSeeOther)
	if n := count(t, e, `SELECT COUNT(*) FROM unit_channels`); n != 0 {
		t.Errorf("%d channels left", n)
	}
}
