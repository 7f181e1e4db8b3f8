package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// RobotMaxBytes is the group robot's limit on a message's content (企业微信
// and 政务微信 document 4096 bytes of UTF-8 for text and markdown).
const RobotMaxBytes = 4096

// maxBatch is the most rows one channel message carries; the rest wait for
// the channel's next window.
const maxBatch = 20

// robotBody is the 企业微信 / 政务微信 group robot message: markdown, so the
// title stands out and the link is clickable.
func robotBody(items []channelItem) ([]byte, error) {
	return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": markdownStyle.content(items)}})
}

// robotStyle is how one robot message type writes a batch: its size limit,
// the heading of a batch of several, the marks around a title and the words
// around the link.
type robotStyle struct {
	max               int
	head              string // before the count of a batch
	headEnd           string // after it
	open, close       string // around each title
	linkPre, linkPost string // around each link
}

var (
	markdownStyle = robotStyle{RobotMaxBytes, "**Liaison：", " 条新消息**\n\n", "**", "**", "\n[查看详情](", ")"}
	textStyle     = robotStyle{RobotTextMaxBytes, "Liaison：", " 条新消息\n\n", "【", "】", "\n查看详情：", ""}
)

// content fits items into the style's limit: each gets an equal share;
// within it the link is kept whole and the text, then the title, are cut
// on a character boundary with "…".
func (st robotStyle) content(items []channelItem) string {
	head := ""
	if len(items) > 1 {
		head = st.head + strconv.Itoa(len(items)) + st.headEnd
	}
	const sep = "\n\n"
	budget := (st.max - len(head) - sep2(len(items), len(sep))) / len(items)
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = st.item(it, budget)
	}
	return cut(head+strings.Join(parts, sep), st.max) // a link longer than its share is the only way to get here
}

func sep2(n, l int) int { return max(n-1, 0) * l }

func (st robotStyle) item(it channelItem, budget int) string {
	link := ""
	if it.Link != "" {
		link = st.linkPre + it.Link + st.linkPost
	}
	avail := budget - len(link) - len(st.open) - len(st.close) - len("\n")
	title, text := it.Title, it.Text
	if len(title)+len(text) > avail {
		if len(title) > avail/2 {
			title = cut(title, max(avail/2, 0))
		}
		text = cut(text, max(avail-len(title), 0))
	}
	s := st.open + title + st.close
	if text != "" {
		s += "\n" + text
	}
	return s + link
}

// cut shortens s to at most n bytes on a character boundary, marking the
// cut with "…".
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	if n < len(ell) {
		return ""
	}
	return truncate(s, n-len(ell)) + ell
}

// webhookPayload is the generic JSON webhook's body.
type webhookPayload struct {
	UnitID   int64         `json:"unit_id"`
	SentAt   time.Time     `json:"sent_at"`
	Messages []channelItem `json:"messages"`
}

// Sign is the JSON webhook's signature: hex HMAC-SHA256, keyed with the
// unit's secret, over the decimal Unix timestamp, a ".", and the body bytes
// exactly as sent. The receiver recomputes it from X-Liaison-Timestamp and
// the raw body, compares in constant time, and rejects timestamps more than
// five minutes from its own clock (a replayed request).
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// RobotMsgType is the message type a group robot is sent.
type RobotMsgType string

// The robot's message types: markdown (bold title, clickable link) or
// plain text, for groups whose clients show markdown badly (政务微信 on
// some desktops).
const (
	RobotMarkdown RobotMsgType = "markdown"
	RobotText     RobotMsgType = "text"
)

func (t RobotMsgType) orDefault() RobotMsgType {
	if t == "" {
		return RobotMarkdown
	}
	return t
}

// RobotTextMaxBytes is the robot's limit on a text message's content: the
// 企业微信 documentation allows 2048 bytes of UTF-8 for text, half what it
// allows for markdown.
const RobotTextMaxBytes = 2048

// robotTextBody is the robot's plain-text message: the same items as the
// markdown one, without markup, the link written out.
func robotTextBody(items []channelItem) ([]byte, error) {
	return json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": textStyle.content(items)}})
}
