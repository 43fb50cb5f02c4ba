package service

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// LibraryScanner reads what the configured media servers (Jellyfin, Plex)
// hold.
type LibraryScanner interface {
	// Servers lists the enabled media servers' ids.
	Servers(ctx context.Context) ([]int64, error)
	// Scan lists one server's films and episodes in batches; with since
	// set, only what was added since then (newest first).
	Scan(ctx context.Context, serverID int64, since time.Time, batch func([]store.LibraryItem) error) error
}

// LibraryCounts is what one library sync did.
type LibraryCounts struct {
	Servers  int        `json:"servers"`
	Items    int        `json:"items_seen"`
	Removed  int64      `json:"items_removed"`
	Requests SyncCounts `json:"requests"`
}

// SyncLibrary reads the media servers into the library table and then
// brings every unfinished request up to date with it. A full scan also
// removes what a server no longer holds, which is how a title deleted from
// the library becomes deleted here, and requestable again. Otherwise only
// what was added since the last scan is read.
func (s *Service) SyncLibrary(ctx context.Context, full bool, report func(string)) (LibraryCounts, error) {
	var c LibraryCounts
	if s.Library == nil {
		return c, nil
	}
	servers, err := s.Library.Servers(ctx)
	if err != nil {
		return c, err
	}
	c.Servers = len(servers)
	for _, id := range servers {
		start := s.Now()
		var since time.Time
		if !full {
			since = s.lastScan(ctx, id)
		}
		err := s.Library.Scan(ctx, id, since, func(items []store.LibraryItem) error {
			c.Items += len(items)
			if report != nil {
				report(fmt.Sprintf("server %d: %d items read", id, c.Items))
			}
			return s.Store.WithTx(ctx, func(tx *store.Tx) error { return store.UpsertLibraryItems(ctx, tx, id, items, start) })
		})
		if err != nil {
			return c, fmt.Errorf("media server %d: %w", id, err)
		}
		if full {
			n, err := store.DeleteStaleLibraryItems(ctx, s.Store.DB, id, start)
			if err != nil {
				return c, err
			}
			c.Removed += n
		}
		if err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
			return store.PutSetting(ctx, tx, lastScanKey(id), start.UTC().Format(time.RFC3339Nano), start)
		}); err != nil {
			return c, err
		}
	}
	if full {
		n, err := store.DeleteLibraryItemsNotOf(ctx, s.Store.DB, servers)
		if err != nil {
			return c, err
		}
		c.Removed += n
	}
	c.Requests, err = s.walkRequests(ctx, nil, report)
	return c, err
}

func lastScanKey(id int64) string { return "library.last_scan." + strconv.FormatInt(id, 10) }

// lastScan is when the server's previous scan started, a minute early to
// cover clock skew; zero (a full read) when it never ran.
func (s *Service) lastScan(ctx context.Context, id int64) time.Time {
	st, err := store.GetSetting(ctx, s.Store.DB, lastScanKey(id))
	if err != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, st.Value)
	if err != nil {
		return time.Time{}
	}
	return t.Add(-time.Minute)
}

// ExpireStalePending declines pending requests older than the site's
// expiry setting, with a reason the requester sees; it returns how many.
func (s *Service) ExpireStalePending(ctx context.Context) (int, error) {
	days := s.Settings(ctx).PendingExpiryDays
	if days <= 0 {
		return 0, nil
	}
	cutoff := s.Now().Add(-time.Duration(days) * 24 * time.Hour)
	reason := "Expired: no decision within " + strconv.Itoa(days) + " days."
	n := 0
	for {
		ids, err := store.PendingBefore(ctx, s.Store.DB, cutoff, 200)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			err := s.systemMove(ctx, domain.Request{ID: id, Status: domain.StatusPending}, domain.StatusDeclined, reason)
			if err != nil {
				return n, err
			}
			n++
		}
	}
}
