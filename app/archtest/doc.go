// Package archtest holds the tests that keep the repository's own rules:
// what may be committed, and (as they are added) how the code is laid out.
// It has no code of its own; its tests read the checkout.
package archtest
