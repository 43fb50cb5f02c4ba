package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// tinyParams keep tests fast; NewHasher refuses them, newHasher(…, false) does not.
var tinyParams = Params{Memory: 64, Time: 1, Threads: 1}

func newTestHasher(t testing.TB, cfg HasherConfig) *Hasher {
	t.Helper()
	if cfg.Params == (Params{}) {
		cfg.Params = tinyParams
	}
	h, err := newHasher(cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashVerifyRoundTrip(t *testing.T) {
	ctx := t.Context()
	h := newTestHasher(t, HasherConfig{})
	phc1, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc1, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("unexpected PHC string %q", phc1)
	}
	if phc2, _ := h.Hash(ctx, "correct horse battery staple"); phc2 == phc1 {
		t.Fatal("same password hashed twice gave the same string: salt is not random")
	}
	if ok, rehash, err := h.Verify(ctx, "correct horse battery staple", phc1); !ok || rehash || err != nil {
		t.Fatalf("Verify(right) = %v, %v, %v", ok, rehash, err)
	}
	for _, wrong := range []string{"correct horse battery stapl", "Correct horse battery staple", ""} {
		if ok, _, err := h.Verify(ctx, wrong, phc1); ok || err != nil {
			t.Fatalf("Verify(%q) = %v, %v", wrong, ok, err)
		}
	}
}

// A vector from the reference implementation (via x/crypto's own tests)
// catches swapped parameters, which a round trip alone would not.
func TestVerifyKnownAnswer(t *testing.T) {
	const ref = "$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L"
	h := newTestHasher(t, HasherConfig{})
	if ok, _, err := h.Verify(t.Context(), "password", ref); !ok || err != nil {
		t.Fatalf("reference hash refused: %v, %v", ok, err)
	}
}

func TestVerifyRehashFlag(t *testing.T) {
	ctx := t.Context()
	old := newTestHasher(t, HasherConfig{})
	stored, _ := old.Hash(ctx, "hunter2hunter2")
	cur := newTestHasher(t, HasherConfig{Params: Params{Memory: 128, Time: 1, Threads: 1}})
	if ok, rehash, err := cur.Verify(ctx, "hunter2hunter2", stored); !ok || !rehash || err != nil {
		t.Fatalf("Verify with new params = %v, %v, %v; want ok and rehash", ok, rehash, err)
	}
	if ok, rehash, _ := cur.Verify(ctx, "wrong-password", stored); ok || rehash {
		t.Fatal("a failed verify must not ask for a rehash")
	}
}

func TestVerifyRefusesMalformed(t *testing.T) {
	h := newTestHasher(t, HasherConfig{})
	good, _ := h.Hash(t.Context(), "password123")
	salt := "$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L"
	for _, s := range []string{
		"",
		"$",
		"plain-text-password",
		"$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", // bcrypt
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		"$argon2id$v=19$m=256,t=3$" + salt[1:],
		"$argon2id$v=19$t=3,m=256,p=2" + salt,
		"$argon2id$v=19$m=256,t=3,p=0" + salt,
		"$argon2id$v=19$m=256,t=0,p=2" + salt,
		"$argon2id$v=19$m=4,t=3,p=2" + salt,                      // below 8*p
		"$argon2id$v=19$m=4294967295,t=3,p=2" + salt,             // would allocate 4 TiB
		"$argon2id$v=19$m=256,t=3,p=256" + salt,                  // p overflows uint8
		"$argon2id$v=19$m=0256,t=3,p=2" + salt,                   // not canonical
		"$argon2id$v=19$m=+256,t=3,p=2" + salt,                   // not canonical
		"$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ=$" + salt[13:], // padded
		"$argon2id$v=19$m=256,t=3,p=2$c29t$" + salt[13:],         // salt too short
		"$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ$AAAA",          // hash too short
		"$argon2id$v=19$m=256,t=3,p=2$c29tZXNh\nbHQ$" + salt[13:],
		good + "$",
		good + "!",
	} {
		ok, _, err := h.Verify(t.Context(), "password", s)
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("Verify(%q) = %v, %v; want ErrMalformedHash", s, ok, err)
		}
	}
}

func FuzzParsePHC(f *testing.F) {
	for _, s := range []string{
		"$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L",
		"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8LRmjTCsQYfmg",
		"$argon2id$v=19$m=65536,t=3,p=4$$",
		"$argon2id$v=19$m=,t=,p=$c29tZXNhbHQ$",
		"$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
		"$argon2id$v=19$m=4294967295,t=4294967295,p=255$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L",
		"$$$$$$",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePHC(s)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("unexpected error type %v", err)
			}
			return
		}
		if p.String() != s || p.params.sane() != nil || len(p.salt) < 8 || len(p.key) < 16 {
			t.Fatalf("accepted %q as %+v", s, p)
		}
	})
}

func TestHasherBusy(t *testing.T) {
	h := newTestHasher(t, HasherConfig{MaxConcurrent: 1, MaxWait: 20 * time.Millisecond})
	stored, _ := h.Hash(t.Context(), "password123")

	h.slots <- struct{}{} // another login holds the only slot
	if _, err := h.Hash(t.Context(), "x"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Hash err = %v, want ErrBusy", err)
	}
	if _, _, err := h.Verify(t.Context(), "password123", stored); !errors.Is(err, ErrBusy) {
		t.Fatalf("Verify err = %v, want ErrBusy", err)
	}
	if err := h.VerifyDummy(t.Context(), "x"); !errors.Is(err, ErrBusy) {
		t.Fatalf("VerifyDummy err = %v, want ErrBusy", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := h.Hash(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Hash with cancelled ctx err = %v", err)
	}
	h.release()

	// Each call gives its slot back: many sequential calls never report busy.
	for range 5 {
		if ok, _, err := h.Verify(t.Context(), "password123", stored); !ok || err != nil {
			t.Fatalf("after release: %v, %v", ok, err)
		}
	}

	// A slot freed during the wait is taken.
	slow := newTestHasher(t, HasherConfig{MaxConcurrent: 1, MaxWait: time.Minute})
	slow.slots <- struct{}{}
	go slow.release()
	if _, err := slow.Hash(t.Context(), "x"); err != nil {
		t.Fatalf("waiting caller did not get the freed slot: %v", err)
	}
}

func TestVerifyDummyCostsLikeARealVerify(t *testing.T) {
	h := newTestHasher(t, HasherConfig{Params: Params{Memory: 128, Time: 2, Threads: 1}})
	// Same parameters and sizes as a hash made now means the same argon2 work.
	real, _ := parsePHC(mustHash(t, h, "anything"))
	if h.dummy.params != real.params || len(h.dummy.key) != len(real.key) || len(h.dummy.salt) != len(real.salt) {
		t.Fatalf("dummy %+v differs from a real hash %+v", h.dummy.params, real.params)
	}
	if err := h.VerifyDummy(t.Context(), "anything"); err != nil {
		t.Fatal(err)
	}
}

func mustHash(t *testing.T, h *Hasher, pw string) string {
	t.Helper()
	s, err := h.Hash(t.Context(), pw)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParamsFloor(t *testing.T) {
	if err := MinParams.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := DefaultParams.Validate(); err != nil {
		t.Fatalf("defaults below the floor: %v", err)
	}
	for _, p := range []Params{
		{Memory: 19455, Time: 2, Threads: 1},
		{Memory: 19456, Time: 1, Threads: 1},
		{Memory: 19456, Time: 2, Threads: 0},
		tinyParams,
		{Memory: 1 << 22, Time: 2, Threads: 1}, // 4 GiB per login
	} {
		if p.Validate() == nil {
			t.Errorf("Validate(%+v) accepted", p)
		}
		if _, err := NewHasher(HasherConfig{Params: p}); err == nil {
			t.Errorf("NewHasher(%+v) accepted", p)
		}
	}
	// The zero config means production defaults, never something cheaper.
	h, err := NewHasher(HasherConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Params() != DefaultParams || cap(h.slots) < 1 || h.wait <= 0 {
		t.Fatalf("zero config gave %+v, %d slots, wait %v", h.Params(), cap(h.slots), h.wait)
	}
}

// BenchmarkHashDefault measures one login's cost at DefaultParams.
func BenchmarkHashDefault(b *testing.B) {
	h, err := NewHasher(HasherConfig{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Hash(b.Context(), "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHashFloor measures the OWASP floor, for comparison.
func BenchmarkHashFloor(b *testing.B) {
	h, err := NewHasher(HasherConfig{Params: MinParams})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Hash(b.Context(), "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
