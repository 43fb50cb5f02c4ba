package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestRecoveryCodesShapeAndEntropy(t *testing.T) {
	if bits := recoveryLen * math.Log2(float64(len(recoveryAlphabet))); bits < 50 {
		t.Fatalf("codes carry %.1f bits, want >= 50", bits)
	}
	if strings.ContainsAny(recoveryAlphabet, "lo01ABCXYZ-") || len(recoveryAlphabet) != 32 {
		t.Fatalf("alphabet %q", recoveryAlphabet)
	}
	shape := regexp.MustCompile(`^[` + recoveryAlphabet + `]{5}-[` + recoveryAlphabet + `]{5}$`)
	codes, hashes := NewRecoveryCodes()
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if !shape.MatchString(c) || seen[c] {
			t.Fatalf("code %q malformed or repeated", c)
		}
		seen[c] = true
		sum := sha256.Sum256([]byte(strings.ReplaceAll(c, "-", "")))
		if hashes[i] != hex.EncodeToString(sum[:]) || strings.Contains(hashes[i], c[:5]) {
			t.Fatalf("hash %d is not the SHA-256 of the code", i)
		}
	}
	// Every symbol shows up over many codes: no stuck bits in the mapping.
	used := map[rune]bool{}
	for range 40 {
		cs, _ := NewRecoveryCodes()
		for _, r := range strings.Join(cs, "") {
			used[r] = true
		}
	}
	if len(used) != 33 { // 32 symbols and the dash
		t.Fatalf("only %d distinct characters used", len(used))
	}
}

func TestMatchRecoveryCode(t *testing.T) {
	codes, hashes := NewRecoveryCodes()
	c := codes[3]
	for _, in := range []string{c, "  " + c + "\n", strings.ToUpper(c), strings.ReplaceAll(c, "-", ""), c[:5] + " " + c[6:], c[:2] + "-" + c[2:5] + " - " + c[6:]} {
		if i, ok := MatchRecoveryCode(in, hashes); !ok || i != 3 {
			t.Errorf("MatchRecoveryCode(%q) = %d, %v; want 3", in, i, ok)
		}
	}
	other, _ := NewRecoveryCodes()
	for _, in := range []string{"", "-", other[0], c[:10], c + "a", strings.Replace(c, c[:1], "l", 1), hashes[3]} {
		if i, ok := MatchRecoveryCode(in, hashes); ok || i != -1 {
			t.Errorf("MatchRecoveryCode(%q) = %d, %v; want no match", in, i, ok)
		}
	}
	// Used codes are removed or blanked by the caller and never match again.
	hashes[3] = ""
	if _, ok := MatchRecoveryCode(c, hashes); ok {
		t.Error("blanked code matched")
	}
	if _, ok := MatchRecoveryCode(c, nil); ok {
		t.Error("matched against no hashes")
	}
}
