// Package prooftest marks the proof suites (authorization matrix, canary
// leak, fault injection, concurrency, process and browser proofs): they
// run in every plain `go test ./...` and in CI, and `go test -short ./...`
// leaves them out for a quick run while working.
package prooftest

import "testing"

// SkipInShort skips a proof suite under -short.
func SkipInShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("proof suite: left out by -short (go test ./... and CI run it)")
	}
}
