package account

import (
	"context"
	"strconv"
	"time"

	"liaison/app/apperr"
)

// Issuer names Liaison in authenticator apps.
const Issuer = "Liaison"

// Second-factor throttle: five wrong codes (or wrong passwords given as
// proof) per user in the throttle window, the same budget as sign-in.
const maxSecondFactor = maxPerAccountIP

// MFA is the second factor: TOTP enrolment and checks, recovery codes and
// the proofs asked before changing them. Every change is audited.
type MFA struct {
	*Service
	seal sealer
}

// NewMFA returns the second-factor service; signingKey seals TOTP secrets.
func NewMFA(s *Service, signingKey []byte) (*MFA, error) {
	sl, err := newSealer(signingKey)
	if err != nil {
		return nil, err
	}
	return &MFA{Service: s, seal: sl}, nil
}

// MFAStatus is what "my account security" shows about the second factor.
type MFAStatus struct {
	Enrolled     bool       `json:"enrolled"`
	EnrolledAt   *time.Time `json:"enrolled_at,omitempty"`
	RecoveryLeft int        `json:"recovery_codes_left"`
	Required     bool       `json:"required"` // admins must have one
	CanDisable   bool       `json:"can_disable"`
}

// Enrolment is a started enrolment: the secret to put in an authenticator.
type Enrolment struct {
	Secret string `json:"secret"` // base32, grouped by four
	URI    string `json:"otpauth_uri"`
}

// Required reports whether role must use a second factor.
func Required(r Role) bool { return r == RoleAdmin }

// Offered reports whether role is offered a second factor.
func Offered(r Role) bool { return r == RoleAdmin || r == RoleSecretary }

// Enrolled reports whether the user has a confirmed authenticator.
func (m *MFA) Enrolled(ctx context.Context, userID int64) (bool, error) {
	r, err := m.store.totp(ctx, userID)
	if apperr.KindOf(err) == apperr.NotFound {
		return false, nil
	}
	return err == nil && r.ConfirmedAt != nil, err
}

// Status returns the user's second-factor state (oneself, or admins).
func (m *MFA) Status(ctx context.Context, a Actor, userID int64) (MFAStatus, error) {
	if a.UserID != userID && a.Role != RoleAdmin {
		return MFAStatus{}, apperr.NotFoundErr("user")
	}
	u, err := m.store.User(ctx, userID)
	if err != nil {
		return MFAStatus{}, err
	}
	st := MFAStatus{Required: Required(u.Role)}
	r, err := m.store.totp(ctx, userID)
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		return st, err
	}
	if err == nil && r.ConfirmedAt != nil {
		st.Enrolled, st.EnrolledAt = true, r.ConfirmedAt
		if st.RecoveryLeft, err = m.store.recoveryLeft(ctx, userID); err != nil {
			return st, err
		}
	}
	st.CanDisable = st.Enrolled && !st.Required
	return st, nil
}

// BeginEnrol makes a new secret for the actor; it is shown until the first
// code confirms it, and never again. Conflict when already enrolled.
func (m *MFA) BeginEnrol(ctx context.Context, a Actor) (Enrolment, error) {
	secret := newTOTPSecret()
	r := totpRow{UserID: a.UserID, Secret: m.seal.seal(a.UserID, secret), CreatedAt: m.Now()}
	if err := m.store.putPendingTOTP(ctx, r); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: EncodeSecret(secret), URI: otpauthURI(Issuer, a.Username, secret)}, nil
}

// ConfirmEnrol checks the first code from the new authenticator, turns it
// on and returns fresh recovery codes (shown once). The actor's other
// sessions are ended by the caller (a factor changed).
func (m *MFA) ConfirmEnrol(ctx context.Context, a Actor, code string) ([]string, error) {
	var codes []string
	err := m.throttled(ctx, a, "code", "totp.code_wrong", func(ctx context.Context) (bool, error) {
		r, err := m.store.totp(ctx, a.UserID)
		if apperr.KindOf(err) == apperr.NotFound {
			return false, apperr.E(apperr.Invalid, "totp.not_started")
		}
		if err != nil {
			return false, err
		}
		if r.ConfirmedAt != nil {
			return false, apperr.E(apperr.Conflict, "totp.already_enrolled")
		}
		secret, err := m.seal.open(a.UserID, r.Secret)
		if err != nil {
			return false, apperr.Wrap(err, "totp")
		}
		now := m.Now()
		step, ok := matchTOTP(secret, normalizeCode(code), now, r.LastStep)
		if !ok {
			return false, nil
		}
		if won, err := m.store.acceptStep(ctx, a.UserID, step, &now); err != nil || !won {
			return false, err
		}
		if codes, err = m.newRecovery(ctx, a.UserID); err != nil {
			return false, err
		}
		return true, m.Audit(ctx, a, "auth.totp_enrolled", "user", a.UserID, nil)
	})
	return codes, err
}

// Verify checks a second-factor code of the actor: a TOTP code (each step
// accepted once) or an unused recovery code (spent by this call). Wrong
// codes count against the throttle and are audited.
func (m *MFA) Verify(ctx context.Context, a Actor, code string) error {
	return m.throttled(ctx, a, "code", "totp.code_wrong", func(ctx context.Context) (bool, error) {
		return m.check(ctx, a, code)
	})
}

// check is Verify without the throttle.
func (m *MFA) check(ctx context.Context, a Actor, code string) (bool, error) {
	c := normalizeCode(code)
	now := m.Now()
	if looksLikeRecoveryCode(c) {
		ok, err := m.store.useRecoveryCode(ctx, a.UserID, hashRecoveryCode(c), now)
		if err != nil || !ok {
			return false, err
		}
		left, err := m.store.recoveryLeft(ctx, a.UserID)
		if err != nil {
			return false, err
		}
		return true, m.Audit(ctx, a, "auth.recovery_code_used", "user", a.UserID, map[string]int{"left": left})
	}
	r, err := m.store.totp(ctx, a.UserID)
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && r.ConfirmedAt == nil) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	secret, err := m.seal.open(a.UserID, r.Secret)
	if err != nil {
		return false, apperr.Wrap(err, "totp")
	}
	step, ok := matchTOTP(secret, c, now, r.LastStep)
	if !ok {
		return false, nil
	}
	return m.store.acceptStep(ctx, a.UserID, step, nil)
}

// Proof is what a user gives before changing their second factor: a
// current code (TOTP or recovery) or their password.
type Proof struct {
	Code     string `json:"code"`
	Password string `json:"password"`
}

// prove checks p under the throttle.
func (m *MFA) prove(ctx context.Context, a Actor, p Proof) error {
	if p.Code == "" && p.Password == "" {
		return apperr.Fields{"code": "totp.proof_required"}.Err()
	}
	field, wrong := "code", "totp.code_wrong"
	if p.Code == "" {
		field, wrong = "password", "password.wrong"
	}
	return m.throttled(ctx, a, field, wrong, func(ctx context.Context) (bool, error) {
		if p.Code != "" {
			return m.check(ctx, a, p.Code)
		}
		u, err := m.store.User(ctx, a.UserID)
		if err != nil {
			return false, err
		}
		return CheckPassword(u.PasswordHash, p.Password), nil
	})
}

// Disable turns the second factor off (not for roles that require it:
// they replace it with ResetOwn). The caller ends the other sessions.
func (m *MFA) Disable(ctx context.Context, a Actor, p Proof) error {
	if Required(a.Role) {
		return apperr.E(apperr.Forbidden, "totp.required_for_role")
	}
	return m.remove(ctx, a, p, "auth.totp_disabled")
}

// Replace removes the actor's authenticator so that a new one can be
// enrolled (a new phone); for admins the next page is enrolment again.
func (m *MFA) Replace(ctx context.Context, a Actor, p Proof) error {
	return m.remove(ctx, a, p, "auth.totp_replaced")
}

func (m *MFA) remove(ctx context.Context, a Actor, p Proof, action string) error {
	if err := m.prove(ctx, a, p); err != nil {
		return err
	}
	return m.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := m.store.deleteTOTP(ctx, a.UserID); err != nil {
			return err
		}
		return m.Audit(ctx, a, action, "user", a.UserID, nil)
	})
}

// RegenerateRecovery replaces the actor's recovery codes after a proof.
func (m *MFA) RegenerateRecovery(ctx context.Context, a Actor, p Proof) ([]string, error) {
	if ok, err := m.Enrolled(ctx, a.UserID); err != nil || !ok {
		if err == nil {
			err = apperr.E(apperr.Invalid, "totp.not_enrolled")
		}
		return nil, err
	}
	if err := m.prove(ctx, a, p); err != nil {
		return nil, err
	}
	var codes []string
	err := m.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if codes, err = m.newRecovery(ctx, a.UserID); err != nil {
			return err
		}
		return m.Audit(ctx, a, "auth.recovery_codes_regenerated", "user", a.UserID, nil)
	})
	return codes, err
}

// Reset removes another user's second factor (admins only): the way back
// for someone who lost both the phone and the recovery codes. Their
// sessions end; an admin must enrol again at the next sign-in.
func (m *MFA) Reset(ctx context.Context, a Actor, userID int64) error {
	if err := mustManage(a); err != nil {
		return apperr.NotFoundErr("user")
	}
	return m.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := m.store.User(ctx, userID); err != nil {
			return err
		}
		if err := m.store.deleteTOTP(ctx, userID); err != nil {
			return err
		}
		if err := m.store.DeleteSessions(ctx, userID); err != nil {
			return err
		}
		devices, err := m.store.deleteDevices(ctx, userID, 0)
		if err != nil {
			return err
		}
		return m.Audit(ctx, a, "auth.totp_reset", "user", userID, map[string]int{"devices_revoked": devices})
	})
}

func (m *MFA) newRecovery(ctx context.Context, userID int64) ([]string, error) {
	codes := newRecoveryCodes(recoveryCount)
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = hashRecoveryCode(normalizeCode(c))
	}
	return codes, m.store.replaceRecoveryCodes(ctx, userID, hashes, m.Now())
}

// throttled runs a check that answers ok or not; a wrong answer counts a
// failure for the user (and is audited), five in the window lock the
// second factor for the rest of it. The attempt is charged before the check
// runs (reserve), so codes sent at once are never checked more than five
// times. A right one clears the count; one that could not be checked
// (an error) gives its charge back.
func (m *MFA) throttled(ctx context.Context, a Actor, field, wrong string, check func(ctx context.Context) (bool, error)) error {
	limits := []limit{{"mfa:" + strconv.FormatInt(a.UserID, 10), maxSecondFactor}}
	now := m.Now()
	if err := m.reserve(ctx, a, "auth.second_factor_throttled", a.UserID, limits, now); err != nil {
		return err
	}
	var ok bool
	err := m.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		ok, err = check(ctx)
		return err
	})
	if err != nil {
		m.release(ctx, limits, now)
		return err
	}
	if !ok {
		_ = m.Audit(ctx, a, "auth.second_factor_failed", "user", a.UserID, nil)
		return apperr.Fields{field: wrong}.Err()
	}
	return m.store.ClearFailures(ctx, limits[0].key)
}
