package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// Password length bounds in Unicode code points (NIST SP 800-63B: length and
// a blocklist, no composition rules).
const (
	MinPasswordLen = 8
	MaxPasswordLen = 1024
)

// PolicyError is a password refusal whose text can be shown to the user as is.
type PolicyError string

func (e PolicyError) Error() string { return string(e) }

const (
	ErrPasswordTooShort  PolicyError = "The password must have at least 8 characters."
	ErrPasswordTooLong   PolicyError = "The password must have at most 1024 characters."
	ErrPasswordTooCommon PolicyError = "This password is too common. Choose another one."
	ErrPasswordEncoding  PolicyError = "The password contains characters that are not valid text."
)

// CheckPassword applies the password rules to a new password.
func CheckPassword(pw string) error {
	if !utf8.ValidString(pw) { // browsers always send UTF-8; anything else is a broken client
		return ErrPasswordEncoding
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return ErrPasswordTooShort
	case n > MaxPasswordLen:
		return ErrPasswordTooLong
	case isCommonPassword(pw):
		return ErrPasswordTooCommon
	}
	return nil
}

// commonpasswords.txt.gz: see NOTICE for its source and licence.
//
//go:embed commonpasswords.txt.gz
var commonGz []byte

// commonPasswords is loaded on first use: most processes never set a password.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonGz))
	if err != nil {
		panic("auth: embedded common password list: " + err.Error())
	}
	set := make(map[string]struct{}, 10000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			set[w] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		panic("auth: embedded common password list: " + err.Error())
	}
	return set
})

func isCommonPassword(pw string) bool {
	_, ok := commonPasswords()[strings.ToLower(pw)]
	return ok
}
