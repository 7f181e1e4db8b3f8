package account

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
)

// sealer encrypts TOTP secrets at rest (AES-256-GCM), so that a leaked copy
// of the user_totp table alone does not give away anyone's second factor.
// The key is derived from the instance signing key, which lives in the
// settings table; keep backups of that table as carefully as the data.
type sealer struct{ aead cipher.AEAD }

func newSealer(signingKey []byte) (sealer, error) {
	if len(signingKey) < 16 {
		return sealer{}, errors.New("account: signing key too short for sealing TOTP secrets")
	}
	m := hmac.New(sha256.New, signingKey)
	m.Write([]byte("liaison totp secret v1"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return sealer{}, err
	}
	aead, err := cipher.NewGCM(block)
	return sealer{aead: aead}, err
}

// seal encrypts secret bound to the user id (a row copied to another user
// does not open).
func (s sealer) seal(userID int64, secret []byte) string {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	out := s.aead.Seal(nonce, nonce, secret, userAD(userID))
	return base64.RawStdEncoding.EncodeToString(out)
}

func (s sealer) open(userID int64, sealed string) ([]byte, error) {
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(b) < s.aead.NonceSize() {
		return nil, errors.New("account: sealed TOTP secret is malformed")
	}
	n := s.aead.NonceSize()
	return s.aead.Open(nil, b[:n], b[n:], userAD(userID))
}

func userAD(id int64) []byte {
	return []byte("user:" + strconv.FormatInt(id, 10))
}
