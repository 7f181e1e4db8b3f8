package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// argon2id parameters: OWASP's second recommended set (19 MiB, t=2, p=1),
// strong enough for sign-in while keeping a 2-core server responsive.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// Password policy (OWASP ASVS 5.0 V6.2, NIST SP 800-63B): length is what
// counts. At least 8 characters (15 recommended on the form), at most 128,
// any Unicode (compared in NFC, so the same word typed on two keyboards is
// the same password), no rules about character classes, and refused when it
// is on the list of common passwords, contains the username, or is a
// predictable pattern (one repeated character, a straight run like
// 12345678 or abcdefgh, a date like 19800101).
const (
	PasswordMin         = 8
	PasswordRecommended = 15
	PasswordMax         = 128
)

// PasswordProblem returns an error code when pw is unacceptable for the
// user called username, or "" when it is fine.
func PasswordProblem(pw, username string) string {
	pw = norm.NFC.String(pw)
	n := utf8.RuneCountInString(pw)
	lower := strings.ToLower(pw)
	name := strings.ToLower(strings.TrimSpace(username))
	switch {
	case !utf8.ValidString(pw):
		return "password.invalid"
	case n < PasswordMin:
		return "password.too_short"
	case n > PasswordMax:
		return "password.too_long"
	case len(name) >= 3 && strings.Contains(lower, name):
		return "password.username"
	case isCommonPassword(lower):
		return "password.common"
	case predictable(lower):
		return "password.predictable"
	}
	return ""
}

// predictable spots passwords no list needs to hold: one character
// repeated, a run of consecutive characters up or down, or a calendar date
// written YYYYMMDD (birthdays are the commonest 8-digit passwords in China).
func predictable(pw string) bool {
	r := []rune(pw)
	same, up, down := true, true, true
	for i := 1; i < len(r); i++ {
		same = same && r[i] == r[0]
		up = up && r[i] == r[i-1]+1
		down = down && r[i] == r[i-1]-1
	}
	if same || up || down {
		return true
	}
	if len(pw) == 8 {
		if t, err := time.Parse("20060102", pw); err == nil && t.Year() >= 1900 && t.Year() <= 2100 {
			return true
		}
	}
	return false
}

// HashPassword returns an encoded argon2id hash of pw in NFC.
func HashPassword(pw string) (string, error) {
	pw = norm.NFC.String(pw)
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := gatedIDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash, in constant
// time. pw is compared in NFC; a hash made from other bytes before NFC was
// applied still matches the exact bytes.
func CheckPassword(encoded, pw string) bool {
	if n := norm.NFC.String(pw); n != pw && checkPassword(encoded, n) {
		return true
	}
	return checkPassword(encoded, pw)
}

func checkPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := gatedIDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when the username is unknown, so a missing account
// takes as long to refuse as a wrong password.
var dummyHash, _ = HashPassword("liaison-dummy-password")
