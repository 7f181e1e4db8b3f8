package account

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"time"
)

// TOTP parameters (RFC 6238 defaults, the only ones every authenticator
// app supports): HMAC-SHA-1, 6 digits, 30-second steps, and one step of
// clock drift either way.
const (
	totpPeriod     = 30
	totpDigits     = 6
	totpSkew       = 1
	totpSecretSize = 20 // 160 bits, the HMAC-SHA-1 block the RFC recommends
)

// b32 is how secrets are shown and put in otpauth:// URIs.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// hotp is RFC 4226's HOTP with a choosable hash (RFC 6238 tests SHA-256
// and SHA-512 too): dynamic truncation of HMAC(key, counter) to digits.
func hotp(h func() hash.Hash, key []byte, counter uint64, digits int) string {
	m := hmac.New(h, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// totpStep is the RFC 6238 time step T of t.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// TOTPCode returns the code of secret for the step containing t. Tests and
// the test fixture use it to act as an authenticator app.
func TOTPCode(secret []byte, t time.Time) string {
	return hotp(sha1.New, secret, uint64(totpStep(t)), totpDigits)
}

// matchTOTP finds the step within the drift window around now whose code is
// code and that is later than last (the step accepted before): a code
// already used, or older than one used, is refused (RFC 6238 §5.2).
func matchTOTP(secret []byte, code string, now time.Time, last int64) (int64, bool) {
	if len(code) != totpDigits {
		return 0, false
	}
	cur := totpStep(now)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= last {
			continue
		}
		want := hotp(sha1.New, secret, uint64(s), totpDigits)
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// newTOTPSecret returns a fresh random secret.
func newTOTPSecret() []byte {
	b := make([]byte, totpSecretSize)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return b
}

// EncodeSecret shows a secret in base32 groups of four, as people type it.
func EncodeSecret(secret []byte) string {
	s := b32.EncodeToString(secret)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// DecodeSecret reads a base32 secret, ignoring spaces and case.
func DecodeSecret(s string) ([]byte, error) {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	return b32.DecodeString(strings.TrimRight(s, "="))
}

// otpauthURI is the Key Uri Format authenticator apps read from a QR code.
func otpauthURI(issuer, username string, secret []byte) string {
	label := url.PathEscape(issuer + ":" + username)
	q := url.Values{}
	q.Set("secret", b32.EncodeToString(secret))
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", fmt.Sprint(totpDigits))
	q.Set("period", fmt.Sprint(totpPeriod))
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// normalizeCode strips what people type around a code: spaces, hyphens.
func normalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, strings.TrimSpace(s))
}
