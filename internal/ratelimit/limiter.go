// Package ratelimit limits how often a client (an IP, an account, a user, an
// API key) may do something. Two backends share one algorithm, GCRA, as
// implemented by redis_rate: Memory for a single process and Redis for many
// processes sharing one budget. Failover puts Redis first and Memory behind it.
package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Limit allows Rate requests per Period, of which up to Burst may come at
// once. GCRA spreads the budget evenly: after a burst, one more request is
// allowed every Period/Rate.
type Limit struct {
	Name   string // namespaces the keys, so one IP has separate budgets per limit
	Rate   int
	Period time.Duration
	Burst  int // 0 means Rate

	// FailClosed refuses requests while the shared store is unreachable
	// (login, MFA): a per-process fallback would multiply an attacker's
	// budget by the number of processes.
	FailClosed bool
}

// Result is the outcome of one request against a Limit.
type Result struct {
	Allowed    bool
	Limit      int           // the burst: the most requests allowed at once
	Remaining  int           // requests still allowed right now
	RetryAfter time.Duration // when refused: until the next request is allowed; else 0
	ResetAfter time.Duration // until Remaining is back to Limit
}

// Limiter spends from a key's budget.
type Limiter interface {
	// Allow spends one request from key's budget under l, if there is one.
	Allow(ctx context.Context, key string, l Limit) (Result, error)
	// Reset forgets key's usage under l (e.g. an account's failed logins
	// after a successful one).
	Reset(ctx context.Context, key string, l Limit) error
}

// Store is a Limiter that can also read a budget without spending from it.
// Every backend here is one; Penalties needs it.
type Store interface {
	Limiter
	// Peek reports what Allow would answer, without spending: Allowed and
	// RetryAfter for the next request, Remaining before it.
	Peek(ctx context.Context, key string, l Limit) (Result, error)
}

// ErrInvalidLimit is returned for a Limit without a name, rate or period.
var ErrInvalidLimit = errors.New("ratelimit: invalid limit")

func (l Limit) burst() int {
	if l.Burst <= 0 {
		return l.Rate
	}
	return l.Burst
}

// interval is GCRA's emission interval: the time one request costs.
func (l Limit) interval() time.Duration {
	if l.Rate <= 0 {
		return 0
	}
	return l.Period / time.Duration(l.Rate)
}

func (l Limit) validate() error {
	if l.Name == "" || l.Rate <= 0 || l.interval() <= 0 {
		return fmt.Errorf("%w: %+v", ErrInvalidLimit, l)
	}
	return nil
}

func storeKey(l Limit, key string) string { return l.Name + ":" + key }

// FailClosedRetry is the Retry-After of a request refused because the store
// is unreachable: short, since the outage may end any moment.
const FailClosedRetry = 5 * time.Second

func unavailable(l Limit) Result {
	return Result{Limit: l.burst(), RetryAfter: FailClosedRetry, ResetAfter: FailClosedRetry}
}
