package notify

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestBuildMessage_Headers(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("关于行政检察与行政执法监督衔接工作的联席会议😀", 4)
	m := Mail{To: "lina@jcy.example.gov.cn", ToName: "李娜", FromName: `区委依法治区办 "张伟"`, Subject: long + "\r\nBcc: x@y.cn", Text: "正文"}
	env := envelope{From: mail.Address{Name: m.FromName, Address: "zhangwei@fzb.example.gov.cn"}, Date: time.Date(2026, 12, 1, 1, 2, 3, 0, time.UTC),
		MessageID: messageID("k", "liaison.example.gov.cn")}
	a, b := buildMessage(m, "", env), buildMessage(m, "", env)
	if !bytes.Equal(a, b) {
		t.Error("the same mail built twice differs")
	}
	head, _, _ := bytes.Cut(a, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 78 && !strings.HasPrefix(line, "Content-Type:") {
			t.Errorf("header line of %d octets: %q", len(line), line)
		}
		if strings.HasPrefix(line, "Bcc") {
			t.Errorf("header injected: %q", line)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != long+" Bcc: x@y.cn" {
		t.Errorf("subject %q, %v", subj, err)
	}
	if msg.Header.Get("Message-Id") != messageID("k", "liaison.example.gov.cn") || messageID("k", "h") == messageID("k2", "h") {
		t.Error("Message-ID not derived from the dedupe key")
	}
}
