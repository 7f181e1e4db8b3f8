package account

import (
	"strconv"

	"liaison/app/seal"
)

// sealer encrypts TOTP secrets at rest, so that a leaked copy of the
// user_totp table alone does not give away anyone's second factor; each is
// bound to its user (a row copied to another user does not open).
type sealer struct{ s seal.Sealer }

func newSealer(signingKey []byte) (sealer, error) {
	s, err := seal.New(signingKey, "liaison totp secret v1")
	return sealer{s}, err
}

func (s sealer) seal(userID int64, secret []byte) string { return s.s.Seal(secret, userAD(userID)) }

func (s sealer) open(userID int64, sealed string) ([]byte, error) {
	return s.s.Open(sealed, userAD(userID))
}

func userAD(id int64) []byte {
	return []byte("user:" + strconv.FormatInt(id, 10))
}
