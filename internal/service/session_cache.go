package service

import (
	"context"
	"sync"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// maxCachedSessions bounds the session cache; past it, a tenth is dropped.
const maxCachedSessions = 10000

// sessionCache keeps signed-in sessions with their user by token hash.
// Every request still asks the database for both rows' versions, which
// change whenever anything in either row does (a trigger bumps them): a
// kept pair is used only while it is exactly what the database holds, on
// any instance. Signing out, revocation, expiry, a password change,
// suspension or a demotion are therefore seen by the very next request, as
// without the cache; what it saves is reading two wide rows every time.
type sessionCache struct {
	mu      sync.RWMutex
	entries map[string]sessionEntry
}

type sessionEntry struct {
	sess store.Session
	user domain.User
}

// lookupSession returns the session of a token hash and its user, read
// fresh or kept at their current versions.
func (s *Service) lookupSession(ctx context.Context, hash string) (store.Session, domain.User, error) {
	c := &s.sessions
	sv, uv, err := store.SessionVersions(ctx, s.Store.Read(), hash)
	if err != nil {
		c.mu.Lock()
		delete(c.entries, hash)
		c.mu.Unlock()
		return store.Session{}, domain.User{}, err
	}
	c.mu.RLock()
	e, ok := c.entries[hash]
	c.mu.RUnlock()
	if ok && e.sess.Version == sv && e.sess.UserVersion == uv {
		return e.sess, e.user, nil
	}
	sess, u, err := store.SessionWithUser(ctx, s.Store.Read(), hash)
	if err != nil {
		return sess, u, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxCachedSessions {
		drop := len(c.entries) / 10
		for k := range c.entries {
			if drop--; drop < 0 {
				break
			}
			delete(c.entries, k)
		}
		if c.entries == nil {
			c.entries = map[string]sessionEntry{}
		}
	}
	c.entries[hash] = sessionEntry{sess: sess, user: u}
	c.mu.Unlock()
	return sess, u, nil
}
