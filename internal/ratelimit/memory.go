package ratelimit

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// DefaultMaxKeys bounds a Memory limiter: about 100 bytes a key, so ~10 MB.
const DefaultMaxKeys = 100_000

// Memory keeps budgets in this process. A key whose budget is full again
// holds no information and is dropped; beyond maxKeys the key closest to full
// is evicted, so a flood of fresh addresses pushes out its own entries before
// an account that is close to its login limit.
type Memory struct {
	now func() time.Time
	max int

	mu    sync.Mutex
	keys  map[string]*entry
	byTAT tatHeap // soonest-expiring first
}

// NewMemory returns a Memory limiter reading the time from now (time.Now if nil).
func NewMemory(now func() time.Time) *Memory { return NewMemorySize(now, DefaultMaxKeys) }

// NewMemorySize is NewMemory holding at most maxKeys keys.
func NewMemorySize(now func() time.Time, maxKeys int) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{now: now, max: max(maxKeys, 1), keys: map[string]*entry{}}
}

// Allow implements Limiter.
func (m *Memory) Allow(_ context.Context, key string, l Limit) (Result, error) {
	return m.take(key, l, 1)
}

// Peek implements Store.
func (m *Memory) Peek(_ context.Context, key string, l Limit) (Result, error) {
	return m.take(key, l, 0)
}

// Reset implements Limiter.
func (m *Memory) Reset(_ context.Context, key string, l Limit) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.keys[storeKey(l, key)]; ok {
		m.remove(e)
	}
	return nil
}

func (m *Memory) take(key string, l Limit, cost int) (Result, error) {
	if err := l.validate(); err != nil {
		return Result{}, err
	}
	now := time.Duration(m.now().UnixNano())
	k := storeKey(l, key)

	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire(now)
	e := m.keys[k]
	var tat time.Duration
	if e != nil {
		tat = e.tat
	}
	res, newTAT := gcra(now, tat, l, cost)
	if !res.Allowed || cost == 0 {
		return res, nil
	}
	if e != nil {
		e.tat = newTAT
		heap.Fix(&m.byTAT, e.i)
		return res, nil
	}
	if len(m.keys) >= m.max {
		m.remove(m.byTAT[0])
	}
	e = &entry{key: k, tat: newTAT}
	m.keys[k] = e
	heap.Push(&m.byTAT, e)
	return res, nil
}

// expire drops keys whose budget is full again; each key is dropped once, so
// the cost is paid by the request that created it.
func (m *Memory) expire(now time.Duration) {
	for len(m.byTAT) > 0 && m.byTAT[0].tat <= now {
		m.remove(m.byTAT[0])
	}
}

func (m *Memory) remove(e *entry) {
	heap.Remove(&m.byTAT, e.i)
	delete(m.keys, e.key)
}

type entry struct {
	key string
	tat time.Duration // Unix nanoseconds
	i   int           // index in the heap
}

type tatHeap []*entry

func (h tatHeap) Len() int           { return len(h) }
func (h tatHeap) Less(i, j int) bool { return h[i].tat < h[j].tat }
func (h tatHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].i, h[j].i = i, j
}
func (h *tatHeap) Push(x any) {
	e := x.(*entry)
	e.i = len(*h)
	*h = append(*h, e)
}
func (h *tatHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}
