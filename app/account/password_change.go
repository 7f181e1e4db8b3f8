package account

import (
	"context"
	"strconv"

	"liaison/app/apperr"
)

// PasswordChange is a user changing their own password: the current one
// proves it is them (ASVS 5.0 V6.2.3), the new one must pass the policy.
type PasswordChange struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

// ChangePassword sets the actor's new password after checking the current
// one (wrong guesses share the sign-in throttle budget of five). Every
// other session, every API token and every other device cookie of the user
// ends; keep is the token of the session making the change, which stays
// signed in, and keepDevice its browser's device cookie (0: none).
func (s *Service) ChangePassword(ctx context.Context, a Actor, in PasswordChange, keep string, keepDevice int64) error {
	if a.UserID == 0 {
		return apperr.E(apperr.Unauthorized, "auth.required")
	}
	f := apperr.Fields{}
	if in.Current == "" {
		f.Add("current_password", "required")
	}
	if code := PasswordProblem(in.New, a.Username); code != "" {
		f.Add("new_password", code)
	}
	if err := f.Err(); err != nil {
		return err
	}
	key, err := s.checkCurrentPassword(ctx, a, in.Current, "auth.password_change_throttled", "auth.password_change_failed")
	if err != nil {
		return err
	}
	now := s.Now()
	hash, err := HashPassword(in.New)
	if err != nil {
		return apperr.Wrap(err, "hash")
	}
	keepHash := ""
	if keep != "" {
		keepHash = hashToken(keep)
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.setPassword(ctx, a.UserID, hash, now); err != nil {
			return err
		}
		ended, err := s.store.deleteSessionsExcept(ctx, a.UserID, keepHash)
		if err != nil {
			return err
		}
		if err := s.store.RevokeTokens(ctx, a.UserID); err != nil {
			return err
		}
		devices, err := s.store.deleteDevices(ctx, a.UserID, keepDevice)
		if err != nil {
			return err
		}
		_ = s.store.ClearFailures(ctx, key)
		return s.Audit(ctx, a, "user.password_changed", "user", a.UserID,
			map[string]any{"sessions_ended": ended, "tokens_revoked": true, "devices_revoked": devices})
	})
}

// checkCurrentPassword proves that the actor is the account's owner before
// a change of their password or email address: the guess is charged to
// the password throttle ("pw:", five in the window, shared by both
// changes) before it is hashed, so guesses sent at once are never checked
// more than five times; a refusal is audited as throttled, a wrong
// password as failed and answered 422 on current_password. It returns the
// throttle key, which the caller clears when its change commits.
func (s *Service) checkCurrentPassword(ctx context.Context, a Actor, pw, throttled, failed string) (string, error) {
	key := "pw:" + strconv.FormatInt(a.UserID, 10)
	limits := []limit{{key, maxPerAccountIP}}
	now := s.Now()
	if err := s.reserve(ctx, a, throttled, a.UserID, limits, now); err != nil {
		return key, err
	}
	u, err := s.store.User(ctx, a.UserID)
	if err != nil {
		s.release(ctx, limits, now)
		return key, err
	}
	if !CheckPassword(u.PasswordHash, pw) {
		_ = s.Audit(ctx, a, failed, "user", a.UserID, nil)
		return key, apperr.Fields{"current_password": "password.wrong"}.Err()
	}
	return key, nil
}
