// Package auth holds the credential primitives: password hashing and policy,
// TOTP, recovery codes and random tokens. Nothing here touches a database.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8
}

var (
	// MinParams is the OWASP floor for argon2id (19 MiB, 2 passes, 1 lane).
	MinParams = Params{Memory: 19456, Time: 2, Threads: 1}
	// DefaultParams (32 MiB, 2 passes) cost 55–75 ms per hash on the 2-core
	// reference machine, whose speed varies over a day (BenchmarkHashDefault;
	// the floor costs about 32 ms; 3 passes went past 100 ms at times).
	// One lane: concurrent logins already use every core, so more lanes would
	// let one login hog several cores without raising throughput.
	DefaultParams = Params{Memory: 32768, Time: 2, Threads: 1}
)

const (
	saltLen = 16
	keyLen  = 32
	// maxMemory keeps a bad configuration (or a forged stored hash) from
	// allocating the host away: 1 GiB.
	maxMemory = 1 << 20
	maxTime   = 64
)

var (
	// ErrBusy means every hashing slot stayed taken for the whole wait: answer
	// 503/429 at once rather than queue logins and their memory.
	ErrBusy = errors.New("auth: too many password checks at once, try again")
	// ErrMalformedHash means a stored hash is not an argon2id PHC string we accept.
	ErrMalformedHash = errors.New("auth: malformed password hash")
)

// Validate refuses parameters below the OWASP floor or absurdly high ones.
func (p Params) Validate() error {
	if p.Memory < MinParams.Memory || p.Time < MinParams.Time || p.Threads < MinParams.Threads {
		return fmt.Errorf("auth: argon2id params %+v are below the floor %+v", p, MinParams)
	}
	return p.sane()
}

// sane holds for anything we are willing to run, including old stored hashes.
func (p Params) sane() error {
	if p.Threads == 0 || p.Time == 0 || p.Time > maxTime || p.Memory > maxMemory || p.Memory < 8*uint32(p.Threads) {
		return fmt.Errorf("auth: argon2id params %+v are out of range", p)
	}
	return nil
}

// HasherConfig configures a Hasher; zero fields take the defaults.
type HasherConfig struct {
	Params        Params        // default DefaultParams
	MaxConcurrent int           // hashes running at once; default runtime.NumCPU()
	MaxWait       time.Duration // longest wait for a slot before ErrBusy; default 100 ms
}

// Hasher hashes and verifies passwords with a bounded number of argon2id
// computations at once, since each one holds Params.Memory of RAM.
type Hasher struct {
	params Params
	slots  chan struct{}
	wait   time.Duration
	dummy  phc // verified against when the user does not exist
}

// NewHasher returns a Hasher, refusing parameters below the floor.
func NewHasher(cfg HasherConfig) (*Hasher, error) { return newHasher(cfg, true) }

// newHasher with enforceFloor=false exists for tests that need cheap hashes.
func newHasher(cfg HasherConfig, enforceFloor bool) (*Hasher, error) {
	if cfg.Params == (Params{}) {
		cfg.Params = DefaultParams
	}
	check := cfg.Params.Validate
	if !enforceFloor {
		check = cfg.Params.sane
	}
	if err := check(); err != nil {
		return nil, err
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = runtime.NumCPU()
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 100 * time.Millisecond
	}
	h := &Hasher{params: cfg.Params, slots: make(chan struct{}, cfg.MaxConcurrent), wait: cfg.MaxWait}
	// A random salt and key: checking against it costs a full argon2id run
	// like a real user, yet it can never match, and start-up computes nothing.
	h.dummy = phc{params: h.params, salt: make([]byte, saltLen), key: make([]byte, keyLen)}
	_, _ = rand.Read(h.dummy.salt)
	_, _ = rand.Read(h.dummy.key)
	return h, nil
}

// Params returns the parameters new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

// Hash returns a PHC string for password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return h.derive([]byte(password), nil).String(), nil
}

// Verify checks password against a stored PHC string. needsRehash is true
// when it matched but was made with other parameters than the current ones.
func (h *Hasher) Verify(ctx context.Context, password, stored string) (ok, needsRehash bool, err error) {
	want, err := parsePHC(stored)
	if err != nil {
		return false, false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	ok = h.compare([]byte(password), want)
	return ok, ok && (want.params != h.params || len(want.key) != keyLen || len(want.salt) != saltLen), nil
}

// VerifyDummy does the work of a failed Verify, for logins naming an unknown
// user, so response time does not reveal which accounts exist.
func (h *Hasher) VerifyDummy(ctx context.Context, password string) error {
	if err := h.acquire(ctx); err != nil {
		return err
	}
	defer h.release()
	h.compare([]byte(password), h.dummy)
	return nil
}

func (h *Hasher) compare(password []byte, want phc) bool {
	got := argon2.IDKey(password, want.salt, want.params.Time, want.params.Memory, want.params.Threads, uint32(len(want.key)))
	return subtle.ConstantTimeCompare(got, want.key) == 1
}

// derive hashes with the current params; salt nil means a fresh random one.
func (h *Hasher) derive(password, salt []byte) phc {
	if salt == nil {
		salt = make([]byte, saltLen)
		_, _ = rand.Read(salt) // never fails on supported platforms
	}
	p := h.params
	return phc{params: p, salt: salt, key: argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, keyLen)}
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }
