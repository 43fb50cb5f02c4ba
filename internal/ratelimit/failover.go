package ratelimit

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// probeEvery is how often a request still tries the primary during an
// outage; the others skip it, so an unreachable Redis (a dial timeout) does
// not slow every request down.
const probeEvery = time.Second

// Failover answers from primary (Redis) and, while it fails, from fallback
// (Memory) — except for FailClosed limits, which refuse instead. It logs once
// when an outage starts and once when it ends.
type Failover struct {
	primary, fallback Store
	log               *slog.Logger
	now               func() time.Time

	down    atomic.Bool
	mu      sync.Mutex
	probeAt time.Time // while down: when the next request may try primary
}

// NewFailover returns a Failover; log nil means slog.Default().
func NewFailover(primary, fallback Store, log *slog.Logger) *Failover {
	if log == nil {
		log = slog.Default()
	}
	return &Failover{primary: primary, fallback: fallback, log: log, now: time.Now}
}

// Allow implements Limiter.
func (f *Failover) Allow(ctx context.Context, key string, l Limit) (Result, error) {
	return f.do(ctx, l, func(s Store) (Result, error) { return s.Allow(ctx, key, l) })
}

// Peek implements Store.
func (f *Failover) Peek(ctx context.Context, key string, l Limit) (Result, error) {
	return f.do(ctx, l, func(s Store) (Result, error) { return s.Peek(ctx, key, l) })
}

// Reset implements Limiter. It clears both stores; a primary that fails is
// handled as an outage (logged once) rather than returned.
func (f *Failover) Reset(ctx context.Context, key string, l Limit) error {
	_ = f.fallback.Reset(ctx, key, l)
	if !f.tryPrimary() {
		return nil
	}
	if err := f.primary.Reset(ctx, key, l); err != nil {
		if ctx.Err() != nil {
			return err
		}
		f.failed(err)
		return nil
	}
	f.recovered()
	return nil
}

func (f *Failover) do(ctx context.Context, l Limit, call func(Store) (Result, error)) (Result, error) {
	if err := l.validate(); err != nil {
		return Result{}, err
	}
	if f.tryPrimary() {
		res, err := call(f.primary)
		if err == nil {
			f.recovered()
			return res, nil
		}
		if ctx.Err() != nil { // the client left: not an outage
			return Result{}, err
		}
		f.failed(err)
	}
	if l.FailClosed {
		return unavailable(l), nil
	}
	return call(f.fallback)
}

func (f *Failover) tryPrimary() bool {
	if !f.down.Load() {
		return true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if now := f.now(); !now.Before(f.probeAt) {
		f.probeAt = now.Add(probeEvery)
		return true
	}
	return false
}

func (f *Failover) failed(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.probeAt = f.now().Add(probeEvery)
	if !f.down.Swap(true) {
		f.log.Warn("rate limit store unavailable: using the in-process fallback, refusing fail-closed limits", "err", err)
	}
}

func (f *Failover) recovered() {
	if f.down.Load() && f.down.Swap(false) {
		f.log.Info("rate limit store recovered")
	}
}
