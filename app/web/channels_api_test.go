package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/clock"
	"liaison/app/web/webtest"
)

// robotSink is a loopback HTTP server playing the 企业微信 group robot.
type robotSink struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
}

func newRobotSink(t *testing.T) *robotSink {
	t.Helper()
	r := &robotSink{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, b)
		r.mu.Unlock()
		_, _ = io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *robotSink) wait(t *testing.T) []byte {
	t.Helper()
	for sw := clock.StartStopwatch(); sw.Elapsed() < 20*time.Second; time.Sleep(50 * time.Millisecond) {
		r.mu.Lock()
		n := len(r.bodies)
		r.mu.Unlock()
		if n > 0 {
			return r.bodies[0]
		}
	}
	t.Fatal("the robot got nothing")
	return nil
}

// TestChannels_AdminAPI configures a unit's robot through the admin API
// (validated, versioned, never echoing the URL) and sends the test message
// through the real job engine to a loopback robot.
func TestChannels_AdminAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	if err := e.Deps.Notify.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = e.Deps.Notify.Stop(ctx)
	})
	robot := newRobotSink(t)
	admin := e.API(d.Admin)
	unit := d.AgencyAMember.UnitID
	base := fmt.Sprintf("/api/v1/admin/units/%d/channels", unit)
	secretURL := robot.URL + "/cgi-bin/webhook/send?key=robot-key-canary"

	r := admin.Do(http.MethodPut, base+"/robot", map[string]any{"url": "ftp://example.gov.cn/x", "enabled": true})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorCode(t) != "invalid" || !strings.Contains(string(r.Body), "http://") {
		t.Fatalf("bad URL: %d %s", r.Status, r.Body)
	}
	var list struct {
		Items []struct {
			Kind       string `json:"kind"`
			Configured bool   `json:"configured"`
		} `json:"items"`
	}
	admin.Get(base).Decode(t, &list)
	if len(list.Items) != 2 || list.Items[0].Configured || list.Items[1].Configured {
		t.Fatalf("a refused change configured a channel: %+v", list)
	}
	if r := admin.Post(base+"/robot/test", nil); r.Status != http.StatusConflict {
		t.Errorf("test of an unconfigured channel: %d %s", r.Status, r.Body)
	}
	r = admin.Do(http.MethodPut, base+"/robot", map[string]any{"url": secretURL, "enabled": true})
	if r.Status != http.StatusOK || strings.Contains(string(r.Body), "canary") || !strings.Contains(string(r.Body), `"url_set":true`) {
		t.Fatalf("save: %d %s", r.Status, r.Body)
	}
	if r := admin.Do(http.MethodPut, base+"/robot", map[string]any{"enabled": false, "version": 0}); r.Status != http.StatusConflict {
		t.Errorf("an edit from a stale version: %d %s", r.Status, r.Body)
	}
	if r := admin.Do(http.MethodPut, base+"/fax", map[string]any{"url": secretURL}); r.Status != http.StatusNotFound {
		t.Errorf("unknown kind: %d", r.Status)
	}
	if r := e.API(d.ProcSec).Get(base); r.Status != http.StatusForbidden {
		t.Errorf("a secretary reads channels: %d", r.Status)
	}
	if r := admin.Post(base+"/robot/test", nil); r.Status != http.StatusAccepted || strings.Contains(string(r.Body), "canary") {
		t.Fatalf("test message: %d %s", r.Status, r.Body)
	}
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	if err := json.Unmarshal(robot.wait(t), &msg); err != nil || msg.MsgType != "markdown" || !strings.Contains(msg.Markdown.Content, "测试消息") {
		t.Errorf("robot got %+v (%v)", msg, err)
	}
	// The outbox page lists the test message with its channel, never the URL.
	for sw := clock.StartStopwatch(); ; time.Sleep(100 * time.Millisecond) {
		out := e.Browser(d.Admin).Get("/admin/outbox?status=sent")
		if strings.Contains(string(out.Body), "群机器人（企业微信/政务微信）") {
			if strings.Contains(string(out.Body), "canary") {
				t.Error("the outbox page shows the robot's URL")
			}
			break
		}
		if sw.Elapsed() > 15*time.Second {
			t.Fatalf("the outbox page never listed the sent robot message:\n%.2000s", out.Body)
		}
	}
	// The unit page says 已设置 and shows the host, never the URL.
	page := e.Browser(d.Admin).Get(fmt.Sprintf("/admin/units/%d", unit))
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), "已设置") || strings.Contains(string(page.Body), "canary") {
		t.Errorf("unit page: %d, shows URL %v", page.Status, strings.Contains(string(page.Body), "canary"))
	}
	// The page's form refuses a bad URL with a localised message, changing nothing.
	b := e.Browser(d.Admin)
	r = b.PostForm(fmt.Sprintf("/admin/units/%d/channels/robot", unit), url.Values{"url": {"javascript:alert(1)"}, "version": {"1"}, "enabled": {"on"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "请填写以 http:// 或 https:// 开头的完整地址") {
		t.Errorf("page form, bad URL: %d", r.Status)
	}
	var after struct {
		Items []struct {
			Version int  `json:"version"`
			Enabled bool `json:"enabled"`
		} `json:"items"`
	}
	admin.Get(base).Decode(t, &after)
	if after.Items[0].Version != 1 || !after.Items[0].Enabled {
		t.Errorf("a refused form changed the channel: %+v", after.Items[0])
	}
}
