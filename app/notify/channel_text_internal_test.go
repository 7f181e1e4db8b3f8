package notify

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRobotText_FitsTheLimit: a full batch of long items becomes one plain
// text message of at most RobotTextMaxBytes of valid UTF-8, each item's
// link whole, no markdown.
func TestRobotText_FitsTheLimit(t *testing.T) {
	items := make([]channelItem, maxBatch)
	for i := range items {
		items[i] = channelItem{Title: strings.Repeat("逾期事项标题", 40), Text: strings.Repeat("整改说明", 300),
			Link: "https://liaison.example.gov.cn/actions/" + strings.Repeat("9", 6)}
	}
	for _, n := range []int{1, 3, maxBatch} {
		raw, err := robotTextBody(items[:n])
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			MsgType string `json:"msgtype"`
			Text    struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		if err := json.Unmarshal(raw, &m); err != nil || m.MsgType != "text" {
			t.Fatalf("%d items: %s (%v)", n, raw, err)
		}
		c := m.Text.Content
		if len(c) > RobotTextMaxBytes || !utf8.ValidString(c) || strings.Contains(c, "**") {
			t.Errorf("%d items: %d bytes, valid %v", n, len(c), utf8.ValidString(c))
		}
		if got := strings.Count(c, "查看详情：https://liaison.example.gov.cn/actions/999999"); got != n {
			t.Errorf("%d items: %d whole links", n, got)
		}
	}
}
