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
// with more memory set GOMEMLIMIT (e.g. GOMEMLIMIT=512MiB). At 96 MiB an
// instance on SQLite peaked at 140–152 MB resident under a sign-in burst
// (SQLite's own memory and the binary come on top of the Go heap); at 80
// MiB, 131 MB, with the pages as fast and sign-in at 30 rather than 40 a
// second on two cores.
const defaultMemoryLimit = 80 << 20

// limitMemory applies defaultMemoryLimit unless GOMEMLIMIT says otherwise.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
