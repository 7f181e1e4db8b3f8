package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

// TestChannels_RobotShape: the group robot gets 企业微信's markdown JSON,
// its content cut to 4096 bytes on a character boundary with the link kept.
func TestChannels_RobotShape(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	r := newReceiver(t)
	s := newService(t, d, "", 0, channelOpts(time.Minute))
	unit := newUnit(t, d, "区人社局")
	configure(t, s, unit, notify.ChannelRobot, r.URL+"/cgi-bin/webhook/send?key=robot-key-canary", "")
	long := strings.Repeat("逾期未整改的事项。", 400) // 10,800 bytes, cut to 2,000 characters on the way in
	send(t, d, s, []int64{unit}, msg("k1", "整改逾期：社保稽核问题", long))
	start(t, s)
	got := r.waitFor(t, 1)
	if got[0].Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("content type %q", got[0].Header.Get("Content-Type"))
	}
	c := decodeRobot(t, got[0].Body).Markdown.Content
	if len(c) > notify.RobotMaxBytes || !utf8.ValidString(c) {
		t.Fatalf("content %d bytes, valid UTF-8 %v", len(c), utf8.ValidString(c))
	}
	if !strings.Contains(c, "整改逾期：社保稽核问题") || !strings.Contains(c, "…") ||
		!strings.Contains(c, "(https://liaison.example.gov.cn/actions/5)") {
		t.Errorf("content lost its title, cut mark or link: …%s", c[len(c)-200:])
	}
	o := waitStatus(t, s, channelKey(notify.ChannelRobot, unit, "k1"), notify.Sent)
	if o.Channel != notify.ChannelRobot || o.UnitID == nil || *o.UnitID != unit || strings.Contains(o.Recipient, "key") {
		t.Errorf("outbox row %+v", o)
	}
}

// TestChannels_WebhookSignature: the JSON webhook is signed with HMAC-SHA256
// over "timestamp.body" with the unit's secret.
func TestChannels_WebhookSignature(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	r := newReceiver(t)
	s := newService(t, d, "", 0, channelOpts(time.Minute))
	unit := newUnit(t, d, "区检察院")
	const secret = "webhook-secret-canary-0123456789"
	configure(t, s, unit, notify.ChannelWebhook, r.URL+"/bus", secret)
	send(t, d, s, []int64{unit}, msg("w1", "案件通报", "请于五个工作日内回复。"))
	start(t, s)
	got := r.waitFor(t, 1)[0]
	ts, err := strconv.ParseInt(got.Header.Get("X-Liaison-Timestamp"), 10, 64)
	if err != nil {
		t.Fatalf("timestamp %q", got.Header.Get("X-Liaison-Timestamp"))
	}
	if sig := got.Header.Get("X-Liaison-Signature"); sig != notify.Sign(secret, ts, got.Body) || !strings.HasPrefix(sig, "sha256=") {
		t.Errorf("signature %q does not verify", sig)
	}
	if notify.Sign("another-secret-0123456789", ts, got.Body) == got.Header.Get("X-Liaison-Signature") {
		t.Error("the signature does not depend on the secret")
	}
	if d := d.Now().Unix() - ts; d < 0 || d > 60 {
		t.Errorf("timestamp %d is %ds from now", ts, d)
	}
	var b webhookBody
	if err := json.Unmarshal(got.Body, &b); err != nil || b.UnitID != unit || len(b.Messages) != 1 {
		t.Fatalf("body %s (%v)", got.Body, err)
	}
	m := b.Messages[0]
	if m.Title != "案件通报" || m.Text != "请于五个工作日内回复。" || m.Link != "https://liaison.example.gov.cn/actions/5" ||
		m.ID != channelKey(notify.ChannelWebhook, unit, "w1") || got.Header.Get("X-Liaison-Delivery") != m.ID {
		t.Errorf("message %+v", m)
	}
}

// TestChannels_Batching: the first message goes at once; what follows
// within the channel's window goes out as one message when it ends.
func TestChannels_Batching(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	r := newReceiver(t)
	const window = 3 * time.Second
	s := newService(t, d, "", 0, channelOpts(window))
	unit := newUnit(t, d, "区司法局")
	configure(t, s, unit, notify.ChannelRobot, r.URL, "")
	start(t, s)
	send(t, d, s, []int64{unit}, msg("b0", "第一条", ""))
	r.waitFor(t, 1)
	for i := 1; i <= 5; i++ {
		send(t, d, s, []int64{unit}, msg("b"+strconv.Itoa(i), "后续第"+strconv.Itoa(i)+"条", ""))
	}
	r.waitFor(t, 2)
	time.Sleep(window + time.Second) // nothing more should come
	got := r.all()
	if len(got) != 2 {
		t.Fatalf("%d robot messages, want 2 (one, then one batch)", len(got))
	}
	c := decodeRobot(t, got[1].Body).Markdown.Content
	for i := 1; i <= 5; i++ {
		if !strings.Contains(c, "后续第"+strconv.Itoa(i)+"条") {
			t.Errorf("batch lacks message %d: %s", i, c)
		}
	}
	if !strings.Contains(c, "5 条新消息") || len(c) > notify.RobotMaxBytes {
		t.Errorf("batch header or size: %d bytes %s", len(c), c)
	}
	for i := 0; i <= 5; i++ {
		waitStatus(t, s, channelKey(notify.ChannelRobot, unit, "b"+strconv.Itoa(i)), notify.Sent)
	}
}

// TestChannels_Retry: HTTP 5xx, the robot's errcode -1 and its rate limit
// (45009) are retried; another errcode gives up at once.
func TestChannels_Retry(t *testing.T) {
	t.Parallel()
	t.Run("5xx, busy and rate limit are retried", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		r := newReceiver(t)
		r.setAnswer(func(n int) (int, string) {
			switch n {
			case 1:
				return http.StatusBadGateway, "bad gateway"
			case 2:
				return http.StatusOK, `{"errcode":-1,"errmsg":"system busy"}`
			case 3:
				return http.StatusOK, `{"errcode":45009,"errmsg":"api freq out of limit"}`
			}
			return http.StatusOK, `{"errcode":0,"errmsg":"ok"}`
		})
		o := channelOpts(500 * time.Millisecond)
		s := newService(t, d, "", 0, o)
		unit := newUnit(t, d, "区市场监管局")
		configure(t, s, unit, notify.ChannelRobot, r.URL, "")
		send(t, d, s, []int64{unit}, msg("r1", "提醒", "明天到期"))
		start(t, s)
		row := waitStatus(t, s, channelKey(notify.ChannelRobot, unit, "r1"), notify.Sent)
		if len(r.all()) != 4 || row.LastError != "" {
			t.Errorf("sent after %d requests (error %q); want 4", len(r.all()), row.LastError)
		}
	})
	t.Run("an HTTP 200 with a bad errcode fails for good", func(t *testing.T) {
		t.Parallel()
		d := dbtest.New(t)
		r := newReceiver(t)
		r.setAnswer(func(int) (int, string) { return http.StatusOK, `{"errcode":93000,"errmsg":"invalid webhook url"}` })
		s := newService(t, d, "", 0, channelOpts(500*time.Millisecond))
		unit := newUnit(t, d, "区自然资源局")
		configure(t, s, unit, notify.ChannelRobot, r.URL+"/send?key=robot-key-canary", "")
		send(t, d, s, []int64{unit}, msg("p1", "提醒", ""))
		start(t, s)
		row := waitStatus(t, s, channelKey(notify.ChannelRobot, unit, "p1"), notify.Failed)
		if !strings.Contains(row.LastError, "93000") || row.NextAttemptAt != nil || strings.Contains(row.LastError, "robot-key-canary") {
			t.Errorf("failed row: error %q next %v", row.LastError, row.NextAttemptAt)
		}
		u, err := s.UndeliveredForLink(context.Background(), "/actions/5")
		if err != nil || u.GaveUp != 1 || u.Total() != 1 {
			t.Errorf("undelivered %+v, %v", u, err)
		}
		// An admin retry sends it again, without SMTP being configured.
		r.setAnswer(nil)
		if _, err := s.Retry(context.Background(), account.System, row.ID); err != nil {
			t.Fatal(err)
		}
		waitStatus(t, s, channelKey(notify.ChannelRobot, unit, "p1"), notify.Sent)
	})
}

// TestChannels_Sensitive: a sensitive record's message carries only the
// neutral text and the link, on the wire and in the outbox.
func TestChannels_Sensitive(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	r := newReceiver(t)
	s := newService(t, d, "", 0, channelOpts(time.Minute))
	unit := newUnit(t, d, "区公安分局")
	configure(t, s, unit, notify.ChannelWebhook, r.URL, "webhook-secret-0123456789")
	m := msg("s1", "涉密案件 CANARY-TITLE", "当事人 CANARY-TEXT")
	m.Sensitive = true
	send(t, d, s, []int64{unit}, m)
	start(t, s)
	got := r.waitFor(t, 1)[0]
	if strings.Contains(string(got.Body), "CANARY") {
		t.Errorf("sensitive content left Liaison: %s", got.Body)
	}
	var b webhookBody
	if err := json.Unmarshal(got.Body, &b); err != nil || len(b.Messages) != 1 || !b.Messages[0].Sensitive ||
		b.Messages[0].Title == "" || b.Messages[0].Link != "https://liaison.example.gov.cn/actions/5" {
		t.Errorf("body %s", got.Body)
	}
	row := waitStatus(t, s, channelKey(notify.ChannelWebhook, unit, "s1"), notify.Sent)
	full, err := s.OutboxMessage(context.Background(), account.System, row.ID)
	if err != nil || strings.Contains(string(full.Message), "CANARY") || strings.Contains(full.Subject, "CANARY") {
		t.Errorf("the outbox keeps sensitive content: %s %s (%v)", full.Subject, full.Message, err)
	}
}

// TestChannels_Config: validation, version checks, the secret never shown,
// a disabled channel recorded as not sent, a rolled-back change sends nothing.
func TestChannels_Config(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := newService(t, d, "", 0, channelOpts(time.Minute))
	ctx := context.Background()
	unit := newUnit(t, d, "区税务局")
	for _, bad := range []string{"ftp://example.gov.cn/x", "javascript:alert(1)", "https://", "https://user:pw@example.gov.cn/x", "not a url"} {
		_, err := s.SaveChannel(ctx, account.System, unit, notify.ChannelRobot, notify.ChannelInput{URL: bad, Enabled: true})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.Invalid || e.Fields["url"] != "notify.channel_url_invalid" {
			t.Errorf("URL %q: %v", bad, err)
		}
	}
	if _, err := s.SaveChannel(ctx, account.System, unit, notify.ChannelWebhook, notify.ChannelInput{URL: "https://bus.example.gov.cn/in", Enabled: true}); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("webhook without a secret: %v", err)
	}
	if _, err := s.SaveChannel(ctx, account.Actor{Role: account.RoleMember}, unit, notify.ChannelRobot, notify.ChannelInput{URL: "https://a.example/x"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("member: %v", err)
	}
	views, err := s.UnitChannelViews(ctx, account.System, unit)
	if err != nil || len(views) != 2 || views[0].Configured || views[1].Configured {
		t.Fatalf("a refused change left a channel: %+v %v", views, err)
	}
	v := configure(t, s, unit, notify.ChannelWebhook, "https://bus.example.gov.cn/in?token=url-canary", "webhook-secret-canary-0123")
	raw, _ := json.Marshal(v)
	if strings.Contains(string(raw), "canary") || !v.URLSet || !v.SecretSet || v.Host != "bus.example.gov.cn" || v.Version != 1 {
		t.Errorf("view %s", raw)
	}
	// Two admins edit from version 1: the second is refused.
	in := notify.ChannelInput{Enabled: false, Version: 1}
	if _, err := s.SaveChannel(ctx, account.System, unit, notify.ChannelWebhook, in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveChannel(ctx, account.System, unit, notify.ChannelWebhook, in); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("stale version: %v", err)
	}
	// A second creation of the same channel is a stale version too.
	if _, err := s.SaveChannel(ctx, account.System, unit, notify.ChannelWebhook, notify.ChannelInput{URL: "https://x.example/y", Secret: "0123456789abcdef0", Enabled: true}); apperr.KindOf(err) != apperr.Conflict {
		t.Errorf("second create: %v", err)
	}
	// Disabled: recorded, not sent, counted as undelivered for its record.
	send(t, d, s, []int64{unit, newUnit(t, d, "无通道单位")}, msg("d1", "提醒", ""))
	rows := outbox(t, s, notify.NotSent)
	if len(rows) != 1 || rows[0].Channel != notify.ChannelWebhook {
		t.Fatalf("not-sent rows %+v", rows)
	}
	if u, err := s.UndeliveredForLink(ctx, "/actions/5"); err != nil || u.NotConfigured != 1 {
		t.Errorf("undelivered %+v %v", u, err)
	}
	bad := msg("bad", "提醒", "")
	bad.Link = "https://elsewhere.example/x"
	if err := s.SendToUnits(ctx, []int64{unit}, bad); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("a link outside Liaison: %v", err)
	}
	err = d.WithTx(ctx, func(ctx context.Context) error {
		if err := s.SendToUnits(ctx, []int64{unit}, msg("rb", "提醒", "")); err != nil {
			return err
		}
		return errors.New("the change failed")
	})
	if err == nil || len(outbox(t, s, "")) != 1 {
		t.Errorf("a rolled-back change left channel messages")
	}
	// Audit: the entries name the channel, never its URL or secret.
	var n int64
	if err := d.Conn(ctx).Table("audit_log").Where("action = ?", "unit_channel.save").Count(&n).Error; err != nil || n != 2 {
		t.Errorf("%d audit entries (%v)", n, err)
	}
	var leaks int64
	err = d.Conn(ctx).Table("audit_log").Where("state_before LIKE ? OR state_after LIKE ? OR detail LIKE ?", "%canary%", "%canary%", "%canary%").Count(&leaks).Error
	if err != nil || leaks != 0 {
		t.Errorf("%d audit entries quote the URL or secret (%v)", leaks, err)
	}
}
