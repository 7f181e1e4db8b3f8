package imiptest

import (
	"bytes"
	"embed"
	"encoding/base64"
	"mime/quotedprintable"
	"strings"
	"testing"
	"text/template"
)

//go:embed testdata/*.eml testdata/*.ics
var fixtures embed.FS

// Clients whose reply shapes testdata holds (see testdata/README.md).
var Clients = []string{"outlook", "apple", "gmail", "thunderbird"}

// Values fill a fixture in for the meeting under test: the shapes are the
// clients', the UID, addresses and SEQUENCE are the test's.
type Values struct {
	UID          string
	Sequence     int
	PartStat     string // ACCEPTED, DECLINED, TENTATIVE, DELEGATED
	Attendee     string // the address on the ATTENDEE line
	From         string // the From header; normally the same as Attendee
	Name         string
	Organizer    string
	MessageID    string
	Title        string
	DelegateTo   string // DELEGATED-TO (thunderbird only)
	RecurrenceID string // local time in Asia/Shanghai, 20061230T090000; empty for the series
}

// verbs is what each answer is called in a reply's subject.
var verbs = map[string]string{"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentative", "DELEGATED": "Delegated"}

// Reply renders client's reply mail with v, CRLF line ends as on the wire.
func Reply(t testing.TB, client string, v Values) []byte {
	t.Helper()
	if v.From == "" {
		v.From = v.Attendee
	}
	ics := render(t, client+".ics", map[string]any{"UID": v.UID, "Sequence": v.Sequence, "PartStat": v.PartStat,
		"Attendee": v.Attendee, "Name": v.Name, "Organizer": v.Organizer, "Title": v.Title, "Verb": verbs[v.PartStat],
		"DelegateTo": v.DelegateTo, "RecurrenceID": v.RecurrenceID})
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	_, _ = w.Write(ics)
	_ = w.Close()
	return render(t, client+".eml", map[string]any{"From": v.From, "Name": v.Name, "Organizer": v.Organizer,
		"MessageID": v.MessageID, "Verb": verbs[v.PartStat], "ICS": string(ics), "ICSBase64": wrap64(ics),
		"ICSQP": qp.String(), "TextBase64": wrap64([]byte(v.Name + " has accepted this invitation.\r\n"))})
}

func render(t testing.TB, name string, data map[string]any) []byte {
	t.Helper()
	src, err := fixtures.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := template.New(name).Option("missingkey=error").Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(b.String(), "\r\n", "\n")
	return []byte(strings.ReplaceAll(s, "\n", "\r\n"))
}

// wrap64 is base64 in 76-character lines, as mailers write it.
func wrap64(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	out.WriteString(s)
	return out.String()
}
