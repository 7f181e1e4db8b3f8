package seal

import (
	"errors"
	"testing"
)

// TestSeal: a value opens with its key and associated data only; a value
// sealed twice differs (fresh nonce); bad input is told apart.
func TestSeal(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	s, err := New(key, "label a")
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.Seal([]byte("webhook secret"), []byte("unit:1"))
	if sealed == s.Seal([]byte("webhook secret"), []byte("unit:1")) {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	if got, err := s.Open(sealed, []byte("unit:1")); err != nil || string(got) != "webhook secret" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := s.Open(sealed, []byte("unit:2")); !errors.Is(err, ErrNotOpen) {
		t.Errorf("opened with another row's data: %v", err)
	}
	other, _ := New(key, "label b")
	if _, err := other.Open(sealed, []byte("unit:1")); !errors.Is(err, ErrNotOpen) {
		t.Errorf("opened with another label's key: %v", err)
	}
	if _, err := s.Open("not base64!", nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("malformed: %v", err)
	}
	if _, err := New([]byte("short"), "x"); err == nil {
		t.Error("a short signing key was accepted")
	}
}
