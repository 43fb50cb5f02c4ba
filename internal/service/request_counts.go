package service

import (
	"context"
	"sync"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// RequestCounts are the requests of one scope (a user's, or everyone's)
// by type and status.
type RequestCounts struct {
	n [2][8]int // [movie, tv][index in domain.RequestStatuses]
}

func typeIndex(t domain.MediaType) int {
	if t == domain.TV {
		return 1
	}
	return 0
}

func statusIndex(s domain.RequestStatus) int {
	for i, st := range domain.RequestStatuses {
		if st == s {
			return i
		}
	}
	return -1
}

// Count is how many requests of type t ("" both) are in one of statuses
// (none: any).
func (c RequestCounts) Count(t domain.MediaType, statuses ...domain.RequestStatus) int {
	n := 0
	for ti := range 2 {
		if t != "" && ti != typeIndex(t) {
			continue
		}
		if len(statuses) == 0 {
			for _, v := range c.n[ti] {
				n += v
			}
			continue
		}
		for _, s := range statuses {
			if i := statusIndex(s); i >= 0 {
				n += c.n[ti][i]
			}
		}
	}
	return n
}

// countsTTL bounds how stale the counts may be. A write in this process
// shows at once (store.RequestsVersion); one made by another instance
// sharing the database shows within this.
const countsTTL = time.Second

// maxCountScopes bounds the cache: past it, it starts again empty.
const maxCountScopes = 4096

type countsEntry struct {
	version uint64
	at      time.Time
	counts  RequestCounts
}

// countsCache keeps the counts of each scope (a user id, 0 for everyone's)
// for countsTTL: every page of a list shows its total, the staff
// navigation its pending count, and clients poll the summary. One query
// at a time refreshes a scope: everyone's counts read the whole table
// (about 1 ms for 10 000 requests with their index, 10 ms without), and 32
// requests finding them expired at once must not all read it.
type countsCache struct {
	mu      sync.Mutex
	entries map[int64]countsEntry
	flights map[int64]*countsFlight
}

// countsFlight is a refresh in progress; done closes when it has ended.
type countsFlight struct {
	version uint64
	done    chan struct{}
	counts  RequestCounts
	err     error
}

// requestCounts returns the counts of one scope. Fresh kept counts are
// used; kept counts that are only old (no write here since) are used too
// while another request refreshes them; after a write here, a request waits
// for a refresh that started after it, or makes one.
func (s *Service) requestCounts(ctx context.Context, userID int64) (RequestCounts, error) {
	now := s.cacheTime()
	version := store.RequestsVersion() // before the query: a write meanwhile makes the next call query again
	c := &s.counts
	c.mu.Lock()
	e, kept := c.entries[userID]
	current := kept && e.version == version
	if current && now.Sub(e.at) < countsTTL {
		c.mu.Unlock()
		return e.counts, nil
	}
	if f := c.flights[userID]; f != nil {
		if current {
			c.mu.Unlock()
			return e.counts, nil // old by a moment, and being refreshed
		}
		if f.version == version {
			c.mu.Unlock()
			<-f.done
			return f.counts, f.err
		}
	}
	f := &countsFlight{version: version, done: make(chan struct{})}
	if c.flights == nil {
		c.flights = map[int64]*countsFlight{}
	}
	c.flights[userID] = f
	c.mu.Unlock()

	f.counts, f.err = s.countRequests(ctx, userID)
	c.mu.Lock()
	if c.flights[userID] == f {
		delete(c.flights, userID)
	}
	if f.err == nil {
		if c.entries == nil || len(c.entries) >= maxCountScopes {
			c.entries = map[int64]countsEntry{}
		}
		if old, ok := c.entries[userID]; !ok || old.version <= version {
			c.entries[userID] = countsEntry{version: version, at: now, counts: f.counts}
		}
	}
	c.mu.Unlock()
	close(f.done)
	return f.counts, f.err
}

func (s *Service) countRequests(ctx context.Context, userID int64) (RequestCounts, error) {
	rows, err := store.CountRequestsBy(ctx, s.Store.Read(), userID)
	if err != nil {
		return RequestCounts{}, err
	}
	var out RequestCounts
	for _, r := range rows {
		if i := statusIndex(r.Status); i >= 0 {
			out.n[typeIndex(r.Type)][i] += r.N
		}
	}
	return out, nil
}

// cacheTime is the clock of the in-memory caches' ages: real time, not
// s.Now, which tests freeze to check business rules.
func (s *Service) cacheTime() time.Time {
	if s.cacheNow != nil {
		return s.cacheNow()
	}
	return time.Now()
}

// canViewAll reports whether p sees everyone's requests.
func canViewAll(p Principal) bool {
	return p.User.Permissions.HasAny(domain.PermManageRequests | domain.PermRequestView)
}

// RequestCountsFor returns the counts p may see: everyone's for staff and
// REQUEST_VIEW, their own for everyone else.
func (s *Service) RequestCountsFor(ctx context.Context, p Principal) (RequestCounts, error) {
	if canViewAll(p) {
		return s.requestCounts(ctx, 0)
	}
	return s.requestCounts(ctx, p.User.ID)
}
