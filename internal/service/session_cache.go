package service

import (
	"context"
	"sync"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// maxCachedSessions bounds the session cache; past it, a tenth is dropped.
const maxCachedSessions = 10000

// sessionRecheck is how long a kept session is trusted without asking the
// database: the bound on how late this instance sees a sign-out, a
// revocation, a password change, a suspension or a demotion made by
// another instance sharing the database. Such a change made through this
// process is seen by the very next request (store.AccountsVersion).
const sessionRecheck = time.Second

// sessionCache keeps signed-in sessions with their user by token hash.
// Past sessionRecheck, or after any change to users or sessions in this
// process, a request asks the database for the session's and the user's
// versions, which a trigger bumps on every change to either row: a kept
// pair is used again only while it is still exactly what the database
// holds; otherwise both rows are read afresh.
type sessionCache struct {
	mu      sync.RWMutex
	entries map[string]sessionEntry
}

type sessionEntry struct {
	sess     store.Session
	user     domain.User
	checked  time.Time // when the versions last matched the database
	accounts uint64    // store.AccountsVersion at that check
}

// lookupSession returns the session of a token hash and its user.
func (s *Service) lookupSession(ctx context.Context, hash string) (store.Session, domain.User, error) {
	c := &s.sessions
	now := s.cacheTime()
	accounts := store.AccountsVersion()
	c.mu.RLock()
	e, ok := c.entries[hash]
	c.mu.RUnlock()
	if ok && e.accounts == accounts && now.Sub(e.checked) < sessionRecheck {
		return e.sess, e.user, nil
	}
	sv, uv, err := store.SessionVersions(ctx, s.Store.Read(), hash)
	if err != nil {
		s.forgetSession(hash)
		return store.Session{}, domain.User{}, err
	}
	if !ok || e.sess.Version != sv || e.sess.UserVersion != uv {
		if e.sess, e.user, err = store.SessionWithUser(ctx, s.Store.Read(), hash); err != nil {
			return e.sess, e.user, err
		}
	}
	e.checked, e.accounts = now, accounts
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]sessionEntry{}
	}
	if len(c.entries) >= maxCachedSessions {
		drop := len(c.entries) / 10
		for k := range c.entries { // map order is random enough here
			if drop--; drop < 0 {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[hash] = e
	c.mu.Unlock()
	return e.sess, e.user, nil
}

// forgetSession drops a kept session, e.g. once its last activity moved.
func (s *Service) forgetSession(hash string) {
	s.sessions.mu.Lock()
	delete(s.sessions.entries, hash)
	s.sessions.mu.Unlock()
}
