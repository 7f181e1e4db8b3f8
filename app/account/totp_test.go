package account

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strings"
	"testing"
	"time"
)

// RFC 6238 Appendix B: the reference implementation's test vectors.
func TestTOTP_RFC6238Vectors(t *testing.T) {
	t.Parallel()
	seed20 := []byte("12345678901234567890")
	seed32 := []byte("12345678901234567890123456789012")
	seed64 := []byte("1234567890123456789012345678901234567890123456789012345678901234")
	algs := []struct {
		name string
		h    func() hash.Hash
		key  []byte
	}{{"SHA1", sha1.New, seed20}, {"SHA256", sha256.New, seed32}, {"SHA512", sha512.New, seed64}}
	vectors := []struct {
		unix int64
		want [3]string // SHA1, SHA256, SHA512
	}{
		{59, [3]string{"94287082", "46119246", "90693936"}},
		{1111111109, [3]string{"07081804", "68084774", "25091201"}},
		{1111111111, [3]string{"14050471", "67062674", "99943326"}},
		{1234567890, [3]string{"89005924", "91819424", "93441116"}},
		{2000000000, [3]string{"69279037", "90698825", "38618901"}},
		{20000000000, [3]string{"65353130", "77737706", "47863826"}},
	}
	for _, v := range vectors {
		step := uint64(totpStep(time.Unix(v.unix, 0)))
		for i, a := range algs {
			if got := hotp(a.h, a.key, step, 8); got != v.want[i] {
				t.Errorf("T=%d %s: %s, want %s", v.unix, a.name, got, v.want[i])
			}
		}
		// The 6-digit code Liaison uses is the last six of the SHA-1 one.
		if got := TOTPCode(seed20, time.Unix(v.unix, 0)); got != v.want[0][2:] {
			t.Errorf("T=%d 6 digits: %s, want %s", v.unix, got, v.want[0][2:])
		}
	}
}

// RFC 4226 Appendix D: HOTP values for counters 0–9.
func TestHOTP_RFC4226Vectors(t *testing.T) {
	t.Parallel()
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for c, w := range want {
		if got := hotp(sha1.New, []byte("12345678901234567890"), uint64(c), 6); got != w {
			t.Errorf("counter %d: %s, want %s", c, got, w)
		}
	}
}

func TestTOTP_WindowAndReplay(t *testing.T) {
	t.Parallel()
	secret := newTOTPSecret()
	now := time.Unix(1_800_000_015, 0)
	cur := totpStep(now)
	for _, d := range []int64{-1, 0, 1} {
		code := hotp(sha1.New, secret, uint64(cur+d), 6)
		step, ok := matchTOTP(secret, code, now, 0)
		if !ok || step != cur+d {
			t.Errorf("drift %d refused (%d %v)", d, step, ok)
		}
		// The same code after its step was accepted: refused.
		if _, ok := matchTOTP(secret, code, now, cur+d); ok {
			t.Errorf("drift %d: replay accepted", d)
		}
	}
	for _, d := range []int64{-3, -2, 2, 3} {
		if _, ok := matchTOTP(secret, hotp(sha1.New, secret, uint64(cur+d), 6), now, 0); ok {
			t.Errorf("drift %d accepted", d)
		}
	}
	// An older code once a later one was used is refused too.
	if _, ok := matchTOTP(secret, hotp(sha1.New, secret, uint64(cur-1), 6), now, cur); ok {
		t.Error("older step accepted after a newer one")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := matchTOTP(secret, bad, now, 0); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTOTP_SecretEncodingAndURI(t *testing.T) {
	t.Parallel()
	secret := newTOTPSecret()
	shown := EncodeSecret(secret)
	if len(strings.ReplaceAll(shown, " ", "")) != 32 {
		t.Errorf("shown secret %q", shown)
	}
	back, err := DecodeSecret(strings.ToLower(shown))
	if err != nil || string(back) != string(secret) {
		t.Fatalf("round trip: %v", err)
	}
	uri := otpauthURI(Issuer, "proc.sec", secret)
	for _, want := range []string{"otpauth://totp/Liaison:proc.sec?", "secret=" + b32.EncodeToString(secret), "issuer=Liaison", "digits=6", "period=30", "algorithm=SHA1"} {
		if !strings.Contains(uri, want) {
			t.Errorf("uri %s lacks %s", uri, want)
		}
	}
}

func TestTOTP_Seal(t *testing.T) {
	t.Parallel()
	s, err := newSealer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	secret := newTOTPSecret()
	sealed := s.seal(7, secret)
	if strings.Contains(sealed, b32.EncodeToString(secret)) {
		t.Error("secret readable in sealed form")
	}
	if got, err := s.open(7, sealed); err != nil || string(got) != string(secret) {
		t.Fatalf("open: %v", err)
	}
	if _, err := s.open(8, sealed); err == nil {
		t.Error("sealed secret opened for another user")
	}
	other, _ := newSealer([]byte("another key of sufficient length"))
	if _, err := other.open(7, sealed); err == nil {
		t.Error("opened under another key")
	}
	if _, err := newSealer([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

func TestRecoveryCodes_Format(t *testing.T) {
	t.Parallel()
	codes := newRecoveryCodes(recoveryCount)
	seen := map[string]bool{}
	for _, c := range codes {
		n := normalizeCode(c)
		if !looksLikeRecoveryCode(n) || seen[n] {
			t.Errorf("code %q (normalized %q) bad or repeated", c, n)
		}
		seen[n] = true
		if normalizeCode(strings.ToUpper(c)) != n || normalizeCode(" "+strings.ReplaceAll(c, "-", " ")+" ") != n {
			t.Errorf("normalizing %q is not stable", c)
		}
	}
	if len(codes) != 10 {
		t.Errorf("%d codes", len(codes))
	}
	if looksLikeRecoveryCode("123456") {
		t.Error("TOTP code taken for a recovery code")
	}
}
