package tmdb

import (
	"container/list"
	"sync"
	"time"
)

// cache keeps answer bodies for a while, up to a number of them; when full,
// the least recently used goes first. Bodies are decoded afresh on each use,
// so no caller can change what another one reads.
type cache struct {
	mu   sync.Mutex
	ttl  time.Duration
	size int
	now  func() time.Time
	ll   *list.List // front: most recently used
	m    map[string]*list.Element
}

type cached struct {
	key     string
	body    []byte
	expires time.Time
}

func newCache(ttl time.Duration, size int, now func() time.Time) *cache {
	return &cache{ttl: ttl, size: size, now: now, ll: list.New(), m: map[string]*list.Element{}}
}

func (c *cache) get(key string) ([]byte, bool) {
	if c.ttl < 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cached)
	if !c.now().Before(e.expires) {
		c.ll.Remove(el)
		delete(c.m, key)
		return nil, false
	}
	c.ll.MoveToFront(el)
	return e.body, true
}

func (c *cache) put(key string, body []byte) {
	if c.ttl < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cached{key: key, body: body, expires: c.now().Add(c.ttl)}
	if el, ok := c.m[key]; ok {
		el.Value = e
		c.ll.MoveToFront(el)
		return
	}
	c.m[key] = c.ll.PushFront(e)
	for c.ll.Len() > c.size {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.m, last.Value.(*cached).key)
	}
}

// len counts the answers held, expired or not.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}
