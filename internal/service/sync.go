package service

import (
	"context"
	"fmt"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// Tracker reports what Radarr and Sonarr know of requests sent to them.
type Tracker interface {
	// Begin starts one sync run; a run may cache what it fetched (the
	// queues, say) until it ends.
	Begin(ctx context.Context) TrackRun
}

// TrackRun answers for one sync run.
type TrackRun interface {
	Track(ctx context.Context, r domain.Request) (ArrState, error)
}

// Prefetcher is a TrackRun that can fetch at once, concurrently, what a page
// of requests needs (a series' episodes, say) before Track is asked about
// each: one round trip at a time per request adds up over thousands.
type Prefetcher interface {
	Prefetch(ctx context.Context, page []domain.Request)
}

// ArrState is what a download service knows of one request. Keys are
// {season, episode}; a film is {0, 0}.
type ArrState struct {
	Gone     bool            // no longer in Radarr/Sonarr at all
	OnDisk   map[[2]int]bool // downloaded
	Progress map[[2]int]int  // queued downloads, percent done
}

// SyncCounts is what one status or library sync did.
type SyncCounts struct {
	Requests  int `json:"requests"`
	Changed   int `json:"changed"`
	Available int `json:"available"`
	Partial   int `json:"partially_available"`
	Deleted   int `json:"deleted"`
	Resent    int `json:"resent"`
	Errors    int `json:"errors"`
}

// syncPage is how many requests a sync reads at once.
const syncPage = 250

// SyncRequestStatuses follows every unfinished request, page by page: it
// asks Radarr and Sonarr for download progress and files, and the library
// (filled by SyncLibrary) for what is watchable, and moves requests to
// processing, partially available, available or deleted. Approved requests
// that were never sent (no service then) are queued for sending again.
func (s *Service) SyncRequestStatuses(ctx context.Context, report func(string)) (SyncCounts, error) {
	var run TrackRun
	if s.Tracker != nil {
		run = s.Tracker.Begin(ctx)
	}
	return s.walkRequests(ctx, run, report)
}

func (s *Service) walkRequests(ctx context.Context, run TrackRun, report func(string)) (SyncCounts, error) {
	var c SyncCounts
	libraryMode, err := s.hasMediaServers(ctx)
	if err != nil {
		return c, err
	}
	canSend := map[domain.MediaType]bool{}
	for _, t := range []domain.MediaType{domain.Movie, domain.TV} {
		ok, err := s.configured(ctx, arrKind(t))
		if err != nil {
			return c, err
		}
		canSend[t] = ok && s.Sender != nil
	}
	var after int64
	for {
		page, err := store.UnfinishedRequests(ctx, s.Store.DB, after, syncPage)
		if err != nil || len(page) == 0 {
			return c, err
		}
		after = page[len(page)-1].ID
		lib, err := s.libraryFor(ctx, page)
		if err != nil {
			return c, err
		}
		if p, ok := run.(Prefetcher); ok {
			p.Prefetch(ctx, page)
		}
		var moves []syncMove
		for _, r := range page {
			if err := ctx.Err(); err != nil {
				return c, err
			}
			c.Requests++
			if r.Status == domain.StatusApproved && r.ServiceID == 0 {
				if canSend[r.Type] && s.Handoff != nil {
					if err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return s.Handoff.EnqueueOnce(ctx, tx, r.ID) }); err != nil {
						return c, err
					}
					c.Resent++
				}
				if !libraryMode {
					continue
				}
			}
			var arr *ArrState
			if run != nil && r.ServiceID != 0 {
				st, err := run.Track(ctx, r)
				if err != nil {
					c.Errors++ // unreachable for now: leave the request as it is
					s.Log.Warn("status sync", "request", r.ID, "error", err)
				} else {
					arr = &st
				}
			}
			next, reason := evaluate(r, lib[libKey{r.Type, r.TMDBID}], libraryMode, arr)
			if changed(r, next) && (next.Status == r.Status || domain.CanMove(r.Status, next.Status)) {
				moves = append(moves, syncMove{r, next, reason})
			}
		}
		if err := s.applySync(ctx, moves, &c); err != nil {
			return c, err
		}
		if report != nil {
			report(fmt.Sprintf("%d requests checked", c.Requests))
		}
	}
}

type libKey struct {
	t  domain.MediaType
	id int64
}

// libraryFor reads, in two queries, which of a page's titles the media
// servers hold.
func (s *Service) libraryFor(ctx context.Context, page []domain.Request) (map[libKey]map[[2]int]bool, error) {
	ids := map[domain.MediaType][]int64{}
	for _, r := range page {
		ids[r.Type] = append(ids[r.Type], r.TMDBID)
	}
	out := map[libKey]map[[2]int]bool{}
	for t, list := range ids {
		have, err := store.InLibrary(ctx, s.Store.DB, t, list)
		if err != nil {
			return nil, err
		}
		for id, keys := range have {
			out[libKey{t, id}] = keys
		}
	}
	return out, nil
}

// evaluate decides a request's status, progress and episodes' statuses from
// the library (when media servers are set up, they decide what is
// available) or else from the download service's files.
func evaluate(r domain.Request, lib map[[2]int]bool, libraryMode bool, arr *ArrState) (domain.Request, string) {
	next := r
	next.Items = append([]domain.RequestItem(nil), r.Items...)
	keys := [][2]int{{0, 0}}
	if r.Type == domain.TV {
		keys = keys[:0]
		for _, it := range r.Items {
			keys = append(keys, [2]int{it.Season, it.Episode})
		}
	}
	present := func(k [2]int) bool {
		if libraryMode {
			return lib[k]
		}
		return arr != nil && arr.OnDisk[k]
	}
	have, progressSum, queued := 0, 0, 0
	for i, k := range keys {
		p, inQueue := 0, false
		if arr != nil {
			p, inQueue = arr.Progress[k]
		}
		if inQueue {
			progressSum += p
			queued++
		}
		if r.Type == domain.TV {
			switch {
			case present(k):
				next.Items[i].Status, next.Items[i].Progress = domain.StatusAvailable, 100
			case inQueue:
				next.Items[i].Status, next.Items[i].Progress = domain.StatusProcessing, p
			case r.Items[i].Status == domain.StatusAvailable:
				next.Items[i].Status, next.Items[i].Progress = r.Status, 0
				if r.Status == domain.StatusAvailable || r.Status == domain.StatusPartiallyAvailable {
					next.Items[i].Status = domain.StatusProcessing
				}
			}
		}
		if present(k) {
			have++
		}
	}
	if queued > 0 {
		next.Progress = progressSum / queued
	}
	switch {
	case len(keys) > 0 && have == len(keys):
		next.Status, next.Progress = domain.StatusAvailable, 100
	case have > 0:
		next.Status = domain.StatusPartiallyAvailable
	case r.Status == domain.StatusAvailable || r.Status == domain.StatusPartiallyAvailable:
		if libraryMode || arr != nil {
			return deleted(next), "no longer in the library"
		}
	case arr != nil && arr.Gone && r.Status == domain.StatusProcessing:
		return deleted(next), "removed from the download service"
	}
	return next, ""
}

func deleted(r domain.Request) domain.Request {
	r.Status, r.Progress = domain.StatusDeleted, 0
	for i := range r.Items {
		r.Items[i].Status, r.Items[i].Progress = domain.StatusDeleted, 0
	}
	return r
}

// syncMove is what evaluate decided for one request: a change of status
// (a move the state machine allows; an approved request found gone, say,
// has nothing to undo and is left out) or of progress.
type syncMove struct {
	r, next domain.Request
	reason  string
}

// applySync stores a page's changes in one transaction and a handful of
// statements (store.ApplySyncChanges): a transaction and four to fourteen
// statements per request were most of a status sync's time, on PostgreSQL
// one round trip and, per commit, one WAL flush each.
func (s *Service) applySync(ctx context.Context, moves []syncMove, c *SyncCounts) error {
	if len(moves) == 0 {
		return nil
	}
	changes := make([]store.SyncChange, len(moves))
	for i, m := range moves {
		changes[i] = store.SyncChange{From: m.r.Status, Next: m.next, Reason: m.reason}
	}
	var applied []bool
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		applied, err = store.ApplySyncChanges(ctx, tx, changes, s.Now())
		return err
	})
	if err != nil {
		return err
	}
	for i, m := range moves {
		if !applied[i] {
			continue // someone moved it meanwhile; the next sync sees it again
		}
		c.Changed++
		switch m.next.Status {
		case domain.StatusAvailable:
			c.Available++
		case domain.StatusPartiallyAvailable:
			c.Partial++
		case domain.StatusDeleted:
			c.Deleted++
		}
	}
	return nil
}

func changed(a, b domain.Request) bool {
	if a.Status != b.Status || a.Progress != b.Progress {
		return true
	}
	for i := range a.Items {
		if a.Items[i].Status != b.Items[i].Status || a.Items[i].Progress != b.Items[i].Progress {
			return true
		}
	}
	return false
}

// hasMediaServers reports whether a Jellyfin or Plex has been read at
// least once: then the library, not Radarr's or Sonarr's files, says what
// is available. A server added but not yet scanned does not count, or its
// empty library would make every available request look deleted.
func (s *Service) hasMediaServers(ctx context.Context) (bool, error) {
	if s.Library == nil {
		return false, nil
	}
	ids, err := s.Library.Servers(ctx)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		if !s.lastScan(ctx, id).IsZero() {
			return true, nil
		}
	}
	return false, nil
}

// configured reports whether a default Radarr or Sonarr is set up.
func (s *Service) configured(ctx context.Context, kind string) (bool, error) {
	_, ok, err := s.DefaultMediaService(ctx, kind, false)
	return ok, err
}

func arrKind(t domain.MediaType) string {
	if t == domain.TV {
		return "sonarr"
	}
	return "radarr"
}
