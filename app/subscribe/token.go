package subscribe

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
)

// A feed token is base64url(HMAC-SHA256(signing key, "feed|user|<id>|<salt>")),
// 43 characters carrying 256 bits. Only the salt and the token's SHA-256 are
// stored, so the address can be shown again without keeping the secret, and
// a database leak does not reveal working addresses (the signing key lives
// in settings too, so this protects against partial leaks such as backups of
// one table, logs or screenshots of rows). Rotation draws a new salt.
const tokenLen = 43

// FeedLinks are the two forms of a feed's address.
type FeedLinks struct {
	URL    string `json:"url"`        // https (or http in development)
	Webcal string `json:"webcal_url"` // the same with the webcal scheme
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

func newSalt() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Service) makeToken(key []byte, kind string, owner int64, salt string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("feed|" + kind + "|" + strconv.FormatInt(owner, 10) + "|" + salt))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ValidTokenShape reports whether tok could be a token at all; requests
// with anything else are refused without a database query.
func ValidTokenShape(tok string) bool {
	if len(tok) != tokenLen {
		return false
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (s *Service) links(tok string) FeedLinks {
	u := s.link("/feeds/" + tok + ".ics")
	web := u
	if i := strings.Index(u, "://"); i >= 0 {
		web = "webcal" + u[i:]
	}
	return FeedLinks{URL: u, Webcal: web}
}

// MyFeed returns the actor's feed address, creating it on first use; the
// same address comes back until it is rotated.
func (s *Service) MyFeed(ctx context.Context, a account.Actor) (FeedLinks, error) {
	if a.UserID == 0 {
		return FeedLinks{}, apperr.E(apperr.Unauthorized, "auth.required")
	}
	return s.feed(ctx, a, "user", a.UserID, false)
}

// RotateMyFeed gives the actor a new feed address; the old one then 404s.
func (s *Service) RotateMyFeed(ctx context.Context, a account.Actor) (FeedLinks, error) {
	if a.UserID == 0 {
		return FeedLinks{}, apperr.E(apperr.Unauthorized, "auth.required")
	}
	return s.feed(ctx, a, "user", a.UserID, true)
}

// mayPublishUnit: a unit's secretaries publish its feed (admins do too).
func mayPublishUnit(a account.Actor) error {
	if a.UnitID == 0 || (a.Role != account.RoleSecretary && a.Role != account.RoleAdmin) {
		return apperr.E(apperr.Forbidden, "feed.unit_forbidden")
	}
	return nil
}

// UnitFeed returns the feed address of the actor's unit (secretaries only).
func (s *Service) UnitFeed(ctx context.Context, a account.Actor) (FeedLinks, error) {
	if err := mayPublishUnit(a); err != nil {
		return FeedLinks{}, err
	}
	return s.feed(ctx, a, "unit", a.UnitID, false)
}

// RotateUnitFeed gives the actor's unit a new feed address.
func (s *Service) RotateUnitFeed(ctx context.Context, a account.Actor) (FeedLinks, error) {
	if err := mayPublishUnit(a); err != nil {
		return FeedLinks{}, err
	}
	return s.feed(ctx, a, "unit", a.UnitID, true)
}

func (s *Service) feed(ctx context.Context, a account.Actor, kind string, owner int64, rotate bool) (FeedLinks, error) {
	key, err := s.signingKey(ctx)
	if err != nil {
		return FeedLinks{}, err
	}
	var userID, unitID int64
	if kind == "unit" {
		unitID = owner
	} else {
		userID = owner
	}
	var tok string
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		t, ok, err := s.store.Token(ctx, userID, unitID)
		if err != nil {
			return err
		}
		now := s.Now()
		var before any // the audit keeps when the link was made, never the token
		if ok {
			before = feedAudit{RotatedAt: t.RotatedAt.UTC()}
		}
		if !ok {
			t = FeedToken{Salt: newSalt(), CreatedAt: now, RotatedAt: now}
			if a.UserID > 0 {
				by := a.UserID
				t.CreatedBy = &by
			}
			if unitID > 0 {
				t.UnitID = &unitID
			} else {
				t.UserID = &userID
			}
			t.TokenHash = hashToken(s.makeToken(key, kind, owner, t.Salt))
			if err := s.store.CreateToken(ctx, &t); err != nil {
				return err
			}
			if t, _, err = s.store.Token(ctx, userID, unitID); err != nil {
				return err
			}
		} else if rotate {
			t.Salt = newSalt()
			t.TokenHash = hashToken(s.makeToken(key, kind, owner, t.Salt))
			if err := s.store.RotateToken(ctx, t.ID, t.Salt, t.TokenHash, now); err != nil {
				return err
			}
		}
		tok = s.makeToken(key, kind, owner, t.Salt)
		if rotate {
			return s.Accounts.AuditChange(ctx, a, "feed.rotate", kind, owner, before, feedAudit{RotatedAt: now.UTC()}, nil)
		}
		return nil
	})
	if err != nil {
		return FeedLinks{}, err
	}
	return s.links(tok), nil
}

// resolve finds the feed of tok: NotFound for a token of the wrong shape
// (no query), an unknown or rotated token, or a deactivated owner.
func (s *Service) resolve(ctx context.Context, tok string) (feedOwner, error) {
	if !ValidTokenShape(tok) {
		return feedOwner{}, apperr.NotFoundErr("feed")
	}
	h := hashToken(tok)
	o, err := s.store.Owner(ctx, h)
	if err != nil {
		return o, err
	}
	// The lookup is by hash; compare again in constant time so the answer
	// never depends on how much of the hash matched.
	if subtle.ConstantTimeCompare([]byte(o.TokenHash), []byte(h)) != 1 {
		return feedOwner{}, apperr.NotFoundErr("feed")
	}
	if o.UnitID != nil && !o.UnitActive || o.UnitID == nil && !o.UserActive {
		return feedOwner{}, apperr.NotFoundErr("feed")
	}
	return o, nil
}

// feedAudit is what the audit log keeps of a feed link: when it was last
// made. The salt and the token (or its hash) would let one rebuild the link.
type feedAudit struct {
	RotatedAt time.Time `json:"rotated_at"`
}

// UserDeactivated follows a user's deactivation (account.Hooks): every feed
// address they may know ends — their own, and their unit's when they could
// publish it (a secretary or admin of it), and any unit feed they made —
// by a new salt, in the deactivation's transaction. Reactivation then
// does not bring an old address back; the user and the unit's other
// secretaries are given the new one. Each rotation is audited as the
// deactivating actor's.
func (s *Service) UserDeactivated(ctx context.Context, a account.Actor, before, _ account.User) error {
	var units []int64
	if before.Role == account.RoleSecretary || before.Role == account.RoleAdmin {
		units = append(units, before.UnitID)
	}
	ts, err := s.store.TokensKnownTo(ctx, before.ID, units)
	if err != nil || len(ts) == 0 {
		return err
	}
	key, err := s.signingKey(ctx)
	if err != nil {
		return err
	}
	now := s.Now()
	for _, t := range ts {
		kind, owner := "user", int64(0)
		if t.UnitID != nil {
			kind, owner = "unit", *t.UnitID
		} else if t.UserID != nil {
			owner = *t.UserID
		}
		was := feedAudit{RotatedAt: t.RotatedAt.UTC()}
		salt := newSalt()
		if err := s.store.RotateToken(ctx, t.ID, salt, hashToken(s.makeToken(key, kind, owner, salt)), now); err != nil {
			return err
		}
		detail := map[string]any{"reason": "user_deactivated", "user_id": before.ID}
		if err := s.Accounts.AuditChange(ctx, a, "feed.rotate", kind, owner, was, feedAudit{RotatedAt: now.UTC()}, detail); err != nil {
			return err
		}
	}
	return nil
}
