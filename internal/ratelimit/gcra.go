package ratelimit

import "time"

// gcra is redis_rate's Lua script in integer nanoseconds, so both backends
// answer alike. tat ("theoretical arrival time") is when the key's budget
// would be full again; each request pushes it one interval later, and a
// request is refused when that would put it more than burst intervals ahead
// of now. cost 0 only reads. It returns the result and the new tat.
func gcra(now, tat time.Duration, l Limit, cost int) (Result, time.Duration) {
	ei, burst := l.interval(), l.burst()
	tat = max(tat, now)
	newTAT := tat + ei*time.Duration(cost)
	diff := now - (newTAT - ei*time.Duration(burst))
	if diff < 0 {
		return Result{Limit: burst, RetryAfter: -diff, ResetAfter: tat - now}, tat
	}
	res := Result{Allowed: true, Limit: burst, Remaining: int(diff / ei), ResetAfter: newTAT - now}
	if cost == 0 && res.Remaining < 1 { // a read: would the next request pass?
		res.Allowed, res.RetryAfter = false, ei-diff
	}
	return res, newTAT
}
