package imip_test

import (
	"testing"
	"time"

	"liaison/app/imip"
	"liaison/app/imip/imiptest"
	"liaison/app/workday"
)

// TestParseReply_ClientShapes reads each client's reply shape (Outlook's
// base64 part in multipart/alternative with a Windows zone name, Apple's
// quoted-printable attachment, Gmail's inline part plus application/ics,
// Thunderbird's 8bit part plus attachment) for every answer.
func TestParseReply_ClientShapes(t *testing.T) {
	for _, client := range imiptest.Clients {
		for _, ps := range []string{"ACCEPTED", "DECLINED", "TENTATIVE"} {
			raw := imiptest.Reply(t, client, imiptest.Values{UID: "m-17@liaison", Sequence: 3, PartStat: ps,
				Attendee: "Li.Jing@Example.gov.cn", Name: "李静", Organizer: "liaison@example.gov.cn",
				MessageID: client + "-" + ps + "@mail.example", Title: "联席会议"})
			r, reason := imip.ParseReply(raw)
			if reason != "" {
				t.Fatalf("%s %s: %s\n%s", client, ps, reason, raw)
			}
			if r.UID != "m-17@liaison" || r.Sequence != 3 || r.From != "li.jing@example.gov.cn" ||
				r.MessageID != client+"-"+ps+"@mail.example" || !r.RecurrenceID.IsZero() {
				t.Errorf("%s %s: %+v", client, ps, r)
			}
			if len(r.Attendees) != 1 || r.Attendees[0].Email != "li.jing@example.gov.cn" || r.Attendees[0].PartStat != ps {
				t.Errorf("%s %s: attendees %+v", client, ps, r.Attendees)
			}
		}
	}
}

func TestParseReply_DelegationAndOccurrence(t *testing.T) {
	raw := imiptest.Reply(t, "thunderbird", imiptest.Values{UID: "u@l", PartStat: "DELEGATED", Attendee: "a@x.cn",
		DelegateTo: "b@x.cn", Organizer: "o@x.cn", MessageID: "d@x", Title: "t", Name: "A"})
	r, reason := imip.ParseReply(raw)
	if reason != "" || len(r.Attendees) != 2 || r.Attendees[0].PartStat != "DELEGATED" ||
		len(r.Attendees[0].DelegatedTo) != 1 || r.Attendees[0].DelegatedTo[0] != "b@x.cn" {
		t.Fatalf("delegation: %q %+v", reason, r)
	}
	raw = imiptest.Reply(t, "outlook", imiptest.Values{UID: "u@l", PartStat: "DECLINED", Attendee: "a@x.cn",
		Organizer: "o@x.cn", MessageID: "o@x", Title: "t", Name: "A", RecurrenceID: "20261214T090000"})
	r, reason = imip.ParseReply(raw)
	want := time.Date(2026, 12, 14, 9, 0, 0, 0, workday.Shanghai())
	if reason != "" || !r.RecurrenceID.Equal(want) {
		t.Fatalf("Outlook's RECURRENCE-ID in China Standard Time: %q %v, want %v", reason, r.RecurrenceID, want)
	}
}

func TestParseReply_NotAReply(t *testing.T) {
	for name, raw := range map[string]string{
		"plain":   "From: a@x.cn\r\nMessage-ID: <p@x>\r\nSubject: 收到\r\n\r\n好的\r\n",
		"request": "From: a@x.cn\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:u\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"garbage": "\x00\x01not mail",
	} {
		if _, reason := imip.ParseReply([]byte(raw)); reason == "" {
			t.Errorf("%s: read as a reply", name)
		}
	}
}
