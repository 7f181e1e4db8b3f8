package account

import (
	"runtime"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// hashGate bounds how many argon2id derivations run at once. Each one
// allocates argonMemory KiB (19 MiB) and keeps a core busy for its whole
// run, so 50 sign-ins at once used to hold ~1 GB of hash memory while
// finishing no sooner than they would one core at a time. Waiting here
// costs a queued sign-in nothing it would not have lost to CPU contention.
// Half the cores (at least one) may hash: a burst of sign-ins (the morning
// rush) then leaves the other half to everyone already signed in, and the
// hash memory stays at NumCPU/2 × 19 MiB (on two cores, one hash at a time
// still signs in some 30 people a second; two at a time took the peak
// resident memory of an instance on SQLite from 130 to 154–170 MB).
var hashGate = make(chan struct{}, max(1, runtime.NumCPU()/2))

// hashCount counts the derivations that passed the gate: tests check with
// it that every sign-in path hashes alike (timing would be too noisy).
var hashCount atomic.Int64

// gatedIDKey is argon2.IDKey behind hashGate.
func gatedIDKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	hashCount.Add(1)
	hashGate <- struct{}{}
	defer func() { <-hashGate }()
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}
