package mediaserver

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/lemedia/lemedia/internal/sim/library"
)

// kind is what an item is.
type kind uint8

const (
	kMovie kind = iota
	kSeries
	kSeason
	kEpisode
)

// kinds is a set of kinds.
type kinds uint8

func kindSet(ks ...kind) kinds {
	var s kinds
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kinds) has(k kind) bool { return s&(1<<k) != 0 }

// ref points at one item of a snapshot.
type ref struct {
	kind kind
	idx  int32
}

// span is a range of indexes [lo, hi).
type span struct{ lo, hi int32 }

type seriesNode struct {
	TVDBID, TMDBID int64
	IMDbID, Title  string
	Year           int
	added          time.Time // its first episode's
	seasons, eps   span
	jfID           string
	onDisk         int // episodes with a file
}

type seasonNode struct {
	series int32
	number int
	added  time.Time
	eps    span
	jfID   string
	onDisk int
}

type episodeNode struct {
	series, season int32
	library.Episode
	virtual bool // a placeholder for a missing episode: no file
}

// snapshot is a read-only view of the library at one version, with the
// orders the fakes page through.
type snapshot struct {
	version  uint64
	movies   []library.Movie // by TMDB id
	series   []seriesNode    // by TVDB id
	seasons  []seasonNode    // by series, then number
	episodes []episodeNode   // by series, season, number
	byTVDB   map[int64]int32
	byJFID   map[string]ref // series and seasons, for parent lookups

	mu       sync.Mutex
	listings map[listingKey][]ref
}

// listingKey names a cached listing of a whole library.
type listingKey struct {
	kinds  kinds
	byDate bool
}

// snapshots keeps the latest snapshot of a library.
type snapshots struct {
	lib *library.Library
	// virtualNext adds, after each series' last episode on disk, a virtual
	// next episode, like Jellyfin's "display missing episodes".
	virtualNext bool
	mu          sync.Mutex
	cur         *snapshot
}

// get returns a snapshot at least as new as the library's version when
// called, building one only when the library has moved.
func (c *snapshots) get() *snapshot {
	v := c.lib.Version() // read first: a change after this forces a rebuild next time
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || c.cur.version != v {
		c.cur = build(c.lib, v, c.virtualNext)
	}
	return c.cur
}

func build(lib *library.Library, version uint64, virtualNext bool) *snapshot {
	s := &snapshot{version: version, movies: lib.Movies(), byTVDB: map[int64]int32{},
		byJFID: map[string]ref{}, listings: map[listingKey][]ref{}}
	all := lib.Series()
	s.series = make([]seriesNode, 0, len(all))
	for _, ls := range all {
		si := int32(len(s.series))
		n := seriesNode{TVDBID: ls.TVDBID, TMDBID: ls.TMDBID, IMDbID: ls.IMDbID, Title: ls.Title, Year: ls.Year,
			jfID: jfSeriesID(ls.TVDBID), onDisk: len(ls.Episodes)}
		n.seasons.lo, n.eps.lo = int32(len(s.seasons)), int32(len(s.episodes))
		eps := ls.Episodes
		if virtualNext && len(eps) > 0 {
			last := eps[len(eps)-1]
			eps = append(eps, library.Episode{Season: last.Season, Number: last.Number + 1,
				Title: "Episode " + itoa(int64(last.Number+1)), AddedAt: last.AddedAt})
		}
		for i, e := range eps {
			virtual := i >= len(ls.Episodes)
			if len(s.seasons) == int(n.seasons.lo) || s.seasons[len(s.seasons)-1].number != e.Season {
				s.seasons = append(s.seasons, seasonNode{series: si, number: e.Season, added: e.AddedAt,
					eps: span{int32(len(s.episodes)), int32(len(s.episodes))}, jfID: jfSeasonID(ls.TVDBID, e.Season)})
			}
			se := &s.seasons[len(s.seasons)-1]
			s.episodes = append(s.episodes, episodeNode{series: si, season: int32(len(s.seasons) - 1), Episode: e, virtual: virtual})
			se.eps.hi = int32(len(s.episodes))
			if !virtual {
				se.onDisk++
				se.added = minTime(se.added, e.AddedAt)
				n.added = minTime(n.added, e.AddedAt)
			}
		}
		n.seasons.hi, n.eps.hi = int32(len(s.seasons)), int32(len(s.episodes))
		s.byTVDB[n.TVDBID] = si
		s.byJFID[n.jfID] = ref{kSeries, si}
		s.series = append(s.series, n)
	}
	for i := range s.seasons {
		s.byJFID[s.seasons[i].jfID] = ref{kSeason, int32(i)}
	}
	return s
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// added is when an item came on disk.
func (s *snapshot) added(r ref) time.Time {
	switch r.kind {
	case kMovie:
		return s.movies[r.idx].AddedAt
	case kSeries:
		return s.series[r.idx].added
	case kSeason:
		return s.seasons[r.idx].added
	}
	return s.episodes[r.idx].AddedAt
}

// listing returns every item of the given kinds, in library order (films by
// TMDB id; series, then seasons, then episodes) or oldest first, built once
// per snapshot.
func (s *snapshot) listing(ks kinds, byDate bool) []ref {
	key := listingKey{ks, byDate}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.listings[key]; ok {
		return l
	}
	var l []ref
	add := func(k kind, n int) {
		if ks.has(k) {
			for i := range n {
				l = append(l, ref{k, int32(i)})
			}
		}
	}
	add(kMovie, len(s.movies))
	add(kSeries, len(s.series))
	add(kSeason, len(s.seasons))
	add(kEpisode, len(s.episodes))
	if byDate {
		sortByDate(s, l)
	}
	s.listings[key] = l
	return l
}

// sortByDate orders refs oldest first, keeping the given order among equals.
func sortByDate(s *snapshot, l []ref) {
	slices.SortStableFunc(l, func(a, b ref) int { return s.added(a).Compare(s.added(b)) })
}

// within returns the items of the given kinds under one series or season,
// in order; it is small, so it is built per call.
func (s *snapshot) within(parent ref, ks kinds, byDate bool) []ref {
	var seasons, eps span
	switch parent.kind {
	case kSeries:
		seasons, eps = s.series[parent.idx].seasons, s.series[parent.idx].eps
	case kSeason:
		eps = s.seasons[parent.idx].eps
	}
	var l []ref
	for k, sp := range map[kind]span{kSeason: seasons, kEpisode: eps} {
		if ks.has(k) {
			for i := sp.lo; i < sp.hi; i++ {
				l = append(l, ref{k, i})
			}
		}
	}
	slices.SortStableFunc(l, func(a, b ref) int { return cmp.Compare(a.kind, b.kind) })
	if byDate {
		sortByDate(s, l)
	}
	return l
}

// page returns l[start:start+limit], read backwards when descending; limit
// <= 0 means to the end.
func page(l []ref, start, limit int, descending bool) []ref {
	start = min(max(start, 0), len(l))
	end := len(l)
	if limit > 0 {
		end = min(start+limit, len(l))
	}
	if !descending {
		return l[start:end]
	}
	out := make([]ref, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, l[len(l)-1-i])
	}
	return out
}
