package service

import (
	"context"
	"sync"

	"github.com/lemedia/lemedia/internal/store"
)

// maxCachedRows bounds the row cache (about 300 bytes a row); past it, a
// tenth is dropped.
const maxCachedRows = 20000

// rowCache keeps list rows by request id, each with the version it was
// read at. A page's query returns every row's current version, so a kept
// row is used only while it is still exactly what the database holds:
// never stale, on any instance, whoever changed the row. What it saves is
// reading the row's wide columns (and its user and seasons) again for
// every page that shows it.
type rowCache struct {
	mu   sync.RWMutex
	rows map[int64]*store.RequestRow
}

// requestRows returns the rows of refs, in order: from the cache when
// their version matches, the others in one query (per 25). The rows are
// shared with the cache: callers must not change them.
func (s *Service) requestRows(ctx context.Context, refs []store.RequestRef) ([]*store.RequestRow, error) {
	c := &s.rows
	out := make([]*store.RequestRow, len(refs))
	var missing []int64
	c.mu.RLock()
	for i, ref := range refs {
		r, ok := c.rows[ref.ID]
		if ok && r.Version == ref.Version {
			out[i] = r
		} else {
			missing = append(missing, ref.ID)
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return out, nil
	}
	fresh, err := store.RequestRowsByID(ctx, s.Store.Read(), s.Store.Engine, missing)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*store.RequestRow, len(fresh))
	c.mu.Lock()
	if c.rows == nil {
		c.rows = map[int64]*store.RequestRow{}
	}
	if len(c.rows)+len(fresh) > maxCachedRows {
		drop := len(c.rows) / 10
		for id := range c.rows { // map order is random enough here
			if drop--; drop < 0 {
				break
			}
			delete(c.rows, id)
		}
	}
	for i := range fresh {
		r := &fresh[i]
		byID[r.ID] = r
		if old, ok := c.rows[r.ID]; !ok || old.Version <= r.Version {
			c.rows[r.ID] = r
		}
	}
	c.mu.Unlock()
	n := 0
	for i, ref := range refs {
		if out[i] != nil {
			out[n] = out[i]
			n++
			continue
		}
		if r, ok := byID[ref.ID]; ok { // gone meanwhile: left out
			out[n] = r
			n++
		}
	}
	return out[:n], nil
}
