// Package secret holds values that must never reach a log, an error page or a
// JSON dump by accident, and the random tokens they are usually made of.
package secret

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"
)

// Secret is a string that prints, logs and marshals as [REDACTED].
// Reveal is the only way to read it, so every use is easy to find.
type Secret struct{ v string }

const redacted = "[REDACTED]"

// New wraps a value.
func New(v string) Secret { return Secret{v: v} }

// Reveal returns the clear value.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether no value is set.
func (s Secret) IsZero() bool { return s.v == "" }

func (s Secret) String() string               { return redacted }
func (s Secret) GoString() string             { return redacted }
func (s Secret) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Token returns n random bytes encoded as unpadded base64url.
func Token(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
