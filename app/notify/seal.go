package notify

import (
	"context"
	"strconv"
	"time"

	"liaison/app/seal"
	"liaison/app/settings"
)

// channelSealer encrypts channel URLs and secrets at rest (package seal),
// as account seals TOTP secrets, with a label of its own, so a leaked copy
// of unit_channels alone gives away neither a robot's key (it is part of its
// URL) nor a webhook secret. Each value is bound to its unit, kind and
// field: a sealed value copied to another row does not open.
type channelSealer struct{ s seal.Sealer }

func newChannelSealer(signingKey []byte) (channelSealer, error) {
	s, err := seal.New(signingKey, "liaison unit channel v1")
	return channelSealer{s}, err
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
	return c.s.Seal([]byte(value), channelAD(unitID, kind, field))
}

func (c channelSealer) open(unitID int64, kind Channel, field, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	out, err := c.s.Open(sealed, channelAD(unitID, kind, field))
	return string(out), err
}

func channelAD(unitID int64, kind Channel, field string) []byte {
	return []byte("unit:" + strconv.FormatInt(unitID, 10) + ":" + string(kind) + ":" + field)
}
