package account

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"liaison/app/apperr"
)

// Throttle limits, chosen so that an attacker cannot lock a real user out:
// the tight limit is per (account, IP); the per-account limit across all IPs
// stops guessing one password from many addresses, and the per-IP limit
// stops one address from spraying many accounts. A browser holding a
// device cookie of an earlier successful sign-in as the same user (OWASP
// "device cookies", devices.go) skips all three and has a limit of its own.
const (
	throttleWindow     = 15 * time.Minute
	maxPerAccountIP    = 5
	maxPerIP           = 30
	maxPerAccountAnyIP = 50
)

// Credentials is one sign-in attempt.
type Credentials struct {
	Username  string
	Password  string
	IP        string
	RequestID string // for the audit log
	Device    string // the device cookie the browser presented, if any
}

// Authenticate checks credentials under the throttle and records the attempt
// in the audit log. Unknown user, wrong password and deactivated account all
// answer the same Unauthorized error, after the same work, so accounts
// cannot be enumerated by the answer or its time: the attempt is charged
// to the throttle first (reserve: at most the limit are ever evaluated,
// however many arrive at once), the user is looked up, and exactly one
// password hash is computed — against the account's hash when it is active,
// else against a dummy one.
func (s *Service) Authenticate(ctx context.Context, c Credentials) (User, UnitKind, error) {
	now := s.Now()
	name := strings.ToLower(strings.TrimSpace(c.Username))
	// Only a well-formed name is looked up; anything else (NUL bytes,
	// invalid UTF-8, megabytes) is an unknown user whose throttle key and
	// audit name are made safe to store.
	plausible := usernameRE.MatchString(name)
	if !plausible {
		name = safeName(name)
	}
	accountIP := "ui:" + name + "|" + c.IP
	limits := []limit{{accountIP, maxPerAccountIP}, {"ip:" + c.IP, maxPerIP}, {"u:" + name, maxPerAccountAnyIP}}
	if plausible && c.Device != "" {
		if dev := s.knownDevice(ctx, c.Device, name, now); dev > 0 {
			limits = []limit{deviceLimit(dev)}
		}
	}
	actor := Actor{Username: name, IP: c.IP, RequestID: c.RequestID}
	if err := s.reserve(ctx, actor, "auth.throttled", 0, limits, now); err != nil {
		return User{}, "", err
	}
	u, err := User{}, error(apperr.NotFoundErr("user"))
	if plausible {
		u, err = s.store.UserByUsername(ctx, name)
	}
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		s.release(ctx, limits, now)
		return User{}, "", err
	}
	found := err == nil
	hash := dummyHash
	if found && u.Active {
		hash = u.PasswordHash
	}
	ok := CheckPassword(hash, c.Password) && found && u.Active
	actor.UserID = u.ID
	if !ok {
		// The charges stay: they are this failure.
		reason := "bad_password"
		if !found {
			reason = "unknown_user"
		} else if !u.Active {
			reason = "inactive"
		}
		_ = s.Audit(ctx, actor, "auth.signin_failed", "user", u.ID, map[string]string{"reason": reason})
		return User{}, "", apperr.E(apperr.Unauthorized, "auth.bad_credentials")
	}
	unit, err := s.store.Unit(ctx, u.UnitID)
	if err != nil {
		s.release(ctx, limits, now)
		return User{}, "", err
	}
	// A success forgets the failures of this account from this address (or
	// of this device) and gives back its charge to the wider counters.
	_ = s.store.ClearFailures(ctx, accountIP)
	_ = s.store.ClearFailures(ctx, limits[0].key)
	s.release(ctx, limits[1:], now)
	_ = s.store.TouchLogin(ctx, u.ID)
	_ = s.Audit(ctx, actor, "auth.signin", "user", u.ID, nil)
	return u, unit.Kind, nil
}

// safeName keeps at most 64 printable characters of valid UTF-8.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	if r := []rune(s); len(r) > 64 {
		s = string(r[:64])
	}
	return s
}

// tokenPrefix marks Liaison tokens so secret scanners can spot leaks.
const tokenPrefix = "lsn_"

// NewSecret returns a random URL-safe secret of n bytes.
func NewSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateToken makes a new API token for the user and returns it; only its
// hash is stored, so it is shown once.
func (s *Service) CreateToken(ctx context.Context, a Actor, userID int64, name string) (string, error) {
	if a.UserID != userID && a.Role != RoleAdmin {
		return "", apperr.NotFoundErr("user")
	}
	name = strings.TrimSpace(name)
	f := apperr.Fields{}
	checkText(f, "name", name, false, 60)
	if err := f.Err(); err != nil {
		return "", err
	}
	raw := tokenPrefix + NewSecret(32)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		u, err := s.store.User(ctx, userID)
		if err != nil {
			return err
		}
		if !u.Active {
			return apperr.E(apperr.Invalid, "user.inactive")
		}
		t := &APIToken{UserID: userID, TokenHash: hashToken(raw), Name: name, CreatedAt: s.Now()}
		if err := s.store.CreateToken(ctx, t); err != nil {
			return err
		}
		return s.Audit(ctx, a, "token.create", "user", userID, map[string]string{"name": name})
	})
	return raw, err
}

// UserByToken resolves a bearer token to its active user and unit kind.
func (s *Service) UserByToken(ctx context.Context, raw string) (User, UnitKind, error) {
	bad := apperr.E(apperr.Unauthorized, "auth.bad_token")
	if !strings.HasPrefix(raw, tokenPrefix) || len(raw) > 100 {
		return User{}, "", bad
	}
	t, err := s.store.TokenByHash(ctx, hashToken(raw))
	if err != nil {
		return User{}, "", err
	}
	return s.activeUser(ctx, t.UserID, func() { _ = s.store.TouchToken(ctx, t.ID, s.Now()) })
}

// ActiveUser returns the user with id if active, with their unit's kind.
func (s *Service) ActiveUser(ctx context.Context, id int64) (User, UnitKind, error) {
	return s.activeUser(ctx, id, nil)
}

// activeUser takes the user as this request's session load read them, when
// it did (no query), else from the database.
func (s *Service) activeUser(ctx context.Context, id int64, then func()) (User, UnitKind, error) {
	u, kind, seen := seenUser(ctx, id)
	if !seen {
		var err error
		if u, err = s.store.User(ctx, id); err != nil || !u.Active {
			return User{}, "", apperr.E(apperr.Unauthorized, "auth.required")
		}
		unit, err := s.store.Unit(ctx, u.UnitID)
		if err != nil {
			return User{}, "", err
		}
		kind = unit.Kind
	}
	if !u.Active {
		return User{}, "", apperr.E(apperr.Unauthorized, "auth.required")
	}
	if then != nil {
		then()
	}
	return u, kind, nil
}

// EndSessions signs a user out everywhere: every session and every device
// cookie ends.
func (s *Service) EndSessions(ctx context.Context, a Actor, userID int64) error {
	if a.UserID != userID && a.Role != RoleAdmin {
		return apperr.NotFoundErr("user")
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteSessions(ctx, userID); err != nil {
			return err
		}
		devices, err := s.store.deleteDevices(ctx, userID, 0)
		if err != nil {
			return err
		}
		return s.Audit(ctx, a, "auth.sessions_ended", "user", userID, map[string]int{"devices_revoked": devices})
	})
}
