package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoad_IMAP(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil), nil, nil)
	if err != nil || c.IMAP.Configured() {
		t.Fatalf("no mailbox by default: %+v %v", c.IMAP, err)
	}
	c, err = Load(env(map[string]string{
		"LIAISON_IMAP_ADDR": "imap.example.gov.cn:993", "LIAISON_IMAP_USERNAME": "liaison", "LIAISON_IMAP_PASSWORD": "s3cret",
		"LIAISON_IMAP_PROCESSED": "已处理", "LIAISON_IMAP_POLL": "30s",
	}), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (IMAP{Addr: "imap.example.gov.cn:993", Username: "liaison", Password: "s3cret", TLS: "tls", Inbox: "INBOX",
		Processed: "已处理", Poll: 30 * time.Second}); c.IMAP != want || !c.IMAP.Configured() {
		t.Errorf("IMAP = %+v, want %+v", c.IMAP, want)
	}
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"cleartext to a remote server": {map[string]string{"LIAISON_IMAP_TLS": "none"}, "only for a server on the loopback"},
		"unknown TLS mode":             {map[string]string{"LIAISON_IMAP_TLS": "ssl"}, "want tls, starttls or none"},
		"no port":                      {map[string]string{"LIAISON_IMAP_ADDR": "imap.example.gov.cn"}, "want host:port"},
		"no password":                  {map[string]string{"LIAISON_IMAP_PASSWORD": ""}, "LIAISON_IMAP_PASSWORD"},
		"same folders":                 {map[string]string{"LIAISON_IMAP_PROCESSED": "INBOX"}, "two different folders"},
		"too frequent":                 {map[string]string{"LIAISON_IMAP_POLL": "1s"}, "at least 10s"},
	} {
		e := map[string]string{"LIAISON_IMAP_ADDR": "imap.example.gov.cn:993", "LIAISON_IMAP_USERNAME": "u", "LIAISON_IMAP_PASSWORD": "p"}
		for k, v := range tc.env {
			e[k] = v
		}
		if _, err := Load(env(e), nil, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.want)
		}
	}
	if _, err := Load(env(map[string]string{"LIAISON_IMAP_ADDR": "127.0.0.1:1143", "LIAISON_IMAP_USERNAME": "u",
		"LIAISON_IMAP_PASSWORD": "p", "LIAISON_IMAP_TLS": "none"}), nil, nil); err != nil {
		t.Errorf("cleartext to a loopback server is allowed: %v", err)
	}
}
