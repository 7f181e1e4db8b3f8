package account

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/apperr"
)

var usernameRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}$`)

// UnitInput is what a caller may set on a unit.
type UnitInput struct {
	Name      string   `json:"name"`
	ShortName string   `json:"short_name"`
	Kind      UnitKind `json:"kind"`
}

// Validate checks a unit's fields.
func (in *UnitInput) Validate() error {
	in.Name, in.ShortName = strings.TrimSpace(in.Name), strings.TrimSpace(in.ShortName)
	f := apperr.Fields{}
	checkText(f, "name", in.Name, true, 100)
	checkText(f, "short_name", in.ShortName, false, 30)
	if !slices.Contains(UnitKinds, in.Kind) {
		f.Add("kind", "unit.kind_invalid")
	}
	return f.Err()
}

// UserInput is what an admin sets when creating a user.
type UserInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	UnitID      int64  `json:"unit_id"`
	Role        Role   `json:"role"`
	Email       string `json:"email"`
	Password    string `json:"password"`
}

// Validate checks a new user's fields.
func (in *UserInput) Validate() error {
	f := in.profileFields()
	if code := PasswordProblem(in.Password, in.Username); code != "" {
		f.Add("password", code)
	}
	return f.Err()
}

// profileFields checks everything but the password.
func (in *UserInput) profileFields() apperr.Fields {
	in.Username, in.DisplayName, in.Email = strings.TrimSpace(in.Username), strings.TrimSpace(in.DisplayName), strings.TrimSpace(in.Email)
	f := apperr.Fields{}
	if !usernameRE.MatchString(in.Username) {
		f.Add("username", "user.username_invalid")
	}
	checkText(f, "display_name", in.DisplayName, true, 60)
	if in.UnitID <= 0 {
		f.Add("unit_id", "required")
	}
	if !slices.Contains(Roles, in.Role) {
		f.Add("role", "user.role_invalid")
	}
	checkEmail(f, "email", in.Email)
	return f
}

func checkEmail(f apperr.Fields, field, email string) {
	if email == "" {
		return
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		f.Add(field, "email_invalid")
	}
}

// checkText enforces presence, a length limit in characters and no control
// characters (they break exports, calendars and logs).
func checkText(f apperr.Fields, field, v string, required bool, max int) {
	switch {
	case required && v == "":
		f.Add(field, "required")
	case !utf8.ValidString(v):
		f.Add(field, "text_invalid")
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "too_long")
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' && r != '\r' }):
		f.Add(field, "text_invalid")
	}
}

// checkOfficeCode accepts an issuing-office code of up to 12 characters
// without the brackets and digits the rest of a 字号 is made of, so that a
// number always reads code, letter, 〔year〕, n号.
func checkOfficeCode(code string) error {
	f := apperr.Fields{}
	if utf8.RuneCountInString(code) > 12 || strings.ContainsAny(code, "〔〕[]()（）0123456789号 \t") {
		f.Add("office_code", "unit.office_code_invalid")
	}
	return f.Err()
}
