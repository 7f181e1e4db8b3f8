package subscribe

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/meeting"
)

// An RSVP link lets an invitee answer from the mail without signing in. Its
// token is "<meeting>.<user>.<answer>.<expiry>.<nonce>.<signature>": the
// signature is HMAC-SHA256 with the instance's signing key, so nothing is
// stored when the mail is written; the nonce is recorded when the link is
// used (rsvp_uses), so each mail's links work once; the expiry is the
// meeting's end. Accept and decline links of one mail share the nonce:
// answering once spends both.

// Link states a page shows.
const (
	LinkOK      = "ok"
	LinkUsed    = "used"
	LinkExpired = "expired"
)

// RSVPLink is a verified link.
type RSVPLink struct {
	MeetingID int64
	UserID    int64
	Answer    meeting.Answer
	Expires   time.Time
	Nonce     string
}

var answerCodes = map[meeting.Answer]string{meeting.Accepted: "a", meeting.Declined: "d", meeting.Tentative: "t"}

func (s *Service) sign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("rsvp|" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// RSVPTokens returns the accept and decline tokens of one mail.
func (s *Service) RSVPTokens(ctx context.Context, meetingID, userID int64, expires time.Time) (accept, decline string, err error) {
	key, err := s.signingKey(ctx)
	if err != nil {
		return "", "", err
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	nonce := base64.RawURLEncoding.EncodeToString(b)
	mk := func(a meeting.Answer) string {
		p := fmt.Sprintf("%d.%d.%s.%d.%s", meetingID, userID, answerCodes[a], expires.Unix(), nonce)
		return p + "." + s.sign(key, p)
	}
	return mk(meeting.Accepted), mk(meeting.Declined), nil
}

// CheckRSVP verifies a token: NotFound when it is malformed or its signature
// is wrong; otherwise the link and its state (ok, used or expired).
func (s *Service) CheckRSVP(ctx context.Context, tok string) (RSVPLink, string, error) {
	bad := apperr.NotFoundErr("rsvp")
	parts := strings.Split(tok, ".")
	if len(tok) > 200 || len(parts) != 6 {
		return RSVPLink{}, "", bad
	}
	key, err := s.signingKey(ctx)
	if err != nil {
		return RSVPLink{}, "", err
	}
	payload := strings.Join(parts[:5], ".")
	if !hmac.Equal([]byte(parts[5]), []byte(s.sign(key, payload))) {
		return RSVPLink{}, "", bad
	}
	var l RSVPLink
	l.MeetingID, _ = strconv.ParseInt(parts[0], 10, 64)
	l.UserID, _ = strconv.ParseInt(parts[1], 10, 64)
	exp, _ := strconv.ParseInt(parts[3], 10, 64)
	l.Expires, l.Nonce = time.Unix(exp, 0).UTC(), parts[4]
	for a, c := range answerCodes {
		if c == parts[2] {
			l.Answer = a
		}
	}
	if l.MeetingID <= 0 || l.UserID <= 0 || l.Answer == "" {
		return RSVPLink{}, "", bad
	}
	used, err := s.store.NonceUsed(ctx, l.Nonce)
	switch {
	case err != nil:
		return l, "", err
	case used:
		return l, LinkUsed, nil
	case !s.Now().Before(l.Expires):
		return l, LinkExpired, nil
	}
	return l, LinkOK, nil
}

// ApplyRSVP answers for the link's invitee through meeting.Service.RSVP, as
// that user, and spends the link in the same transaction: a reused or
// expired link changes nothing and reports its state. ip and requestID say
// where the answer came from, for the audit log.
func (s *Service) ApplyRSVP(ctx context.Context, tok, ip, requestID string) (RSVPLink, string, error) {
	l, state, err := s.CheckRSVP(ctx, tok)
	if err != nil || state != LinkOK {
		return l, state, err
	}
	u, kind, err := s.Accounts.ActiveUser(ctx, l.UserID)
	if err != nil {
		return l, "", apperr.NotFoundErr("rsvp")
	}
	a := account.ActorFor(u, kind)
	a.IP, a.RequestID = ip, requestID
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		fresh, err := s.store.UseNonce(ctx, l.Nonce, l.MeetingID, l.UserID, string(l.Answer), s.Now())
		if err != nil {
			return err
		}
		if !fresh {
			state = LinkUsed
			return nil
		}
		_, err = s.Meetings.RSVP(ctx, a, l.MeetingID, meeting.RSVPInput{Answer: l.Answer})
		return err
	})
	return l, state, err
}

// RSVPMeeting returns what the confirmation page may show of the link's
// meeting, as its invitee sees it.
func (s *Service) RSVPMeeting(ctx context.Context, l RSVPLink) (meeting.Detail, error) {
	u, kind, err := s.Accounts.ActiveUser(ctx, l.UserID)
	if err != nil {
		return meeting.Detail{}, apperr.NotFoundErr("rsvp")
	}
	return s.Meetings.Get(ctx, account.ActorFor(u, kind), l.MeetingID)
}
