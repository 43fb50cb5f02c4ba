package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"github.com/lemedia/lemedia/internal/secret"
)

// TOTP settings every authenticator app understands (RFC 6238 defaults).
const (
	totpPeriod = 30
	totpDigits = 6
	totpSkew   = 1 // steps accepted either side of now, for clock drift
	// minSecretB32 is 128 bits in base32 characters.
	minSecretB32 = 26
)

var hotpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPKey is what enrolment shows the user once. Secret and URL carry the
// seed, so they are Secrets; seal Secret before storing it.
type TOTPKey struct {
	Secret    secret.Secret // base32, no padding
	URL       secret.Secret // otpauth://totp/…
	QRDataURL string        // data:image/png;base64,… of URL; needs img-src data: in the CSP
}

// NewTOTPSecret makes a random 160-bit seed (RFC 4226 recommendation) and its
// QR code, rendered here so no third-party service ever sees the seed.
func NewTOTPSecret(issuer, account string) (TOTPKey, error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: account, Period: totpPeriod,
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		return TOTPKey{}, err
	}
	img, err := key.Image(256, 256)
	if err != nil {
		return TOTPKey{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPKey{}, err
	}
	return TOTPKey{
		Secret:    secret.New(key.Secret()),
		URL:       secret.New(key.URL()),
		QRDataURL: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()),
	}, nil
}

// ValidateTOTP checks code against the steps around now. A step at or before
// lastUsedStep is refused so a code seen once (shoulder, proxy log) cannot be
// replayed; the caller stores the returned step as the new lastUsedStep.
func ValidateTOTP(secretB32, code string, now time.Time, lastUsedStep int64) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != totpDigits || strings.Trim(code, "0123456789") != "" || now.Unix() < 0 {
		return 0, false
	}
	// RFC 4226 asks for at least 128 bits of seed; an empty seed would make
	// codes anyone can compute.
	if len(strings.TrimRight(strings.TrimSpace(secretB32), "=")) < minSecretB32 {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	// Compute every candidate without stopping early, so timing says nothing
	// about which step (if any) matched.
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		want, err := hotp.GenerateCodeCustom(secretB32, uint64(s), hotpOpts)
		if err != nil {
			return 0, false
		}
		match := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
		if match && s > lastUsedStep && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}
