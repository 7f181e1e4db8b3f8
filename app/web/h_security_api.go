package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
)

// securityAPIView is GET /api/v1/me/security.
type securityAPIView struct {
	SecondFactor   account.MFAStatus `json:"second_factor"`
	PasswordPolicy passwordPolicy    `json:"password_policy"`
}

type passwordPolicy struct {
	MinLength         int `json:"min_length"`
	RecommendedLength int `json:"recommended_length"`
	MaxLength         int `json:"max_length"`
}

func (s *Server) apiMySecurity(c echo.Context) error {
	a := actor(c)
	st, err := s.mfa().Status(c.Request().Context(), a, a.UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, securityAPIView{SecondFactor: st,
		PasswordPolicy: passwordPolicy{account.PasswordMin, account.PasswordRecommended, account.PasswordMax}})
}

type sessionList struct {
	Items []account.SessionInfo `json:"items"`
}

func (s *Server) apiMySessions(c echo.Context) error {
	a := actor(c)
	list, err := s.Accounts.ListSessions(c.Request().Context(), a, a.UserID, s.currentToken(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sessionList{Items: list})
}

// apiUserSessions lists a user's sessions (oneself, or admins).
func (s *Server) apiUserSessions(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	list, err := s.Accounts.ListSessions(c.Request().Context(), actor(c), id, s.currentToken(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sessionList{Items: list})
}

func (s *Server) apiMySessionEnd(c echo.Context) error {
	a := actor(c)
	if err := s.Accounts.EndSession(c.Request().Context(), a, a.UserID, c.Param("sid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiMySessionsEndOthers ends every session but the caller's (a bearer
// caller has none: every session ends; API tokens are not sessions).
func (s *Server) apiMySessionsEndOthers(c echo.Context) error {
	a := actor(c)
	n, err := s.Accounts.EndOtherSessions(c.Request().Context(), a, a.UserID, s.currentToken(c), s.currentDevice(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"ended": n})
}

func (s *Server) apiMyPassword(c echo.Context) error {
	var in account.PasswordChange
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.Accounts.ChangePassword(ctx, actor(c), in, s.currentToken(c), s.currentDevice(c)); err != nil {
		return err
	}
	if s.currentToken(c) != "" {
		if err := s.sessions.RenewToken(ctx); err != nil {
			return err
		}
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiTOTPEnrol(c echo.Context) error {
	en, err := s.mfa().BeginEnrol(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, en)
}

type codeRequest struct {
	Code string `json:"code"`
}

type recoveryCodes struct {
	Codes []string `json:"recovery_codes"`
}

func (s *Server) apiTOTPConfirm(c echo.Context) error {
	var in codeRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	codes, err := s.mfa().ConfirmEnrol(c.Request().Context(), actor(c), in.Code)
	if err != nil {
		return err
	}
	if err := s.afterFactorChange(c, true); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, recoveryCodes{Codes: codes})
}

func (s *Server) apiTOTPDisable(c echo.Context) error {
	var in account.Proof
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.mfa().Disable(c.Request().Context(), actor(c), in); err != nil {
		return err
	}
	if err := s.afterFactorChange(c, false); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// apiTOTPReplace removes my authenticator after a proof so that a new one
// can be enrolled (a new phone): the security page's replacement, and the
// way an admin, who may not turn the factor off, changes it.
func (s *Server) apiTOTPReplace(c echo.Context) error {
	var in account.Proof
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := s.mfa().Replace(c.Request().Context(), actor(c), in); err != nil {
		return err
	}
	if err := s.afterFactorChange(c, false); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiRecoveryCodes(c echo.Context) error {
	var in account.Proof
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	codes, err := s.mfa().RegenerateRecovery(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, recoveryCodes{Codes: codes})
}

// apiUserTOTPReset removes a user's second factor (admins): the way back
// for someone who lost their phone and their recovery codes.
func (s *Server) apiUserTOTPReset(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.mfa().Reset(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
