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
	return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": robotContent(items)}})
}

// robotContent fits items into RobotMaxBytes: each gets an equal share;
// within it the link is kept whole and the text, then the title, are cut
// on a character boundary with "…".
func robotContent(items []channelItem) string {
	head := ""
	if len(items) > 1 {
		head = "**Liaison：" + strconv.Itoa(len(items)) + " 条新消息**\n\n"
	}
	const sep = "\n\n"
	budget := (RobotMaxBytes - len(head) - sep2(len(items), len(sep))) / len(items)
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = robotItem(it, budget)
	}
	out := head + strings.Join(parts, sep)
	return cut(out, RobotMaxBytes) // a link longer than its share is the only way to get here
}

func sep2(n, l int) int { return max(n-1, 0) * l }

func robotItem(it channelItem, budget int) string {
	link := ""
	if it.Link != "" {
		link = "\n[查看详情](" + it.Link + ")"
	}
	const bold = len("****\n")
	avail := budget - len(link) - bold
	title, text := it.Title, it.Text
	if len(title)+len(text) > avail {
		if len(title) > avail/2 {
			title = cut(title, max(avail/2, 0))
		}
		text = cut(text, max(avail-len(title), 0))
	}
	s := "**" + title + "**"
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
	return json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": robotTextContent(items)}})
}

// robotTextContent fits items into RobotTextMaxBytes as robotContent does.
func robotTextContent(items []channelItem) string {
	head := ""
	if len(items) > 1 {
		head = "Liaison：" + strconv.Itoa(len(items)) + " 条新消息\n\n"
	}
	const sep = "\n\n"
	budget := (RobotTextMaxBytes - len(head) - sep2(len(items), len(sep))) / len(items)
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = robotTextItem(it, budget)
	}
	return cut(head+strings.Join(parts, sep), RobotTextMaxBytes)
}

func robotTextItem(it channelItem, budget int) string {
	link := ""
	if it.Link != "" {
		link = "\n查看详情：" + it.Link
	}
	const nl = len("【】\n")
	avail := budget - len(link) - nl
	title, text := it.Title, it.Text
	if len(title)+len(text) > avail {
		if len(title) > avail/2 {
			title = cut(title, max(avail/2, 0))
		}
		text = cut(text, max(avail-len(title), 0))
	}
	s := "【" + title + "】"
	if text != "" {
		s += "\n" + text
	}
	return s + link
}
