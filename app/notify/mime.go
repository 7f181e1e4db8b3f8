package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"html"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// envelope is what the MIME builder needs besides the Mail itself.
type envelope struct {
	From      mail.Address
	Host      string // right-hand side of the Message-ID
	Date      time.Time
	MessageID string
}

// messageID derives the Message-ID from the dedupe key, so a mail that is
// sent twice after a crash carries the same id and receiving servers and
// clients can drop the copy.
func messageID(dedupeKey, host string) string {
	sum := sha256.Sum256([]byte(dedupeKey))
	return "<" + hex.EncodeToString(sum[:16]) + "@" + host + ">"
}

// buildMessage renders m as RFC 5322 bytes: multipart/mixed holding a
// multipart/alternative (text/plain, text/html and, for invitations, the
// text/calendar part with method= equal to the calendar's METHOD) plus the
// same calendar bytes as an invite.ics attachment (RFC 6047). Without a
// calendar the message is just the multipart/alternative. The output is a
// pure function of its input (boundaries come from the Message-ID), so a
// retry sends the very same bytes.
func buildMessage(m Mail, method string, env envelope) []byte {
	seed := sha256.Sum256([]byte(env.MessageID))
	boundary := func(tag string) string { return "=_" + tag + "_" + hex.EncodeToString(seed[:12]) }
	var b bytes.Buffer
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", address(env.From.Name, env.From.Address))
	hdr("To", address(m.ToName, m.To))
	hdr("Subject", encodeHeader(m.Subject))
	hdr("Date", env.Date.Format(time.RFC1123Z))
	hdr("Message-ID", env.MessageID)
	hdr("MIME-Version", "1.0")
	hdr("Auto-Submitted", "auto-generated")
	if len(m.ICS) > 0 {
		hdr("Content-Class", "urn:content-classes:calendarmessage")
	}
	htmlBody := m.HTML
	if htmlBody == "" {
		htmlBody = "<!DOCTYPE html><html><body><pre style=\"font-family:inherit;white-space:pre-wrap\">" + html.EscapeString(m.Text) + "</pre></body></html>"
	}
	alt := boundary("alt")
	writeAlt := func() {
		part(&b, alt, textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}}, []byte(m.Text))
		part(&b, alt, textproto.MIMEHeader{"Content-Type": {"text/html; charset=UTF-8"}}, []byte(htmlBody))
		if len(m.ICS) > 0 {
			part(&b, alt, textproto.MIMEHeader{"Content-Type": {"text/calendar; charset=UTF-8; method=" + method}}, m.ICS)
		}
		b.WriteString("--" + alt + "--\r\n")
	}
	if len(m.ICS) == 0 && len(m.Files) == 0 {
		hdr("Content-Type", `multipart/alternative; boundary="`+alt+`"`)
		b.WriteString("\r\n")
		writeAlt()
		return b.Bytes()
	}
	mixed := boundary("mixed")
	hdr("Content-Type", `multipart/mixed; boundary="`+mixed+`"`)
	b.WriteString("\r\n--" + mixed + "\r\n")
	b.WriteString(`Content-Type: multipart/alternative; boundary="` + alt + "\"\r\n\r\n")
	writeAlt()
	if len(m.ICS) > 0 {
		part(&b, mixed, textproto.MIMEHeader{
			"Content-Type":        {`application/ics; name="invite.ics"`},
			"Content-Disposition": {`attachment; filename="invite.ics"`},
		}, m.ICS)
	}
	for _, f := range m.Files {
		// the name in RFC 2231 form, and RFC 2047 for older readers
		ext := url.PathEscape(f.Name)
		part(&b, mixed, textproto.MIMEHeader{
			"Content-Type":        {f.ContentType + `; name="` + encodeHeader(f.Name) + `"`},
			"Content-Disposition": {`attachment; filename="` + encodeHeader(f.Name) + `"; filename*=UTF-8''` + ext},
		}, f.Body)
	}
	b.WriteString("--" + mixed + "--\r\n")
	return b.Bytes()
}

// part writes one base64 body part; base64 keeps CRLFs of the calendar
// intact and lines short, whatever the text.
func part(b *bytes.Buffer, boundary string, h textproto.MIMEHeader, body []byte) {
	b.WriteString("--" + boundary + "\r\n")
	for _, k := range []string{"Content-Type", "Content-Disposition"} {
		if v := h.Get(k); v != "" {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(body)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

// encodeHeader RFC 2047-encodes s when it is not plain ASCII, as short
// encoded words on folded lines, so that every header line stays within
// 78 octets (RFC 5322) whatever the text; CR and LF cannot get through.
func encodeHeader(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if isASCII(s) {
		return s
	}
	var words []string
	chunk := make([]byte, 0, 42)
	for _, r := range s {
		// 42 octets encode to a 68-octet word: "Subject: " + word ≤ 78.
		if len(chunk)+utf8.RuneLen(r) > 42 {
			words = append(words, bWord(chunk))
			chunk = chunk[:0]
		}
		chunk = utf8.AppendRune(chunk, r)
	}
	words = append(words, bWord(chunk))
	return strings.Join(words, "\r\n ")
}

// address formats a mailbox with an encoded display name, folding before
// the address.
func address(name, addr string) string {
	name = strings.Join(strings.Fields(name), " ")
	if isASCII(name) {
		return (&mail.Address{Name: name, Address: addr}).String()
	}
	return encodeHeader(name) + "\r\n <" + addr + ">"
}

// bWord is one RFC 2047 B-encoded word; mime.BEncoding would leave an
// ASCII-only chunk bare, and the space before it would then count.
func bWord(b []byte) string { return "=?UTF-8?B?" + base64.StdEncoding.EncodeToString(b) + "?=" }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// calendarMethod returns the METHOD of an iCalendar object ("" if none).
func calendarMethod(ics []byte) string {
	return strings.ToUpper(calendarProp(ics, "METHOD"))
}

// calendarProp returns the first property called name (with its
// parameters, after unfolding), e.g. `ORGANIZER;CN=x:mailto:a@b` → the whole
// text after the name.
func calendarProp(ics []byte, name string) string {
	unfolded := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(string(ics))
	for _, line := range strings.Split(unfolded, "\r\n") {
		if rest, ok := strings.CutPrefix(line, name); ok && len(rest) > 0 && (rest[0] == ':' || rest[0] == ';') {
			if rest[0] == ':' {
				return rest[1:]
			}
			return rest
		}
	}
	return ""
}

// organizerOK reports whether From may send this calendar: RFC 6047 wants
// the sender to be the ORGANIZER, or named in its SENT-BY parameter.
func organizerOK(ics []byte, from string) bool {
	org := calendarProp(ics, "ORGANIZER")
	if org == "" {
		return false
	}
	from = strings.ToLower(from)
	low := strings.ToLower(org)
	if strings.HasSuffix(low, ":mailto:"+from) || low == "mailto:"+from {
		return true
	}
	return strings.Contains(low, `sent-by="mailto:`+from+`"`) || strings.Contains(low, "sent-by=mailto:"+from+";") || strings.Contains(low, "sent-by=mailto:"+from+":")
}
