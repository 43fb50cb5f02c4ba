package ratelimit

import (
	"strconv"
	"testing"
)

// Keys rotate over 1000 addresses, as many clients would.
func benchKeys() []string {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "203.0." + strconv.Itoa(i/256) + "." + strconv.Itoa(i%256)
	}
	return keys
}

func BenchmarkMemoryAllow(b *testing.B) {
	m, keys, l := NewMemory(nil), benchKeys(), DefaultPolicies().Anonymous
	i := 0
	for b.Loop() {
		if _, err := m.Allow(ctx, keys[i%len(keys)], l); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkRedisAllow(b *testing.B) {
	r, _ := newRealRedis(b)
	keys, l := benchKeys(), DefaultPolicies().Anonymous
	i := 0
	for b.Loop() {
		if _, err := r.Allow(ctx, keys[i%len(keys)], l); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
