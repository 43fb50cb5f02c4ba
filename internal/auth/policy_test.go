package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckPasswordLength(t *testing.T) {
	cases := []struct {
		pw   string
		want error
	}{
		{"", ErrPasswordTooShort},
		{strings.Repeat("x", 7), ErrPasswordTooShort},
		{"zq7#Kp2", ErrPasswordTooShort},
		{"zq7#Kp2!", nil},
		// Code points, not bytes: 7 two-, three- and four-byte characters are too short…
		{strings.Repeat("é", 7), ErrPasswordTooShort},
		{strings.Repeat("密", 7), ErrPasswordTooShort},
		{strings.Repeat("🔑", 7), ErrPasswordTooShort},
		// …and 8 are enough, although they are 16, 24 and 32 bytes.
		{strings.Repeat("é", 8), nil},
		{strings.Repeat("密", 8), nil},
		{strings.Repeat("🔑", 8), nil},
		{strings.Repeat("a", 1023) + "🔑", nil},
		{strings.Repeat("🔑", 1024), nil}, // 4096 bytes, 1024 code points
		{strings.Repeat("a", 1025), ErrPasswordTooLong},
		{strings.Repeat("🔑", 1025), ErrPasswordTooLong},
		{"abcdefg\xff", ErrPasswordEncoding},
	}
	for _, c := range cases {
		if got := CheckPassword(c.pw); got != c.want {
			t.Errorf("CheckPassword(%.20q… %d bytes) = %v, want %v", c.pw, len(c.pw), got, c.want)
		}
	}
}

func TestCheckPasswordCommon(t *testing.T) {
	// Short common ones fail either way; the list itself must know them too.
	for _, pw := range []string{"password", "123456", "Qwerty", "PASSWORD", "iloveyou"} {
		if CheckPassword(pw) == nil || !isCommonPassword(pw) {
			t.Errorf("%q accepted", pw)
		}
	}
	for _, pw := range []string{"password", "Password", "12345678", "QWERTYUIOP", "1qaz2wsx", "sunshine"} {
		if err := CheckPassword(pw); !errors.Is(err, ErrPasswordTooCommon) {
			t.Errorf("CheckPassword(%q) = %v, want too common", pw, err)
		}
	}
	for _, pw := range []string{"violet-otter-canal-47", "Tr0ub4dor&3x", "mot de passe très long"} {
		if err := CheckPassword(pw); err != nil {
			t.Errorf("CheckPassword(%q) = %v, want accepted", pw, err)
		}
	}
}

func TestCommonPasswordListSize(t *testing.T) {
	set := commonPasswords()
	if len(set) != 10000 {
		t.Fatalf("list has %d entries, want 10000", len(set))
	}
	for w := range set {
		if w != strings.ToLower(w) || strings.TrimSpace(w) != w {
			t.Fatalf("entry %q is not lower-case and trimmed, so lookups would miss it", w)
		}
	}
}

func TestPolicyMessagesAreUserFacing(t *testing.T) {
	for err, want := range map[PolicyError]string{
		ErrPasswordTooShort:  "at least 8 characters",
		ErrPasswordTooLong:   "at most 1024 characters",
		ErrPasswordTooCommon: "too common",
	} {
		var pe PolicyError
		if !errors.As(error(err), &pe) || !strings.Contains(pe.Error(), want) {
			t.Errorf("%v does not say %q", err, want)
		}
	}
}
