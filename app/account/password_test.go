package account

import (
	"strings"
	"testing"
)

func TestPasswordProblem_ASVS(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pw, want string
	}{
		{"1234567", "password.too_short"},
		{"七个汉字的密码", "password.too_short"},                     // 7 characters, 21 bytes: counted in characters
		{"八个汉字的好密码啊", ""},                                     // 9 characters
		{strings.Repeat("a", 128) + "b", "password.too_long"}, // 129
		{strings.Repeat("ab", 64), ""},                        // 128 is allowed
		{"no digits no symbols at all", ""},                   // no composition rules
		{"alllowercase", ""},
		{"PASSWORD1", "password.common"}, // case-insensitive
		{"iloveyou", "password.common"},
		{"woaini1314", "password.common"},
		{"my-kevin.zhang-pass", "password.username"},
		{"aaaaaaaaaaaa", "password.predictable"},
		{"23456789", "password.predictable"},
		{"hgfedcba", "password.predictable"},
		{"19880512", "password.predictable"},
		{"19881332", ""}, // not a date
		{"Cafe\u0301-au-lait-9", ""},
	}
	for _, c := range cases {
		if got := PasswordProblem(c.pw, "Kevin.Zhang"); got != c.want {
			t.Errorf("PasswordProblem(%.24q) = %q, want %q", c.pw, got, c.want)
		}
	}
	if n := len(commonPasswords()); n < 600 {
		t.Errorf("common-password list has %d entries", n)
	}
	for w := range commonPasswords() {
		if len([]rune(w)) < PasswordMin {
			t.Errorf("list holds %q, shorter than the minimum: dead weight", w)
			break
		}
	}
}

// A password typed in decomposed form (e + combining accent) matches the
// hash of the composed form: both are NFC before hashing.
func TestPassword_UnicodeNormalized(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("café au lait 咖啡")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "cafe\u0301 au lait 咖啡") {
		t.Error("decomposed input refused")
	}
	if CheckPassword(h, "cafe au lait 咖啡") {
		t.Error("different password accepted")
	}
}
