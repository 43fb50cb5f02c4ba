package service

import (
	"context"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

type issuesEntry struct {
	version uint64
	at      time.Time
	n       int
}

// openIssueCount is the number of open issues, kept like the request
// counts: a write in this process shows at once, another instance's
// within countsTTL.
func (s *Service) openIssueCount(ctx context.Context) (int, error) {
	now := s.cacheTime()
	version := store.IssuesVersion()
	if e := s.openIssues.Load(); e != nil && e.version == version && now.Sub(e.at) < countsTTL {
		return e.n, nil
	}
	n, err := store.CountIssues(ctx, s.Store.Read(), domain.IssueOpen)
	if err != nil {
		return 0, err
	}
	s.openIssues.Store(&issuesEntry{version: version, at: now, n: n})
	return n, nil
}
