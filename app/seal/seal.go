// Package seal encrypts small secrets at rest (AES-256-GCM) with a key
// derived from the instance signing key and a label per use, so that one
// use's key opens nothing of another's, and a leaked copy of a table alone
// gives away none of its secrets. Each value is bound to associated data
// naming its row and field: a sealed value copied to another row does not
// open. The stored form is base64 (no padding) of nonce || ciphertext.
//
// The signing key lives in the settings table; keep backups of that table
// as carefully as the data.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// Sealer seals and opens values for one label.
type Sealer struct{ aead cipher.AEAD }

// New derives the label's key from signingKey (HMAC-SHA256(signingKey,
// label)); a key shorter than 16 bytes is refused.
func New(signingKey []byte, label string) (Sealer, error) {
	if len(signingKey) < 16 {
		return Sealer{}, errors.New("seal: signing key too short")
	}
	m := hmac.New(sha256.New, signingKey)
	m.Write([]byte(label))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return Sealer{}, err
	}
	aead, err := cipher.NewGCM(block)
	return Sealer{aead: aead}, err
}

// Seal encrypts value bound to ad.
func (s Sealer) Seal(value, ad []byte) string {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // the system's randomness failed: nothing can be sealed safely
	}
	return base64.RawStdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, value, ad))
}

// ErrMalformed and ErrNotOpen say why a sealed value did not open.
var (
	ErrMalformed = errors.New("seal: sealed value is malformed")
	ErrNotOpen   = errors.New("seal: sealed value does not open")
)

// Open decrypts sealed, which must have been sealed with the same key and ad.
func (s Sealer) Open(sealed string, ad []byte) ([]byte, error) {
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	n := s.aead.NonceSize()
	if err != nil || len(b) < n {
		return nil, ErrMalformed
	}
	out, err := s.aead.Open(nil, b[:n], b[n:], ad)
	if err != nil {
		return nil, ErrNotOpen
	}
	return out, nil
}
