package web

import (
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"liaison/app/account"
	"liaison/app/apperr"
)

// totpView is the enrolment page: a new secret as QR code and text, or,
// for a user already enrolled whose session has not passed the second
// factor (an admin promoted while signed in), a form for a code.
type totpView struct {
	Verify   bool
	Required bool
	Secret   string
	URI      string
	QR       template.URL // data: URI of a PNG
}

type recoveryView struct {
	Codes    []string
	Enrolled bool // shown right after enrolment
}

// securityTOTP starts an enrolment (a new secret on every visit, until a
// code confirms one), or asks an enrolled user's session for a code.
func (s *Server) securityTOTP(c echo.Context) error {
	ctx, a := c.Request().Context(), actor(c)
	m := s.mfa()
	enrolled, err := m.Enrolled(ctx, a.UserID)
	if err != nil {
		return err
	}
	v := totpView{Required: account.Required(a.Role)}
	if enrolled {
		if s.sessions.GetBool(ctx, secondFactorKey) {
			return c.Redirect(http.StatusSeeOther, "/me/security")
		}
		v.Verify = true
		return s.renderTOTP(c, http.StatusOK, v, nil)
	}
	return s.showEnrolment(c, http.StatusOK, nil)
}

func (s *Server) renderTOTP(c echo.Context, status int, v totpView, formErr error) error {
	p := s.page(c, "", "sec.totp_title", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "security_totp", p)
}

// securityTOTPConfirm turns the authenticator on with its first code and
// shows the recovery codes, once.
func (s *Server) securityTOTPConfirm(c echo.Context) error {
	codes, err := s.mfa().ConfirmEnrol(c.Request().Context(), actor(c), c.FormValue("code"))
	if err != nil {
		if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.TooMany {
			return err
		}
		// The secret shown before stays pending: show a fresh one with
		// the error rather than one that can no longer be read back.
		return s.showEnrolment(c, statusFor(err), err)
	}
	if err := s.afterFactorChange(c, true); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "security_recovery", s.page(c, "", "sec.recovery_title", recoveryView{Codes: codes, Enrolled: true}))
}

// showEnrolment starts an enrolment and shows its secret, with cause's
// message when a code was wrong.
func (s *Server) showEnrolment(c echo.Context, status int, cause error) error {
	ctx, a := c.Request().Context(), actor(c)
	v := totpView{Required: account.Required(a.Role)}
	en, err := s.mfa().BeginEnrol(ctx, a)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(en.URI, qrcode.Medium, 256)
	if err != nil {
		return apperr.Wrap(err, "qrcode")
	}
	v.Secret, v.URI = en.Secret, en.URI
	v.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return s.renderTOTP(c, status, v, cause)
}

// securityTOTPVerify marks this session as having passed the second factor.
func (s *Server) securityTOTPVerify(c echo.Context) error {
	ctx := c.Request().Context()
	if err := s.mfa().Verify(ctx, actor(c), c.FormValue("code")); err != nil {
		if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.TooMany {
			return err
		}
		return s.renderTOTP(c, statusFor(err), totpView{Verify: true, Required: account.Required(actor(c).Role)}, err)
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, secondFactorKey, true)
	// the session passed the second factor: audited like the sign-in step
	if err := s.Accounts.Audit(ctx, actor(c), "auth.second_factor", "user", actor(c).UserID, nil); err != nil {
		return err
	}
	return redirect(c, "/me/security")
}

// securityTOTPDisable turns the second factor off (not for admins).
func (s *Server) securityTOTPDisable(c echo.Context) error {
	if err := s.mfa().Disable(c.Request().Context(), actor(c), proofFrom(c)); err != nil {
		return s.securityFormErr(c, err)
	}
	if err := s.afterFactorChange(c, false); err != nil {
		return err
	}
	s.flash(c, "sec.totp_disabled")
	return redirect(c, "/me/security")
}

// securityTOTPReplace removes the authenticator so a new one can be
// enrolled straight away (a new phone).
func (s *Server) securityTOTPReplace(c echo.Context) error {
	if err := s.mfa().Replace(c.Request().Context(), actor(c), proofFrom(c)); err != nil {
		return s.securityFormErr(c, err)
	}
	if err := s.afterFactorChange(c, false); err != nil {
		return err
	}
	return redirect(c, enrolPage)
}

// securityRecoveryCodes replaces my recovery codes and shows them once.
func (s *Server) securityRecoveryCodes(c echo.Context) error {
	codes, err := s.mfa().RegenerateRecovery(c.Request().Context(), actor(c), proofFrom(c))
	if err != nil {
		return s.securityFormErr(c, err)
	}
	return s.render(c, http.StatusOK, "security_recovery", s.page(c, "", "sec.recovery_title", recoveryView{Codes: codes}))
}
