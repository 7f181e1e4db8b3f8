package notify

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"liaison/app/apperr"
)

// Channel is how an outbox row goes out.
type Channel string

// The channels: email, and the two a unit can configure for itself.
const (
	ChannelMail    Channel = "mail"
	ChannelRobot   Channel = "robot"   // 企业微信 / 政务微信 group robot
	ChannelWebhook Channel = "webhook" // signed JSON webhook (a district's own message bus)
)

// UnitChannels are the kinds an administrator can configure per unit.
var UnitChannels = []Channel{ChannelRobot, ChannelWebhook}

// KindChannelTest is the kind of the admin's "send a test message"; it is
// sent at once, never batched or held back by the channel's window.
const KindChannelTest = "channel.test"

// UnitMessage is one event told to a unit's own channels (its group robot
// and its JSON webhook). Title and Text are already neutral when the record
// is sensitive or classified: a channel outside Liaison never carries more
// than the register entry. Link is a path inside Liaison ("/actions/5"); the
// channel makes it absolute with the configured base URL.
type UnitMessage struct {
	Kind      string // the event kind, e.g. "action.overdue"
	DedupeKey string // one message per key and unit, however often it is sent
	Title     string
	Text      string
	Link      string
	Sensitive bool // the record is sensitive or classified; Title and Text are neutral
}

// channelItem is what an outbox row of a unit channel stores as its message:
// the content of one event, rendered into the robot's markdown or the
// webhook's JSON at send time (several rows may go out as one batch).
type channelItem struct {
	ID        string    `json:"id"` // the row's dedupe key, stable across retries
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Link      string    `json:"link"`
	Sensitive bool      `json:"sensitive"`
	CreatedAt time.Time `json:"created_at"`
}

// neutralTitle replaces everything a sensitive message says: the channel
// lives outside Liaison (a chat group, another system), so it only learns
// that something happened and where to look.
const neutralTitle = "有一项需登录查看的事项更新"

// validate refuses only what is a caller's mistake (no kind or key, a link
// that is not a path inside Liaison): a long title or text is cut instead,
// so that an event's own change never fails on its notice's length.
func (m *UnitMessage) validate() error {
	f := apperr.Fields{}
	if strings.TrimSpace(m.Kind) == "" || len(m.Kind) > 64 {
		f.Add("kind", "notify.kind_invalid")
	}
	if strings.TrimSpace(m.DedupeKey) == "" || len(m.DedupeKey) > 250 {
		f.Add("dedupe_key", "notify.dedupe_key_invalid")
	}
	if m.Link != "" && (!strings.HasPrefix(m.Link, "/") || strings.HasPrefix(m.Link, "//") || len(m.Link) > 500) {
		f.Add("link", "notify.link_invalid")
	}
	m.Title, m.Text = cutRunes(m.Title, 200), cutRunes(m.Text, 2000)
	return f.Err()
}

// cutRunes keeps at most n characters of s, marking a cut with "…".
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// SendToUnits hands m to the channels each unit has configured, inside the
// transaction carried by ctx, so that it goes out if and only if the change
// that caused it commits. It fails (422) only on a missing Kind or
// DedupeKey or a Link that is not a path. A unit with no channel configured is skipped (its
// people still have their in-app inbox); a channel an admin has disabled
// records the message as not sent, shown on the outbox page. Two queries
// whatever the number of units, plus one insert per channel.
func (s *Service) SendToUnits(ctx context.Context, unitIDs []int64, m UnitMessage) error {
	if len(unitIDs) == 0 {
		return nil
	}
	if err := m.validate(); err != nil {
		return err
	}
	chans, err := s.st.channelsOf(ctx, unitIDs)
	if err != nil {
		return err
	}
	for _, c := range chans {
		if _, err := s.enqueueChannel(ctx, c, m); err != nil {
			return err
		}
	}
	return nil
}

// enqueueChannel records m for channel c. Batching: a row is due at once
// unless the channel already sent within its window; then it waits for the
// window's end and goes out with every other row due by then, as one message.
func (s *Service) enqueueChannel(ctx context.Context, c unitChannel, m UnitMessage) (Outbox, error) {
	now := s.now()
	it := channelItem{ID: channelKey(c, m.DedupeKey), Kind: m.Kind, Title: m.Title, Text: m.Text, Sensitive: m.Sensitive, CreatedAt: now}
	switch {
	case m.Sensitive:
		it.Title, it.Text = neutralTitle, ""
	case strings.TrimSpace(it.Title) == "":
		it.Title = m.Kind // a message must say something in its bold line
	}
	if m.Link != "" {
		it.Link = s.base + m.Link
	}
	body, err := json.Marshal(it)
	if err != nil {
		return Outbox{}, err
	}
	due := now
	if m.Kind != KindChannelTest && c.LastSentAt != nil && c.LastSentAt.Add(s.opts.ChannelWindow).After(now) {
		due = c.LastSentAt.Add(s.opts.ChannelWindow)
	}
	uid := c.UnitID
	o := Outbox{Kind: m.Kind, Channel: c.Kind, UnitID: &uid, Link: m.Link, DedupeKey: it.ID,
		Recipient: "unit:" + strconv.FormatInt(c.UnitID, 10), Subject: truncate(it.Title, 200), MessageID: it.ID,
		Message: body, Status: Queued, CreatedAt: now, NextAttemptAt: &due}
	if !c.Enabled {
		o.Status, o.NextAttemptAt, o.LastError = NotSent, nil, "channel disabled by an administrator"
	}
	_, err = s.st.insertOutbox(ctx, &o)
	return o, err
}

// channelKey makes the caller's key unique per unit and channel.
func channelKey(c unitChannel, key string) string {
	return string(c.Kind) + ":" + strconv.FormatInt(c.UnitID, 10) + ":" + key
}
