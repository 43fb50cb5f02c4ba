package auth

import (
	"encoding/base32"
	"encoding/base64"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the 6-digit code is
// the last 6 digits of the 8-digit vector.
var rfcSeed = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

func TestValidateTOTPRFC6238Vectors(t *testing.T) {
	for unix, code8 := range map[int64]string{
		59:          "94287082",
		1111111109:  "07081804",
		1111111111:  "14050471",
		1234567890:  "89005924",
		2000000000:  "69279037",
		20000000000: "65353130",
	} {
		step, ok := ValidateTOTP(rfcSeed, code8[2:], time.Unix(unix, 0), 0)
		if !ok || step != unix/30 {
			t.Errorf("T=%d code %s: step %d ok %v, want step %d", unix, code8[2:], step, ok, unix/30)
		}
	}
}

func TestValidateTOTPWindowAndReplay(t *testing.T) {
	now := time.Unix(1111111111, 0) // step 37037037, code 050471
	const code, step = "050471", int64(37037037)
	at := func(d time.Duration) time.Time { return now.Add(d) }

	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		if got, ok := ValidateTOTP(rfcSeed, code, at(d), 0); !ok || got != step {
			t.Errorf("offset %v: refused (step %d)", d, got)
		}
	}
	for _, d := range []time.Duration{-60 * time.Second, 60 * time.Second} {
		if _, ok := ValidateTOTP(rfcSeed, code, at(d), 0); ok {
			t.Errorf("offset %v: accepted, want only ±1 step", d)
		}
	}
	// Replay: once step is used, the same code (or an older one) fails.
	if _, ok := ValidateTOTP(rfcSeed, code, now, step); ok {
		t.Error("replayed code accepted")
	}
	if _, ok := ValidateTOTP(rfcSeed, code, now, step+1); ok {
		t.Error("code older than the last used step accepted")
	}
	if _, ok := ValidateTOTP(rfcSeed, code, now, step-1); !ok {
		t.Error("code newer than the last used step refused")
	}
}

func TestValidateTOTPRefusesJunk(t *testing.T) {
	now := time.Unix(1111111111, 0)
	for _, code := range []string{"", "05047", "0504711", "05047a", "+50471", "-50471", "05 471", "０５０４７１", "050471\x00"} {
		if _, ok := ValidateTOTP(rfcSeed, code, now, 0); ok {
			t.Errorf("code %q accepted", code)
		}
	}
	if _, ok := ValidateTOTP(rfcSeed, " 050471 ", now, 0); !ok {
		t.Error("surrounding spaces should be forgiven")
	}
	for _, seed := range []string{"", "GEZDGNBV", "not base32!not base32!not base32!"} {
		if _, ok := ValidateTOTP(seed, "050471", now, 0); ok {
			t.Errorf("seed %q accepted", seed)
		}
	}
}

func TestNewTOTPSecret(t *testing.T) {
	k, err := NewTOTPSecret("LeMedia", "alice@example.com")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(k.Secret.Reveal())
	if err != nil || len(raw) != 20 {
		t.Fatalf("secret %d bytes, %v", len(raw), err)
	}
	u, err := url.Parse(k.URL.Reveal())
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != k.Secret.Reveal() ||
		u.Query().Get("issuer") != "LeMedia" || u.Query().Get("digits") != "6" || u.Query().Get("period") != "30" ||
		u.Query().Get("algorithm") != "SHA1" || !strings.Contains(u.Path, "alice@example.com") {
		t.Fatalf("bad otpauth URL %q", k.URL.Reveal())
	}
	b64, ok := strings.CutPrefix(k.QRDataURL, "data:image/png;base64,")
	if !ok {
		t.Fatalf("QR is not a PNG data URL: %.40q", k.QRDataURL)
	}
	pngBytes, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(strings.NewReader(string(pngBytes))); err != nil || img.Bounds().Dx() != 256 {
		t.Fatalf("QR PNG: %v", err)
	}
	// A code made from the new seed validates.
	now := time.Unix(1700000000, 0)
	code, _ := generateForTest(k.Secret.Reveal(), now)
	if _, ok := ValidateTOTP(k.Secret.Reveal(), code, now, 0); !ok {
		t.Fatal("own code refused")
	}
	if k2, _ := NewTOTPSecret("LeMedia", "alice@example.com"); k2.Secret.Reveal() == k.Secret.Reveal() {
		t.Fatal("two enrolments got the same seed")
	}
	if _, err := NewTOTPSecret("", "alice"); err == nil {
		t.Fatal("empty issuer accepted")
	}
}
