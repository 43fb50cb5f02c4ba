package ratelimit

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Redis keeps budgets in Redis, shared by every process. redis_rate runs the
// GCRA step as one Lua script on the server's clock, so processes with
// skewed clocks still agree. It prepends its own "rate:" to our keys.
type Redis struct {
	rl     *redis_rate.Limiter
	prefix string
}

// NewRedis returns a limiter storing its keys under prefix+"rl:"; the prefix
// separates deployments (or test runs) sharing one Redis.
func NewRedis(client *redis.Client, prefix string) *Redis {
	return &Redis{rl: redis_rate.NewLimiter(client), prefix: prefix + "rl:"}
}

// Allow implements Limiter.
func (r *Redis) Allow(ctx context.Context, key string, l Limit) (Result, error) {
	return r.take(ctx, key, l, 1)
}

// Peek implements Store: redis_rate with cost 0 reads without spending.
func (r *Redis) Peek(ctx context.Context, key string, l Limit) (Result, error) {
	return r.take(ctx, key, l, 0)
}

// Reset implements Limiter.
func (r *Redis) Reset(ctx context.Context, key string, l Limit) error {
	return r.rl.Reset(ctx, r.prefix+storeKey(l, key))
}

func (r *Redis) take(ctx context.Context, key string, l Limit, cost int) (Result, error) {
	if err := l.validate(); err != nil {
		return Result{}, err
	}
	rl := redis_rate.Limit{Rate: l.Rate, Burst: l.burst(), Period: l.Period}
	got, err := r.rl.AllowN(ctx, r.prefix+storeKey(l, key), rl, cost)
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Allowed:    got.Allowed > 0,
		Limit:      rl.Burst,
		Remaining:  got.Remaining,
		RetryAfter: max(got.RetryAfter, 0), // redis_rate says -1 when allowed
		ResetAfter: max(got.ResetAfter, 0),
	}
	if cost == 0 { // redis_rate reports 0 events allowed; answer for the next one
		res.Allowed = res.Remaining >= 1
		if !res.Allowed {
			res.RetryAfter = res.ResetAfter - time.Duration(rl.Burst-1)*l.interval()
		}
	}
	return res, nil
}
