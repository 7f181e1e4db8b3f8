package web_test

import (
	"net/http"
	"testing"

	"liaison/app/account"
	"liaison/app/web/webtest"
)

// TestSecurity_ReplaceAuthenticatorByAPI: the API twin of the security
// page's "更换手机" takes the same proof through the same method. A wrong
// or missing proof is refused with a localised 422 and leaves the
// authenticator in place; the right one removes it, audited, and an admin
// (who may not turn the factor off) enrols the new one and signs in with it.
func TestSecurity_ReplaceAuthenticatorByAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	admin := e.User("admin.phone", d.Office, account.RoleAdmin)
	old, _ := e.EnrolTOTP(admin)
	api := e.API(admin)
	enrolled := func() bool {
		t.Helper()
		var st struct {
			SecondFactor account.MFAStatus `json:"second_factor"`
		}
		api.Get("/api/v1/me/security").Decode(t, &st)
		return st.SecondFactor.Enrolled
	}

	wantError(t, api.Post("/api/v1/me/totp/disable", map[string]string{"password": webtest.Password}), http.StatusForbidden, "totp.required_for_role")
	ae := wantError(t, api.Post("/api/v1/me/totp/replace", map[string]string{"password": "not-the-password"}), http.StatusUnprocessableEntity, "")
	if !hasChinese(ae.Fields["password"]) || !hasChinese(ae.Message) {
		t.Errorf("wrong password: %+v", ae)
	}
	ae = wantError(t, english(api).Post("/api/v1/me/totp/replace", map[string]string{}), http.StatusUnprocessableEntity, "")
	if ae.Fields["code"] == "" || hasChinese(ae.Fields["code"]) || hasChinese(ae.Message) {
		t.Errorf("no proof: %+v", ae)
	}
	if !enrolled() {
		t.Fatal("a refused replacement removed the authenticator")
	}

	wantStatus(t, api.Post("/api/v1/me/totp/replace", map[string]string{"code": nextCode(e, old)}), http.StatusNoContent)
	if enrolled() {
		t.Fatal("the authenticator is still there")
	}
	wantError(t, e.Anon().Post("/api/v1/auth/token", map[string]string{"username": admin.Username, "password": webtest.Password}), http.StatusForbidden, "auth.enrol_required")

	var en account.Enrolment
	api.Post("/api/v1/me/totp/enrol", nil).Decode(t, &en)
	secret, err := account.DecodeSecret(en.Secret)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, api.Post("/api/v1/me/totp/confirm", map[string]string{"code": account.TOTPCode(secret, e.DB.Now())}), http.StatusOK)
	wantStatus(t, e.Anon().Post("/api/v1/auth/token", map[string]string{"username": admin.Username, "password": webtest.Password, "code": nextCode(e, secret)}), http.StatusCreated)
}
