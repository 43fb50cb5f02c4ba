package service

import "time"

// SetCacheClock moves the ages of the in-memory caches, for tests.
func SetCacheClock(s *Service, now func() time.Time) { s.cacheNow = now }
