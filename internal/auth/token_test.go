package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

func TestSessionToken(t *testing.T) {
	tok, hash := NewSessionToken()
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != 32 {
		t.Fatalf("token %q: %d bytes, %v", tok, len(raw), err)
	}
	want := sha256.Sum256([]byte(tok))
	if !bytes.Equal(hash, want[:]) || !bytes.Equal(HashToken(tok), hash) {
		t.Fatal("hash is not SHA-256 of the token")
	}
	if bytes.Contains(hash, []byte(tok)) || bytes.Equal(HashToken(tok+"x"), hash) {
		t.Fatal("hash does not depend on the whole token")
	}
	tok2, hash2 := NewSessionToken()
	if tok2 == tok || bytes.Equal(hash2, hash) {
		t.Fatal("two tokens are equal")
	}
}
