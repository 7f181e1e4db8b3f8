package notify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

type mimePart struct {
	Type   string
	Params map[string]string
	Disp   string
	Body   []byte
	Parts  []mimePart
}

// walk parses a MIME entity into a tree, decoding base64 bodies.
func walk(t *testing.T, h map[string][]string, body io.Reader) mimePart {
	t.Helper()
	get := func(k string) string {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	mt, params, err := mime.ParseMediaType(get("Content-Type"))
	if err != nil {
		t.Fatalf("content-type %q: %v", get("Content-Type"), err)
	}
	p := mimePart{Type: mt, Params: params, Disp: get("Content-Disposition")}
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			p.Parts = append(p.Parts, walk(t, part.Header, part))
		}
		return p
	}
	raw, _ := io.ReadAll(body)
	if get("Content-Transfer-Encoding") != "base64" {
		t.Errorf("%s: transfer encoding %q, want base64", mt, get("Content-Transfer-Encoding"))
	}
	dec, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
	if err != nil {
		t.Fatalf("%s: base64: %v", mt, err)
	}
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 76 {
			t.Errorf("%s: base64 line of %d octets", mt, len(line))
		}
	}
	p.Body = dec
	return p
}

func TestService_SendInvite(t *testing.T) {
	t.Parallel()
	for _, method := range []calendar.Method{calendar.Request, calendar.Cancel} {
		t.Run(string(method), func(t *testing.T) {
			t.Parallel()
			d := dbtest.New(t)
			ms := newMailServer(t)
			s := newService(t, d, ms.Host, ms.Port, fast())
			m := invite(t, "meeting:7:lina:"+string(method), method, 1)
			if ok, err := s.Enqueue(context.Background(), m); err != nil || !ok {
				t.Fatalf("enqueue = %v, %v", ok, err)
			}
			start(t, s)
			got := ms.WaitFor(1, 15*time.Second)[0]
			if got.From != organizer || len(got.To) != 1 || got.To[0] != m.To {
				t.Errorf("envelope %s → %v", got.From, got.To)
			}
			msg := parseMail(t, got.Data)
			dec := new(mime.WordDecoder)
			if subj, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subj != m.Subject {
				t.Errorf("subject %q → %q, %v", msg.Header.Get("Subject"), subj, err)
			}
			if raw := msg.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
				t.Errorf("subject not RFC 2047-encoded: %q", raw)
			}
			from, err := (&mail.AddressParser{WordDecoder: dec}).Parse(msg.Header.Get("From"))
			if err != nil || from.Address != organizer || from.Name != m.FromName || !strings.Contains(msg.Header.Get("From"), "=?") {
				t.Errorf("From %q → %+v, %v", msg.Header.Get("From"), from, err)
			}
			o := waitStatus(t, s, m.DedupeKey, notify.Sent)
			if id := msg.Header.Get("Message-Id"); id != o.MessageID || !strings.HasSuffix(id, "@liaison.example.gov.cn>") {
				t.Errorf("Message-ID %q, outbox says %q", id, o.MessageID)
			}
			root := walk(t, msg.Header, msg.Body)
			if root.Type != "multipart/mixed" || len(root.Parts) != 2 {
				t.Fatalf("root %s with %d parts", root.Type, len(root.Parts))
			}
			alt, att := root.Parts[0], root.Parts[1]
			if alt.Type != "multipart/alternative" || len(alt.Parts) != 3 {
				t.Fatalf("first part %s with %d parts", alt.Type, len(alt.Parts))
			}
			wantTypes := []string{"text/plain", "text/html", "text/calendar"}
			for i, p := range alt.Parts {
				if p.Type != wantTypes[i] || !strings.EqualFold(p.Params["charset"], "utf-8") {
					t.Errorf("alternative %d: %s %v", i, p.Type, p.Params)
				}
			}
			if string(alt.Parts[0].Body) != m.Text {
				t.Errorf("text %q", alt.Parts[0].Body)
			}
			cal := alt.Parts[2]
			if !bytes.Equal(cal.Body, m.ICS) {
				t.Error("calendar part differs from the ICS given")
			}
			if cal.Params["method"] != string(method) || !bytes.Contains(cal.Body, []byte("\r\nMETHOD:"+string(method)+"\r\n")) {
				t.Errorf("method= %q, calendar says %s", cal.Params["method"], method)
			}
			if att.Type != "application/ics" || !strings.Contains(att.Disp, `filename="invite.ics"`) || !bytes.Equal(att.Body, m.ICS) {
				t.Errorf("attachment %s %q (same bytes: %v)", att.Type, att.Disp, bytes.Equal(att.Body, m.ICS))
			}
		})
	}
}

func TestService_EnqueueValidation(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := newService(t, d, "127.0.0.1", 25, fast())
	cases := []struct {
		name, field, code string
		edit              func(*notify.Mail)
	}{
		{"not an email", "to", "notify.email_invalid", func(m *notify.Mail) { m.To = "李娜 at jcy" }},
		{"display name", "to", "notify.email_invalid", func(m *notify.Mail) { m.To = "Li Na <lina@jcy.example.gov.cn>" }},
		{"two addresses", "to", "notify.email_invalid", func(m *notify.Mail) { m.To = "a@x.cn,b@x.cn" }},
		{"header injection", "to", "notify.email_invalid", func(m *notify.Mail) { m.To = "a@x.cn\r\nBcc: b@x.cn" }},
		{"no subject", "subject", "notify.subject_invalid", func(m *notify.Mail) { m.Subject = " " }},
		{"no key", "dedupe_key", "notify.dedupe_key_invalid", func(m *notify.Mail) { m.DedupeKey = "" }},
		{"organizer is not the sender", "ics", "notify.organizer_mismatch", func(m *notify.Mail) {
			m.ICS = bytes.ReplaceAll(m.ICS, []byte("mailto:"+organizer), []byte("mailto:other@fzb.example.gov.cn"))
		}},
		{"no method", "ics", "notify.method_invalid", func(m *notify.Mail) {
			m.ICS = bytes.ReplaceAll(m.ICS, []byte("METHOD:REQUEST\r\n"), nil)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := invite(t, "k:"+c.name, calendar.Request, 0)
			c.edit(&m)
			_, err := s.Enqueue(context.Background(), m)
			ae, ok := apperr.As(err)
			if !ok || ae.Kind != apperr.Invalid || ae.Fields[c.field] != c.code {
				t.Fatalf("err = %v, want 422 %s=%s", err, c.field, c.code)
			}
		})
	}
	if n := len(outbox(t, s, "")); n != 0 {
		t.Errorf("%d rows recorded from bad input", n)
	}
}

func TestService_SentBy(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	s := newService(t, d, "127.0.0.1", 25, fast())
	ev := event()
	ev.Organizer.Email = "leader@fzb.example.gov.cn"
	ev.SentBy = organizer
	ics, err := calendar.Invite(ev, calendar.Request, d.Now())
	if err != nil {
		t.Fatal(err)
	}
	m := invite(t, "sent-by", calendar.Request, 0)
	m.ICS = ics
	if _, err := s.Enqueue(context.Background(), m); err != nil {
		t.Fatalf("ORGANIZER with SENT-BY the sender: %v", err)
	}
}
