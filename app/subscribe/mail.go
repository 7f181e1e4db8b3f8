package subscribe

import (
	"context"
	"fmt"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/calendar"
	"liaison/app/notify"
	"liaison/app/workday"
)

// maxLinkLife bounds how long accept/decline links of a long series live.
const maxLinkLife = 90 * 24 * time.Hour

// mail writes an invitation mail. variant is invite, update, cancel or
// removed; seq is the SEQUENCE its calendar carries. Sensitive and classified meetings get a neutral subject and body
// (the time only, which the ICS shows as busy time anyway): outbox rows are
// kept and shown to admins. Invitees with an account get accept and decline
// links; an error is returned only when making them fails.
func (s *Service) mail(ctx context.Context, m *meetingRow, variant, key, to, name string, ics []byte, seq int, userID *int64) (notify.Mail, error) {
	neutral := m.Sensitivity != string(account.Ordinary)
	subj := "feed.mail.subject_" + variant
	var b strings.Builder
	line := func(s string) { b.WriteString(s); b.WriteString("\n") }
	line(s.t("feed.mail.intro_" + variant))
	line("")
	if neutral {
		line(s.t("feed.mail.neutral"))
		subj += "_neutral"
	} else {
		line(s.t("feed.mail.title", "Title", m.Title))
	}
	line(s.t("feed.mail.when", "When", when(m.StartAt, m.EndAt)))
	if strings.HasPrefix(variant, "occ_") {
		line(s.t("feed.mail.one_occurrence"))
	} else if m.RRule != "" {
		line(s.t("feed.mail.recurring"))
	}
	if p := place(m); p != "" && !neutral {
		line(s.t("feed.mail.where", "Where", p))
	}
	if m.OnlineURL != "" && !neutral && kindOf(variant) == "invite" {
		line(s.t("feed.mail.online", "Label", calendar.ConferenceLabel(m.OnlineURL), "URL", m.OnlineURL))
	}
	if m.CancelReason != "" && !neutral && variant == "cancel" {
		line(s.t("feed.mail.cancel_reason", "Reason", m.CancelReason))
	}
	line(s.t("feed.mail.page", "URL", s.link(fmt.Sprintf("/meetings/%d", m.ID))))
	var files []notify.File
	if variant == "invite" && !neutral { // the 会议通知 (notice_file.go)
		f, err := s.noticeFile(ctx, m.ID)
		if err != nil {
			return notify.Mail{}, err
		}
		if f != nil {
			line(s.t("notice.mail_link", "URL", s.link(fmt.Sprintf("/meetings/%d/notice", m.ID))))
			line(s.t("notice.mail_file", "Name", f.Name))
			files = append(files, *f)
		}
	}
	if userID != nil && (variant == "invite" || variant == "update") {
		exp := m.SeriesEndAt
		if lim := s.Now().Add(maxLinkLife); exp.After(lim) {
			exp = lim
		}
		acc, dec, err := s.RSVPTokens(ctx, m.ID, *userID, exp)
		if err != nil {
			return notify.Mail{}, err
		}
		line("")
		line(s.t("feed.mail.accept", "URL", s.link("/rsvp/"+acc)))
		line(s.t("feed.mail.decline", "URL", s.link("/rsvp/"+dec)))
		line(s.t("feed.mail.links_note"))
	}
	if !s.replies && (variant == "invite" || variant == "update") {
		line(s.t("imip.mail.answer_in_liaison"))
	}
	kind := kindOf(variant)
	return notify.Mail{Kind: kind, DedupeKey: key, To: to, ToName: name, FromName: m.UnitName,
		Subject: s.t(subj, "Title", clip(m.Title, 120)), Text: b.String(), ICS: ics, Files: files, MeetingID: m.ID, Sequence: seq}, nil
}

// kindOf is the notify kind of a mail variant: what it sends is a CANCEL
// or an invitation.
func kindOf(variant string) string {
	if variant == "cancel" || variant == "removed" || variant == "occ_cancel" {
		return "cancel"
	}
	return "invite"
}

// when formats a meeting's time in Asia/Shanghai.
func when(start, end time.Time) string {
	sh := workday.Shanghai()
	a, b := start.In(sh), end.In(sh)
	if a.Format("20060102") == b.Format("20060102") {
		return a.Format("2006-01-02 15:04") + "–" + b.Format("15:04")
	}
	return a.Format("2006-01-02 15:04") + " – " + b.Format("2006-01-02 15:04")
}

// clip shortens s to n characters (subjects have a length limit).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// noMailReplies marks an invitation when no mailbox reads answers: no
// RSVP is asked, and the description (where the meeting may carry one)
// says how to answer instead, since a calendar's 接受 would be lost.
func (s *Service) noMailReplies(ev *calendar.Event) {
	if s.replies {
		return
	}
	ev.NoMailReplies = true
	if ev.Sensitivity == calendar.Ordinary {
		note := s.t("imip.mail.answer_in_liaison")
		if ev.Description != "" {
			note = ev.Description + "\n\n" + note
		}
		ev.Description = note
	}
}
