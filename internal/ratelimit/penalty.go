package ratelimit

import (
	"context"
	"time"
)

// Penalties tighten the limits of an IP that fails too often (bad passwords,
// bad MFA codes, bad reset tokens). Each failure spends from the Failures
// budget; the failure that empties it puts the IP in the box, a limit that
// one Allow exhausts for Box.Period. While an IP is in the box, Limit hands
// out Tighten(l) for it. Both live in the same Store as the other limits, so
// every process sees them. Success never clears a penalty: one valid account
// must not let an attacker wash away failures made against others.
type Penalties struct {
	Store    Store
	Failures Limit // failures allowed before tightening
	Box      Limit // Rate 1, Burst 1: Period is how long tightening lasts
}

// NewPenalties returns Penalties with 10 failures per 10 minutes, tightening
// for 30 minutes.
func NewPenalties(s Store) *Penalties {
	return &Penalties{
		Store:    s,
		Failures: Limit{Name: "penalty", Rate: 10, Period: 10 * time.Minute, Burst: 10},
		Box:      Limit{Name: "penalty-box", Rate: 1, Period: 30 * time.Minute, Burst: 1},
	}
}

// Fail records a failure from ip (an IPKey) and reports whether ip is now tightened.
func (p *Penalties) Fail(ctx context.Context, ip string) (bool, error) {
	res, err := p.Store.Allow(ctx, ip, p.Failures)
	if err != nil {
		return false, err
	}
	if res.Allowed && res.Remaining > 0 { // budget left; boxed maybe earlier
		return p.Tightened(ctx, ip)
	}
	// Spent or already over: box it. If it is already boxed this is refused
	// and changes nothing; the box is not extended.
	if _, err := p.Store.Allow(ctx, ip, p.Box); err != nil {
		return false, err
	}
	return true, nil
}

// Tightened reports whether ip is in the box.
func (p *Penalties) Tightened(ctx context.Context, ip string) (bool, error) {
	res, err := p.Store.Peek(ctx, ip, p.Box)
	return err == nil && !res.Allowed, err
}

// Limit returns l for ip: Tighten(l) while ip is in the box. If the store
// cannot say, l is returned unchanged (Failover has already logged why).
func (p *Penalties) Limit(ctx context.Context, ip string, l Limit) Limit {
	if boxed, _ := p.Tightened(ctx, ip); boxed {
		return Tighten(l)
	}
	return l
}

// Tighten divides l's rate and burst by 4 (at least 1). Name and Period stay,
// so the key's usage so far carries over, and the burst window (Burst/Rate of
// the Period) stays about as long: only the requests in it shrink.
func Tighten(l Limit) Limit {
	l.Burst = max(l.burst()/4, 1)
	l.Rate = max(l.Rate/4, 1)
	return l
}
