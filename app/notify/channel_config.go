package notify

import (
	"context"
	"net/url"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
)

// ChannelView is what admins, the API and the audit log see of a channel:
// whether URL and secret are set ("已设置"), never their values, and only
// the host of the URL (a robot's key is in its query).
type ChannelView struct {
	UnitID     int64        `json:"unit_id"`
	Kind       Channel      `json:"kind"`
	Configured bool         `json:"configured"`
	Enabled    bool         `json:"enabled"`
	MsgType    RobotMsgType `json:"msgtype,omitempty"` // the robot's; empty for the webhook
	Host       string       `json:"host"`
	URLSet     bool         `json:"url_set"`
	SecretSet  bool         `json:"secret_set"`
	Version    int          `json:"version"`
	LastSentAt *time.Time   `json:"last_sent_at"`
}

// ChannelInput configures one channel. An empty URL or Secret keeps the
// stored one (the form never shows them back); Version is 0 to create the
// channel, else the version last read.
type ChannelInput struct {
	URL     string `json:"url"`
	Secret  string `json:"secret"`
	Enabled bool   `json:"enabled"`
	// MsgType is the robot's message type, markdown or text; empty keeps
	// the stored one (markdown for a new robot). The webhook has none.
	MsgType RobotMsgType `json:"msgtype"`
	Version int          `json:"version"`
}

// ParseChannel checks a channel kind from a path.
func ParseChannel(v string) (Channel, error) {
	for _, c := range UnitChannels {
		if string(c) == v {
			return c, nil
		}
	}
	return "", apperr.NotFoundErr("channel")
}

// UnitChannelViews lists both channel kinds of a unit, configured or not
// (admins only).
func (s *Service) UnitChannelViews(ctx context.Context, a account.Actor, unitID int64) ([]ChannelView, error) {
	if err := mustAdmin(a); err != nil {
		return nil, err
	}
	if _, err := s.acc.Unit(ctx, unitID); err != nil {
		return nil, err
	}
	rows, err := s.st.channelsOf(ctx, []int64{unitID})
	if err != nil {
		return nil, err
	}
	out := make([]ChannelView, 0, len(UnitChannels))
	for _, k := range UnitChannels {
		v := ChannelView{UnitID: unitID, Kind: k}
		for _, c := range rows {
			if c.Kind == k {
				v = s.viewOf(c)
			}
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Service) viewOf(c unitChannel) ChannelView {
	v := ChannelView{UnitID: c.UnitID, Kind: c.Kind, Configured: true, Enabled: c.Enabled, URLSet: c.URLSealed != "",
		SecretSet: c.SecretSealed != "", Version: c.Version, LastSentAt: c.LastSentAt}
	if c.Kind == ChannelRobot {
		v.MsgType = c.MsgType.orDefault()
	}
	if sl, err := s.sealerFor(); err == nil {
		if raw, err := sl.open(c.UnitID, c.Kind, "url", c.URLSealed); err == nil {
			if u, err := url.Parse(raw); err == nil {
				v.Host = u.Hostname()
			}
		}
	}
	return v
}

// validateChannel checks in for kind; creating needs a URL, and a webhook
// a secret. Only http(s) URLs to a named host, without credentials in them:
// the admin who configures a channel chooses where Liaison posts.
func validateChannel(kind Channel, in ChannelInput, creating bool) error {
	f := apperr.Fields{}
	if in.URL != "" || creating {
		u, err := url.Parse(strings.TrimSpace(in.URL))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(in.URL) > 2000 {
			f.Add("url", "notify.channel_url_invalid")
		}
	}
	if kind == ChannelWebhook && ((creating && in.Secret == "") || (in.Secret != "" && (len(in.Secret) < 16 || len(in.Secret) > 200))) {
		f.Add("secret", "notify.channel_secret_invalid")
	}
	if kind == ChannelRobot && in.Secret != "" {
		f.Add("secret", "notify.channel_secret_unused")
	}
	switch {
	case kind == ChannelRobot && in.MsgType != "" && in.MsgType != RobotMarkdown && in.MsgType != RobotText:
		f.Add("msgtype", "notify.channel_msgtype_invalid")
	case kind != ChannelRobot && in.MsgType != "":
		f.Add("msgtype", "notify.channel_msgtype_unused")
	}
	return f.Err()
}

// SaveChannel creates or changes a unit's channel of kind (admins only),
// with a version check like every record. The audit log keeps the view,
// never the URL or the secret.
func (s *Service) SaveChannel(ctx context.Context, a account.Actor, unitID int64, kind Channel, in ChannelInput) (ChannelView, error) {
	if err := mustAdmin(a); err != nil {
		return ChannelView{}, err
	}
	in.URL = strings.TrimSpace(in.URL)
	sl, err := s.sealerFor()
	if err != nil {
		return ChannelView{}, err
	}
	var out ChannelView
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.acc.Unit(ctx, unitID); err != nil {
			return err
		}
		c, found, err := s.st.channel(ctx, unitID, kind)
		if err != nil {
			return err
		}
		if found && in.Version == 0 || !found && in.Version != 0 {
			return apperr.ConflictVersion()
		}
		if err := validateChannel(kind, in, !found); err != nil {
			return err
		}
		var before any
		now := s.now()
		if found {
			before = s.viewOf(c)
		} else {
			c = unitChannel{UnitID: unitID, Kind: kind, Version: 1, CreatedAt: now}
		}
		if in.URL != "" {
			c.URLSealed = sl.seal(unitID, kind, "url", in.URL)
		}
		if in.Secret != "" {
			c.SecretSealed = sl.seal(unitID, kind, "secret", in.Secret)
		}
		c.Enabled, c.UpdatedAt = in.Enabled, now
		if kind == ChannelRobot && in.MsgType != "" {
			c.MsgType = in.MsgType
		}
		c.MsgType = c.MsgType.orDefault()
		if found {
			err = s.st.updateChannel(ctx, &c, in.Version)
		} else {
			err = s.st.createChannel(ctx, &c)
		}
		if err != nil {
			return err
		}
		out = s.viewOf(c)
		return s.acc.AuditChange(ctx, a, "unit_channel.save", "unit", unitID, before, out, map[string]any{"kind": kind})
	})
	return out, err
}

// DeleteChannel removes a unit's channel of kind (admins only) if version
// is still its version (409 stale_version otherwise, 404 when there is
// none). Messages already queued for it are recorded as not sent; the audit
// log keeps the view of what was removed.
func (s *Service) DeleteChannel(ctx context.Context, a account.Actor, unitID int64, kind Channel, version int) error {
	if err := mustAdmin(a); err != nil {
		return err
	}
	if version <= 0 {
		f := apperr.Fields{}
		f.Add("version", "notify.channel_version_required")
		return f.Err()
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.acc.Unit(ctx, unitID); err != nil {
			return err
		}
		c, found, err := s.st.channel(ctx, unitID, kind)
		if err != nil {
			return err
		}
		if !found {
			return apperr.NotFoundErr("channel")
		}
		if err := s.st.deleteChannel(ctx, c.ID, version); err != nil {
			return err
		}
		return s.acc.AuditChange(ctx, a, "unit_channel.delete", "unit", unitID, s.viewOf(c), nil, map[string]any{"kind": kind})
	})
}

// SendTestMessage queues a test message on a unit's channel (admins only);
// it goes out at once, and the outbox page shows how it went.
func (s *Service) SendTestMessage(ctx context.Context, a account.Actor, unitID int64, kind Channel) (Outbox, error) {
	if err := mustAdmin(a); err != nil {
		return Outbox{}, err
	}
	var o Outbox
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		c, found, err := s.st.channel(ctx, unitID, kind)
		if err != nil {
			return err
		}
		if !found {
			return apperr.E(apperr.Conflict, "notify.channel_not_configured")
		}
		key := "test:" + a.Username + ":" + s.now().Format(time.RFC3339Nano)
		m := UnitMessage{Kind: KindChannelTest, DedupeKey: key, Title: "Liaison 测试消息",
			Text: "这是一条测试消息：本单位的通道配置可用。", Link: "/"}
		if o, err = s.enqueueChannel(ctx, c, m); err != nil {
			return err
		}
		return s.acc.Audit(ctx, a, "unit_channel.test", "unit", unitID, map[string]any{"kind": kind, "outbox_id": o.ID})
	})
	o.Message = nil
	return o, err
}
