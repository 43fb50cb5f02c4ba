package ratelimit

import (
	"errors"
	"testing"
	"time"
)

// backend is one Store under the contract, with a way to move its clock.
type backend struct {
	store   Store
	advance func(time.Duration)
	slack   time.Duration // 0 on a fake clock: durations compare exactly
	timed   Limit         // for the subtests that wait: short on a real clock
}

// contract runs the behaviour every backend must share; newBackend is called
// once per subtest so no state leaks between them.
func contract(t *testing.T, newBackend func(t *testing.T) backend) {
	long := Limit{Name: "login", Rate: 5, Period: 15 * time.Minute, Burst: 5}
	const ei = 3 * time.Minute

	t.Run("burst then refused", func(t *testing.T) {
		b := newBackend(t)
		for i := range 5 {
			res := mustAllow(t, b.store, "k", long)
			if !res.Allowed || res.Limit != 5 || res.Remaining != 4-i || res.RetryAfter != 0 {
				t.Fatalf("request %d: %+v, want allowed, limit 5, remaining %d", i+1, res, 4-i)
			}
			near(t, b, "ResetAfter", res.ResetAfter, time.Duration(i+1)*ei)
		}
		for range 2 { // a refusal spends nothing, so it repeats unchanged
			res := mustAllow(t, b.store, "k", long)
			if res.Allowed || res.Remaining != 0 || res.Limit != 5 {
				t.Fatalf("6th request: %+v, want refused", res)
			}
			near(t, b, "RetryAfter", res.RetryAfter, ei)
			near(t, b, "ResetAfter", res.ResetAfter, 15*time.Minute)
		}
	})

	t.Run("allowed again after RetryAfter", func(t *testing.T) {
		b := newBackend(t)
		refused := exhaust(t, b, "k", b.timed)
		if refused.RetryAfter <= 0 || refused.RetryAfter > b.timed.interval() {
			t.Fatalf("RetryAfter %v, want in (0, %v]", refused.RetryAfter, b.timed.interval())
		}
		b.advance(refused.RetryAfter)
		if res := mustAllow(t, b.store, "k", b.timed); !res.Allowed || res.Remaining != 0 {
			t.Fatalf("after RetryAfter: %+v, want allowed with 0 remaining", res)
		}
		if res := mustAllow(t, b.store, "k", b.timed); res.Allowed {
			t.Fatalf("next request: %+v, want refused", res)
		}
	})

	t.Run("refills fully after ResetAfter", func(t *testing.T) {
		b := newBackend(t)
		refused := exhaust(t, b, "k", b.timed)
		if refused.ResetAfter > b.timed.Period {
			t.Fatalf("ResetAfter %v beyond the period %v", refused.ResetAfter, b.timed.Period)
		}
		b.advance(refused.ResetAfter)
		res := mustAllow(t, b.store, "k", b.timed)
		if !res.Allowed || res.Remaining != b.timed.Burst-1 {
			t.Fatalf("after ResetAfter: %+v, want a full budget again", res)
		}
	})

	t.Run("refills one request per interval", func(t *testing.T) {
		b := newBackend(t)
		exhaust(t, b, "k", b.timed)
		b.advance(2 * b.timed.interval())
		for i := range 2 {
			if res := mustAllow(t, b.store, "k", b.timed); !res.Allowed {
				t.Fatalf("request %d after two intervals refused: %+v", i+1, res)
			}
		}
		if res := mustAllow(t, b.store, "k", b.timed); res.Allowed {
			t.Fatalf("third request after two intervals allowed: %+v", res)
		}
	})

	t.Run("peek spends nothing", func(t *testing.T) {
		b := newBackend(t)
		for range 2 {
			res, err := b.store.Peek(ctx, "k", long)
			if err != nil || !res.Allowed || res.Remaining != 5 {
				t.Fatalf("Peek fresh: %+v %v, want allowed with 5 remaining", res, err)
			}
		}
		if res := mustAllow(t, b.store, "k", long); res.Remaining != 4 {
			t.Fatalf("Allow after Peek: %+v, want 4 remaining", res)
		}
		for range 4 {
			mustAllow(t, b.store, "k", long)
		}
		res, err := b.store.Peek(ctx, "k", long)
		if err != nil || res.Allowed || res.Remaining != 0 {
			t.Fatalf("Peek exhausted: %+v %v, want refused", res, err)
		}
		near(t, b, "Peek RetryAfter", res.RetryAfter, ei)
	})

	t.Run("reset", func(t *testing.T) {
		b := newBackend(t)
		exhaust(t, b, "k", long)
		if err := b.store.Reset(ctx, "k", long); err != nil {
			t.Fatal(err)
		}
		if res := mustAllow(t, b.store, "k", long); !res.Allowed || res.Remaining != 4 {
			t.Fatalf("after Reset: %+v, want a full budget", res)
		}
		if err := b.store.Reset(ctx, "never-seen", long); err != nil {
			t.Fatalf("Reset of an unknown key: %v", err)
		}
	})

	t.Run("keys and limits are independent", func(t *testing.T) {
		b := newBackend(t)
		exhaust(t, b, "a", long)
		other := long
		other.Name = "mfa"
		for _, c := range []struct {
			key string
			l   Limit
		}{{"b", long}, {"a", other}} {
			if res := mustAllow(t, b.store, c.key, c.l); !res.Allowed || res.Remaining != 4 {
				t.Fatalf("%s under %s: %+v, want a full budget", c.key, c.l.Name, res)
			}
		}
		if res := mustAllow(t, b.store, "a", long); res.Allowed {
			t.Fatalf("a under login allowed again: %+v", res)
		}
	})

	t.Run("burst defaults to rate", func(t *testing.T) {
		b := newBackend(t)
		res := mustAllow(t, b.store, "k", Limit{Name: "x", Rate: 3, Period: time.Hour})
		if res.Limit != 3 || res.Remaining != 2 {
			t.Fatalf("%+v, want limit 3, remaining 2", res)
		}
	})

	t.Run("invalid limits", func(t *testing.T) {
		b := newBackend(t)
		for _, l := range []Limit{{Rate: 1, Period: time.Second}, {Name: "x", Period: time.Second}, {Name: "x", Rate: 1}} {
			if _, err := b.store.Allow(ctx, "k", l); !errors.Is(err, ErrInvalidLimit) {
				t.Errorf("Allow with %+v: %v, want ErrInvalidLimit", l, err)
			}
		}
	})
}

// exhaust spends key's whole burst and returns the refusal that follows.
func exhaust(t *testing.T, b backend, key string, l Limit) Result {
	t.Helper()
	for i := range l.burst() {
		if res := mustAllow(t, b.store, key, l); !res.Allowed {
			t.Fatalf("request %d of the burst refused: %+v", i+1, res)
		}
	}
	res := mustAllow(t, b.store, key, l)
	if res.Allowed {
		t.Fatalf("request past the burst allowed: %+v", res)
	}
	return res
}

// near checks got == want on a fake clock, and got in [want-slack, want] on
// a real one (time only passes, so durations only shrink).
func near(t *testing.T, b backend, what string, got, want time.Duration) {
	t.Helper()
	if got > want || got < want-b.slack {
		t.Fatalf("%s = %v, want %v (slack %v)", what, got, want, b.slack)
	}
}

func fakeTimed() Limit { return Limit{Name: "timed", Rate: 5, Period: 15 * time.Minute, Burst: 5} }

func TestContractMemory(t *testing.T) {
	contract(t, func(t *testing.T) backend {
		c := newClock()
		return backend{store: NewMemory(c.Now), advance: c.Advance, timed: fakeTimed()}
	})
}

func TestContractMiniredis(t *testing.T) {
	contract(t, func(t *testing.T) backend {
		_, client, advance := newMiniredis(t)
		return backend{store: NewRedis(client, "lemedia:"), advance: advance, timed: fakeTimed()}
	})
}

// The real server runs on the wall clock: the waiting subtests use a 1s
// period (an interval of 250ms, exact in binary so redis_rate's float
// arithmetic does not round a count down) and sleep a little longer than asked.
func TestContractRedis(t *testing.T) {
	contract(t, func(t *testing.T) backend {
		r, _ := newRealRedis(t)
		return backend{
			store:   r,
			advance: func(d time.Duration) { time.Sleep(d + 30*time.Millisecond) },
			slack:   5 * time.Second,
			timed:   Limit{Name: "timed", Rate: 4, Period: time.Second, Burst: 4},
		}
	})
}

// A healthy Failover answers exactly like its primary.
func TestContractFailover(t *testing.T) {
	contract(t, func(t *testing.T) backend {
		_, client, advance := newMiniredis(t)
		f := NewFailover(NewRedis(client, "lemedia:"), NewMemory(nil), nil)
		return backend{store: f, advance: advance, timed: fakeTimed()}
	})
}
