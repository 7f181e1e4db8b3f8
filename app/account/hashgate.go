package account

import (
	"runtime"

	"golang.org/x/crypto/argon2"
)

// hashGate bounds how many argon2id derivations run at once. Each one
// allocates argonMemory KiB (19 MiB) and keeps a core busy for its whole
// run, so 50 sign-ins at once used to hold ~1 GB of hash memory while
// finishing no sooner than they would one core at a time. Waiting here
// costs a queued sign-in nothing it would not have lost to CPU contention,
// and keeps the server's memory bounded by NumCPU × 19 MiB.
var hashGate = make(chan struct{}, max(1, runtime.NumCPU()))

// gatedIDKey is argon2.IDKey behind hashGate.
func gatedIDKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	hashGate <- struct{}{}
	defer func() { <-hashGate }()
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}
