package auth

import (
	"crypto/sha256"

	"github.com/lemedia/lemedia/internal/secret"
)

// NewSessionToken returns a 256-bit random token for the client and its
// SHA-256 for the database, so a leaked table cannot be replayed as cookies.
// Reset tokens and API keys are made the same way.
func NewSessionToken() (token string, hash []byte) {
	token = secret.Token(32)
	return token, HashToken(token)
}

// HashToken is the stored form of a token. A fast hash is enough: the token
// has 256 bits of entropy, and lookup by hash needs no constant-time compare.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
