package notify

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"liaison/app/settings"
)

// channelSealer encrypts channel URLs and secrets at rest (AES-256-GCM), as
// account seals TOTP secrets: the key is derived from the instance signing
// key with a label of its own, so a leaked copy of unit_channels alone
// gives away neither a robot's key (it is part of its URL) nor a webhook
// secret. Each value is bound to its unit, kind and field: a sealed value
// copied to another row does not open.
type channelSealer struct{ aead cipher.AEAD }

func newChannelSealer(signingKey []byte) (channelSealer, error) {
	if len(signingKey) < 16 {
		return channelSealer{}, errors.New("notify: signing key too short for sealing channel secrets")
	}
	m := hmac.New(sha256.New, signingKey)
	m.Write([]byte("liaison unit channel v1"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return channelSealer{}, err
	}
	aead, err := cipher.NewGCM(block)
	return channelSealer{aead: aead}, err
}

// sealerFor derives the sealer once per process; every instance derives the
// same key from the shared signing key.
func (s *Service) sealerFor() (channelSealer, error) {
	s.sealOnce.Do(func() {
		// Outside the caller's transaction: a key derived from a row that
		// the caller might roll back must not be cached for the process.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		key, err := settings.New(s.db).SigningKey(ctx)
		if err != nil {
			s.sealErr = err
			return
		}
		s.sealer, s.sealErr = newChannelSealer(key)
	})
	return s.sealer, s.sealErr
}

func (c channelSealer) seal(unitID int64, kind Channel, field, value string) string {
	if value == "" {
		return ""
	}
	nonce := make([]byte, c.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return base64.RawStdEncoding.EncodeToString(c.aead.Seal(nonce, nonce, []byte(value), channelAD(unitID, kind, field)))
}

func (c channelSealer) open(unitID int64, kind Channel, field, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	n := c.aead.NonceSize()
	if err != nil || len(b) < n {
		return "", errors.New("notify: sealed channel value is malformed")
	}
	out, err := c.aead.Open(nil, b[:n], b[n:], channelAD(unitID, kind, field))
	if err != nil {
		return "", errors.New("notify: sealed channel value does not open")
	}
	return string(out), nil
}

func channelAD(unitID int64, kind Channel, field string) []byte {
	return []byte("unit:" + strconv.FormatInt(unitID, 10) + ":" + string(kind) + ":" + field)
}
