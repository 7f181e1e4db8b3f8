package main

import (
	"os"
	"runtime/debug"
)

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not
// set. Without one the collector lets the heap grow to twice what is live,
// and a burst of sign-ins (each argon2id hash holds 19 MiB while it runs,
// app/account/hashgate.go) doubled into 200+ MB of resident memory; with
// it the collector works harder instead as the heap nears the limit. It is
// soft: a server that truly needs more keeps running (the runtime caps the
// collector's share of CPU), so it is a target, not a ceiling. Operators
// with more memory set GOMEMLIMIT (e.g. GOMEMLIMIT=512MiB).
const defaultMemoryLimit = 96 << 20

// limitMemory applies defaultMemoryLimit unless GOMEMLIMIT says otherwise.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
