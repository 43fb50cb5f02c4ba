package ratelimit

import (
	"testing"
	"time"
)

func TestPenaltiesTightenAfterTenFailuresForThirtyMinutes(t *testing.T) {
	c := newClock()
	p := NewPenalties(NewMemory(c.Now))
	loginIP := DefaultPolicies().LoginIP

	for i := range 9 {
		if boxed, err := p.Fail(ctx, "198.51.100.7"); err != nil || boxed {
			t.Fatalf("failure %d tightened (%v, %v)", i+1, boxed, err)
		}
	}
	if got := p.Limit(ctx, "198.51.100.7", loginIP); got != loginIP {
		t.Fatalf("tightened after 9 failures: %+v", got)
	}
	if boxed, err := p.Fail(ctx, "198.51.100.7"); err != nil || !boxed {
		t.Fatalf("10th failure did not tighten (%v, %v)", boxed, err)
	}
	want := Tighten(loginIP)
	if got := p.Limit(ctx, "198.51.100.7", loginIP); got != want {
		t.Fatalf("Limit = %+v, want %+v", got, want)
	}
	if got := p.Limit(ctx, "198.51.100.8", loginIP); got != loginIP {
		t.Fatalf("another IP was tightened: %+v", got)
	}

	// More failures while boxed do not extend the box.
	c.Advance(20 * time.Minute)
	if boxed, _ := p.Fail(ctx, "198.51.100.7"); !boxed {
		t.Fatal("failure while boxed reported not tightened")
	}
	c.Advance(10*time.Minute - time.Nanosecond)
	if boxed, _ := p.Tightened(ctx, "198.51.100.7"); !boxed {
		t.Fatal("released before 30 minutes")
	}
	c.Advance(time.Nanosecond)
	if boxed, _ := p.Tightened(ctx, "198.51.100.7"); boxed {
		t.Fatal("still tightened after 30 minutes")
	}
}

func TestPenaltiesIgnoreSparseFailures(t *testing.T) {
	c := newClock()
	p := NewPenalties(NewMemory(c.Now))
	for i := range 50 { // one a minute is the rate the budget refills at
		if boxed, _ := p.Fail(ctx, "ip"); boxed {
			t.Fatalf("failure %d, a minute apart, tightened", i+1)
		}
		c.Advance(time.Minute)
	}
}

func TestTightenedLimitIsEnforced(t *testing.T) {
	c := newClock()
	m := NewMemory(c.Now)
	p := NewPenalties(m)
	for range 10 {
		p.Fail(ctx, "ip")
	}
	l := p.Limit(ctx, "ip", DefaultPolicies().LoginIP) // 10/15min becomes 2/15min
	exhaustPlain(t, m, "ip", l)
	if res := mustAllow(t, m, "other", DefaultPolicies().LoginIP); res.Remaining != 9 {
		t.Fatalf("untightened IP: %+v", res)
	}
}

func TestTighten(t *testing.T) {
	for _, c := range []struct{ in, want Limit }{
		{Limit{Name: "a", Rate: 300, Period: time.Minute, Burst: 100}, Limit{Name: "a", Rate: 75, Period: time.Minute, Burst: 25}},
		{Limit{Name: "b", Rate: 10, Period: time.Hour}, Limit{Name: "b", Rate: 2, Period: time.Hour, Burst: 2}},
		{Limit{Name: "c", Rate: 5, Period: time.Hour, Burst: 5, FailClosed: true}, Limit{Name: "c", Rate: 1, Period: time.Hour, Burst: 1, FailClosed: true}},
		{Limit{Name: "d", Rate: 1, Period: time.Hour, Burst: 1}, Limit{Name: "d", Rate: 1, Period: time.Hour, Burst: 1}},
	} {
		if got := Tighten(c.in); got != c.want {
			t.Errorf("Tighten(%+v) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestPenaltiesOnRedis(t *testing.T) {
	_, client, advance := newMiniredis(t)
	p := NewPenalties(NewRedis(client, "lemedia:"))
	for range 10 {
		p.Fail(ctx, "ip")
	}
	if boxed, err := p.Tightened(ctx, "ip"); err != nil || !boxed {
		t.Fatalf("not tightened on Redis (%v, %v)", boxed, err)
	}
	advance(30 * time.Minute)
	if boxed, err := p.Tightened(ctx, "ip"); err != nil || boxed {
		t.Fatalf("still tightened after 30 minutes on Redis (%v, %v)", boxed, err)
	}
}
