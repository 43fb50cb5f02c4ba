package ratelimit

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMemoryDropsKeysWhoseBudgetIsFull(t *testing.T) {
	c := newClock()
	m := NewMemory(c.Now)
	l := Limit{Name: "anon", Rate: 60, Period: time.Minute, Burst: 10}
	for i := range 1000 {
		mustAllow(t, m, fmt.Sprintf("ip-%d", i), l)
	}
	if n := len(m.keys); n != 1000 {
		t.Fatalf("%d keys held, want 1000", n)
	}
	if _, err := m.Peek(ctx, "never-seen", l); err != nil || len(m.keys) != 1000 {
		t.Fatalf("Peek stored a key: %d keys, err %v", len(m.keys), err)
	}
	c.Advance(time.Second) // one interval: every budget is full again
	mustAllow(t, m, "late", l)
	if n := len(m.keys); n != 1 || len(m.byTAT) != 1 {
		t.Fatalf("%d keys (%d in heap) after expiry, want 1", n, len(m.byTAT))
	}
}

func TestMemoryCapEvictsTheKeyClosestToFull(t *testing.T) {
	c := newClock()
	m := NewMemorySize(c.Now, 3)
	login := Limit{Name: "login", Rate: 5, Period: 15 * time.Minute, Burst: 5}
	anon := Limit{Name: "anon", Rate: 300, Period: time.Minute, Burst: 100}
	for range 4 { // the account under attack: 4 of 5 spent, 12 minutes to full
		mustAllow(t, m, "victim", login)
	}
	for i := range 10_000 { // a flood of fresh addresses
		mustAllow(t, m, fmt.Sprintf("flood-%d", i), anon)
		if len(m.keys) > 3 {
			t.Fatalf("%d keys held with a cap of 3", len(m.keys))
		}
	}
	res := mustAllow(t, m, "victim", login)
	if res.Remaining != 0 {
		t.Fatalf("the account's budget was evicted by the flood: %+v", res)
	}
	if res := mustAllow(t, m, "victim", login); res.Allowed {
		t.Fatalf("sixth login attempt allowed: %+v", res)
	}
}

func TestMemoryConcurrentRequestsShareOneBudget(t *testing.T) {
	m := NewMemory(newClock().Now) // frozen clock: nothing refills
	l := Limit{Name: "x", Rate: 50, Period: time.Hour, Burst: 50}
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if res, err := m.Allow(ctx, "k", l); err == nil && res.Allowed {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 50 {
		t.Fatalf("%d of 800 concurrent requests allowed, want exactly the burst of 50", n)
	}
}

func TestMemoryUsesWallClockByDefault(t *testing.T) {
	m := NewMemory(nil)
	if res := mustAllow(t, m, "k", Limit{Name: "x", Rate: 1, Period: time.Hour}); !res.Allowed || res.ResetAfter != time.Hour {
		t.Fatalf("%+v", res)
	}
}
