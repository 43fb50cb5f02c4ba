package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

var (
	keyA = New("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	keyB = New("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
	here = AAD{Table: "services", Column: "api_key", RowID: "42"}
)

func mustSealer(t *testing.T, cur Secret, prev ...Secret) *Sealer {
	t.Helper()
	s, err := NewSealer(cur, prev...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSealRoundTrip(t *testing.T) {
	s := mustSealer(t, keyA)
	for _, pt := range [][]byte{[]byte("radarr-api-key-123"), {}} {
		sealed, err := s.Seal(pt, here)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1.") || strings.Contains(sealed, "radarr") {
			t.Fatalf("unexpected sealed form %q", sealed)
		}
		got, err := s.Open(sealed, here)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("Open = %q, %v; want %q", got, err, pt)
		}
		if s.NeedsReseal(sealed) {
			t.Fatal("fresh value reported as needing reseal")
		}
	}
}

func TestSealRefusesOtherPlace(t *testing.T) {
	s := mustSealer(t, keyA)
	sealed, _ := s.Seal([]byte("x"), here)
	for _, aad := range []AAD{
		{Table: "services", Column: "api_key", RowID: "43"},
		{Table: "services", Column: "token", RowID: "42"},
		{Table: "users", Column: "api_key", RowID: "42"},
		// Same concatenation, different fields: the length prefix must tell them apart.
		{Table: "servicesa", Column: "pi_key", RowID: "42"},
		{},
	} {
		if _, err := s.Open(sealed, aad); !errors.Is(err, ErrUnseal) {
			t.Errorf("Open with %+v: err = %v, want ErrUnseal", aad, err)
		}
	}
	// Fields that may hold any byte, even ones looking like a separator or a length.
	tricky, _ := s.Seal([]byte("x"), AAD{Table: "a", Column: "\x00\x00\x00\x00b", RowID: "1"})
	for _, aad := range []AAD{
		{Table: "a\x00\x00\x00\x00", Column: "b", RowID: "1"},
		{Table: "a\x00\x00\x00\x00b", Column: "", RowID: "1"},
	} {
		if _, err := s.Open(tricky, aad); !errors.Is(err, ErrUnseal) {
			t.Errorf("Open with %+v: err = %v, want ErrUnseal", aad, err)
		}
	}
}

func TestSealRefusesTampering(t *testing.T) {
	s := mustSealer(t, keyA)
	sealed, _ := s.Seal([]byte("hello world"), here)
	i := strings.LastIndex(sealed, ".")
	raw, _ := base64.RawURLEncoding.DecodeString(sealed[i+1:])
	for pos := range raw {
		bad := bytes.Clone(raw)
		bad[pos] ^= 0x01
		if _, err := s.Open(sealed[:i+1]+base64.RawURLEncoding.EncodeToString(bad), here); !errors.Is(err, ErrUnseal) {
			t.Fatalf("flipped byte %d: err = %v, want ErrUnseal", pos, err)
		}
	}
	short := sealed[:i+1] + base64.RawURLEncoding.EncodeToString(raw[:10])
	if _, err := s.Open(short, here); err == nil {
		t.Fatal("truncated value opened")
	}
}

func TestSealRefusesUnknownFormats(t *testing.T) {
	s := mustSealer(t, keyA)
	sealed, _ := s.Seal([]byte("x"), here)
	cases := map[string]error{
		"v2" + sealed[2:]:                 ErrSealVersion,
		"V1" + sealed[2:]:                 ErrSealVersion,
		"plaintext-api-key":               ErrSealFormat,
		"":                                ErrSealFormat,
		"v1.deadbeef":                     ErrSealFormat,
		"v1.short." + sealed[12:]:         ErrSealFormat,
		sealed[:12] + "!!not base64!!":    ErrSealFormat,
		"v1.00000000." + sealed[12:]:      ErrUnknownKey,
		sealed[:12] + sealed[12:] + "===": ErrSealFormat,
	}
	for in, want := range cases {
		if _, err := s.Open(in, here); !errors.Is(err, want) {
			t.Errorf("Open(%q) err = %v, want %v", in, err, want)
		}
	}
}

func TestSealRotation(t *testing.T) {
	old := mustSealer(t, keyA)
	sealedOld, _ := old.Seal([]byte("seed"), here)

	rotated := mustSealer(t, keyB, keyA)
	if !rotated.NeedsReseal(sealedOld) {
		t.Fatal("value under the previous key should need a reseal")
	}
	pt, err := rotated.Open(sealedOld, here)
	if err != nil || string(pt) != "seed" {
		t.Fatalf("previous key did not open: %q, %v", pt, err)
	}
	resealed, _ := rotated.Seal(pt, here)
	if rotated.NeedsReseal(resealed) {
		t.Fatal("resealed value still needs a reseal")
	}
	if resealed[3:11] == sealedOld[3:11] {
		t.Fatal("key id did not change after rotation")
	}
	// Values it cannot read are not skipped silently by a rotation.
	for _, v := range []string{"plaintext-from-before-sealing", "v2.abcdef12.AAAA", "v1.00000000.AAAA"} {
		if !rotated.NeedsReseal(v) {
			t.Errorf("NeedsReseal(%q) = false", v)
		}
	}
	// Once the old key is dropped, old values are refused, not misread.
	if _, err := mustSealer(t, keyB).Open(sealedOld, here); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("err = %v, want ErrUnknownKey", err)
	}
}

func TestSealFreshNonce(t *testing.T) {
	s := mustSealer(t, keyA)
	seen := map[string]bool{}
	nonces := map[string]bool{}
	for range 50 {
		sealed, _ := s.Seal([]byte("same"), here)
		raw, _ := base64.RawURLEncoding.DecodeString(sealed[12:])
		if seen[sealed] || nonces[string(raw[:12])] {
			t.Fatal("sealing the same plaintext twice gave a repeated nonce")
		}
		seen[sealed], nonces[string(raw[:12])] = true, true
	}
}

func TestSealerRefusesWeakKeysAndHidesThem(t *testing.T) {
	if _, err := NewSealer(New("short")); err == nil {
		t.Fatal("short key accepted")
	}
	if _, err := NewSealer(keyA, New("")); err == nil {
		t.Fatal("empty previous key accepted")
	}
	s := mustSealer(t, keyA)
	if out := fmt.Sprintf("%v %+v %#v %s", s, s, s, s); strings.Contains(out, "aaaa") || strings.Contains(out, "0x") {
		t.Fatalf("sealer printed internals: %s", out)
	}
}
