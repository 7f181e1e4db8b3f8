package web_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// outboxMail is one recorded mail with its decoded parts.
type outboxMail struct {
	Kind, DedupeKey, Recipient, Subject string
	Sequence                            *int
	Text                                string
	ICS                                 []string // every text/calendar part and .ics attachment
}

// outbox returns the recorded mails to recipient, oldest first.
func outbox(t *testing.T, e *webtest.Env, recipient string) []outboxMail {
	t.Helper()
	var rows []struct {
		Kind, DedupeKey, Recipient, Subject string
		Sequence                            *int
		Message                             []byte
	}
	if err := e.DB.Conn(e.Ctx()).Raw(`SELECT kind, dedupe_key, recipient, subject, sequence, message FROM outbox WHERE recipient = ? ORDER BY id`, recipient).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]outboxMail, len(rows))
	for i, r := range rows {
		out[i] = outboxMail{Kind: r.Kind, DedupeKey: r.DedupeKey, Recipient: r.Recipient, Subject: r.Subject, Sequence: r.Sequence}
		msg, err := mail.ReadMessage(bytes.NewReader(r.Message))
		if err != nil {
			t.Fatalf("outbox message: %v", err)
		}
		if s, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err == nil {
			out[i].Subject = s
		}
		walkMIME(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &out[i])
	}
	return out
}

func walkMIME(t *testing.T, ct, cte string, body io.Reader, m *outboxMail) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("content type %q: %v", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			walkMIME(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, m)
		}
	}
	var r io.Reader = body
	switch strings.ToLower(cte) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &stripNL{body})
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case mt == "text/plain":
		m.Text += string(data)
	case mt == "text/calendar" || mt == "application/ics":
		m.ICS = append(m.ICS, string(data))
	}
}

// stripNL drops line breaks from base64 bodies.
type stripNL struct{ r io.Reader }

func (s *stripNL) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, b := range p[:n] {
		if b != '\r' && b != '\n' {
			p[j] = b
			j++
		}
	}
	return j, err
}

// icsProp returns the unfolded values of property name in body.
func icsProp(body, name string) []string {
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	var out []string
	for _, l := range strings.Split(unfolded, "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			if base, _, _ := strings.Cut(k, ";"); base == name {
				out = append(out, v)
			}
		}
	}
	return out
}

var rsvpLinkRE = regexp.MustCompile(`/rsvp/[A-Za-z0-9._-]+`)
