package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// Recovery codes: ten single-use codes of 120 random bits each, so that a
// plain SHA-256 is an adequate way to store them (ASVS 5.0 asks for a slow
// salted hash only below 112 bits). Shown once, in groups of four.
const (
	recoveryCount = 10
	recoveryBytes = 15 // 120 bits → 24 base32 characters
)

var recoveryEnc = base32.StdEncoding.WithPadding(base32.NoPadding)

// newRecoveryCodes returns n fresh codes as shown to the user.
func newRecoveryCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		b := make([]byte, recoveryBytes)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		s := strings.ToLower(recoveryEnc.EncodeToString(b))
		var g strings.Builder
		for j := 0; j < len(s); j += 4 {
			if j > 0 {
				g.WriteByte('-')
			}
			g.WriteString(s[j : j+4])
		}
		out[i] = g.String()
	}
	return out
}

// looksLikeRecoveryCode tells a recovery code (24 base32 characters once
// spaces and hyphens are gone) from a 6-digit TOTP code.
func looksLikeRecoveryCode(normalized string) bool {
	if len(normalized) != 24 {
		return false
	}
	for _, r := range normalized {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// hashRecoveryCode is what is stored; normalized is lower case without
// separators.
func hashRecoveryCode(normalized string) string {
	h := sha256.Sum256([]byte("recovery|" + normalized))
	return hex.EncodeToString(h[:])
}
