package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// Recovery codes are 10 symbols from a 32-symbol alphabet (5 bits each, 50
// bits per code) shown as "abcde-fghij". The alphabet leaves out l and o, which
// read like 1 and 0, and 0 and 1 themselves.
const (
	recoveryAlphabet  = "abcdefghijkmnpqrstuvwxyz23456789"
	recoveryLen       = 10
	RecoveryCodeCount = 10 // codes per set
)

// NewRecoveryCodes returns a fresh set of single-use codes to show once, and
// their hashes to store. A plain SHA-256 suffices: at 50 bits per code a
// guess costs the same with or without a slow hash, and login rate limits
// stop online guessing.
func NewRecoveryCodes() (codes []string, hashes []string) {
	for range RecoveryCodeCount {
		b := make([]byte, recoveryLen)
		_, _ = rand.Read(b) // never fails on supported platforms
		for i := range b {
			b[i] = recoveryAlphabet[b[i]&31] // 256 is a multiple of 32: no bias
		}
		codes = append(codes, string(b[:5])+"-"+string(b[5:]))
		hashes = append(hashes, hashRecovery(string(b)))
	}
	return codes, hashes
}

// MatchRecoveryCode reports which stored hash input matches. The caller must
// then delete (or blank) that hash so the code works only once.
func MatchRecoveryCode(input string, hashes []string) (index int, ok bool) {
	norm := normalizeRecovery(input)
	if norm == "" {
		return -1, false
	}
	got := []byte(hashRecovery(norm))
	index = -1
	// Compare against every hash, without stopping at a match.
	for i, h := range hashes {
		if subtle.ConstantTimeCompare(got, []byte(h)) == 1 && index < 0 {
			index = i
		}
	}
	return index, index >= 0
}

// normalizeRecovery forgives case, spaces and dashes; it returns "" for
// anything that cannot be a code.
func normalizeRecovery(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case 'A' <= r && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, strings.TrimSpace(s))
	if len(s) != recoveryLen {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(recoveryAlphabet, s[i]) < 0 {
			return ""
		}
	}
	return s
}

func hashRecovery(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}
