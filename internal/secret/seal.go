package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Sealed values look like "v1.<key id>.<base64url(nonce||ciphertext||tag)>".
// The version names the whole scheme (HKDF info, AAD encoding, AES-256-GCM
// with a 96-bit random nonce), so a future scheme can live next to this one.
const (
	sealVersion = "v1"
	sealInfo    = "lemedia seal v1"
	// MinKeyLen is the shortest master secret accepted. HKDF spreads entropy
	// but adds none and does not slow guessing, so the secret must carry it.
	MinKeyLen = 32
)

var (
	ErrSealVersion = errors.New("secret: unsupported sealed format version")
	ErrSealFormat  = errors.New("secret: malformed sealed value")
	ErrUnknownKey  = errors.New("secret: sealed with a key that is not configured")
	ErrUnseal      = errors.New("secret: cannot open sealed value (wrong key, wrong AAD or tampered)")
)

// AAD binds a sealed value to where it is stored, so a ciphertext copied to
// another row or column (or swapped between rows) fails to open.
type AAD struct{ Table, Column, RowID string }

// bytes length-prefixes every field: ("a","bc") and ("ab","c") must differ.
func (a AAD) bytes() []byte {
	b := []byte(sealInfo)
	for _, f := range []string{a.Table, a.Column, a.RowID} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// Sealer encrypts with the current key and opens with the current or any
// previous key, which is what key rotation needs.
type Sealer struct {
	currentID string
	keys      map[string]cipher.AEAD
}

// NewSealer derives one AES-256 key per master secret. previous secrets are
// only used to open values sealed before a rotation.
func NewSealer(current Secret, previous ...Secret) (*Sealer, error) {
	s := &Sealer{keys: map[string]cipher.AEAD{}}
	for i, sec := range append([]Secret{current}, previous...) {
		if len(sec.Reveal()) < MinKeyLen {
			return nil, fmt.Errorf("secret: sealing key %d is shorter than %d bytes", i, MinKeyLen)
		}
		key, err := hkdf.Key(sha256.New, []byte(sec.Reveal()), nil, sealInfo, 32)
		if err != nil {
			return nil, err
		}
		id := keyID(key)
		if i == 0 {
			s.currentID = id
		}
		if _, dup := s.keys[id]; dup {
			continue // the same secret listed twice is harmless
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		// The stdlib draws a fresh random 96-bit nonce per Seal and prepends it,
		// so a nonce can never be reused by mistake here.
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			return nil, err
		}
		s.keys[id] = aead
	}
	return s, nil
}

// keyID names a key without revealing it: 32 bits of its SHA-256.
func keyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:4])
}

// Seal encrypts plaintext for the place described by aad.
func (s *Sealer) Seal(plaintext []byte, aad AAD) (string, error) {
	ct := s.keys[s.currentID].Seal(nil, nil, plaintext, aad.bytes())
	return sealVersion + "." + s.currentID + "." + base64.RawURLEncoding.EncodeToString(ct), nil
}

// Open decrypts a value made by Seal with the same aad.
func (s *Sealer) Open(sealed string, aad AAD) ([]byte, error) {
	id, ct, err := parseSealed(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := s.keys[id]
	if !ok {
		return nil, ErrUnknownKey
	}
	pt, err := aead.Open(nil, nil, ct, aad.bytes())
	if err != nil {
		return nil, ErrUnseal
	}
	return pt, nil
}

// NeedsReseal reports whether sealed is not in the current format under the
// current key. Unreadable values report true too, so a rotation tries them
// and Open tells why they fail instead of them being skipped silently.
func (s *Sealer) NeedsReseal(sealed string) bool {
	id, _, err := parseSealed(sealed)
	return err != nil || id != s.currentID
}

func parseSealed(sealed string) (id string, ct []byte, err error) {
	version, rest, ok := strings.Cut(sealed, ".")
	if !ok {
		return "", nil, ErrSealFormat
	}
	if version != sealVersion {
		return "", nil, ErrSealVersion
	}
	id, body, ok := strings.Cut(rest, ".")
	if !ok || len(id) != 8 {
		return "", nil, ErrSealFormat
	}
	ct, err = base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil {
		return "", nil, ErrSealFormat
	}
	return id, ct, nil
}

// String keeps key material out of logs and %v dumps.
func (s *Sealer) String() string   { return "secret.Sealer{" + redacted + "}" }
func (s *Sealer) GoString() string { return s.String() }
