package delivery

import (
	"context"
	"errors"
	"sync"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/radarr"
	"github.com/lemedia/lemedia/internal/upstream/sonarr"
)

// Begin starts one status sync run. The run reads each service's film or
// series list and queue once, and a series' episodes once, however many
// requests point at them.
func (d *Delivery) Begin(context.Context) service.TrackRun {
	return &run{d: d, radarr: map[int64]*radarrView{}, sonarr: map[int64]*sonarrView{}}
}

type run struct {
	d      *Delivery
	mu     sync.Mutex
	radarr map[int64]*radarrView
	sonarr map[int64]*sonarrView
}

type radarrView struct {
	movies map[int]radarr.Movie
	queue  map[int]int // movie id → percent done
	err    error
}

type sonarrView struct {
	c        *sonarr.Client
	series   map[int]bool
	queue    map[int]int // episode id → percent done
	episodes map[int][]sonarr.Episode
	err      error
}

const queuePage = 200

func percent(f float64) int { return int(f*100 + 0.5) }

// Track implements service.TrackRun.
func (r *run) Track(ctx context.Context, req domain.Request) (service.ArrState, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if req.Type == domain.Movie {
		v := r.radarrView(ctx, req.ServiceID)
		if v.err != nil {
			return service.ArrState{}, v.err
		}
		m, ok := v.movies[int(req.ExternalID)]
		st := service.ArrState{Gone: !ok, OnDisk: map[[2]int]bool{{0, 0}: ok && m.HasFile}, Progress: map[[2]int]int{}}
		if p, queued := v.queue[int(req.ExternalID)]; queued {
			st.Progress[[2]int{0, 0}] = p
		}
		return st, nil
	}
	v := r.sonarrView(ctx, req.ServiceID)
	if v.err != nil {
		return service.ArrState{}, v.err
	}
	id := int(req.ExternalID)
	st := service.ArrState{Gone: !v.series[id], OnDisk: map[[2]int]bool{}, Progress: map[[2]int]int{}}
	if st.Gone {
		return st, nil
	}
	eps, ok := v.episodes[id]
	if !ok {
		var err error
		if eps, err = v.c.Episodes(ctx, id); err != nil {
			return service.ArrState{}, err
		}
		v.episodes[id] = eps
	}
	for _, e := range eps {
		k := [2]int{e.SeasonNumber, e.EpisodeNumber}
		st.OnDisk[k] = e.HasFile
		if p, queued := v.queue[e.ID]; queued {
			st.Progress[k] = p
		}
	}
	return st, nil
}

func (r *run) radarrView(ctx context.Context, id int64) *radarrView {
	if v, ok := r.radarr[id]; ok {
		return v
	}
	v := &radarrView{movies: map[int]radarr.Movie{}, queue: map[int]int{}}
	r.radarr[id] = v
	ms, err := r.d.byID(ctx, service.ServiceRadarr, id)
	var c *radarr.Client
	if err == nil {
		c, err = r.d.radarr(ms)
	}
	var movies []radarr.Movie
	if err == nil {
		movies, err = c.Movies(ctx)
	}
	var queue []radarr.QueueItem
	if err == nil {
		queue, err = c.QueueAll(ctx, queuePage)
	}
	if err != nil {
		v.err = errors.Join(errors.New("radarr"), err)
		return v
	}
	for _, m := range movies {
		v.movies[m.ID] = m
	}
	for _, q := range queue {
		v.queue[q.MovieID] = percent(q.Progress())
	}
	return v
}

func (r *run) sonarrView(ctx context.Context, id int64) *sonarrView {
	if v, ok := r.sonarr[id]; ok {
		return v
	}
	v := &sonarrView{series: map[int]bool{}, queue: map[int]int{}, episodes: map[int][]sonarr.Episode{}}
	r.sonarr[id] = v
	ms, err := r.d.byID(ctx, service.ServiceSonarr, id)
	if err == nil {
		v.c, err = r.d.sonarr(ms)
	}
	var all []sonarr.Series
	if err == nil {
		all, err = v.c.AllSeries(ctx)
	}
	var queue []sonarr.QueueItem
	if err == nil {
		queue, err = v.c.QueueAll(ctx, queuePage)
	}
	if err != nil {
		v.err = errors.Join(errors.New("sonarr"), err)
		return v
	}
	for _, s := range all {
		v.series[s.ID] = true
	}
	for _, q := range queue {
		v.queue[q.EpisodeID] = percent(q.Progress())
	}
	return v
}

// prefetchWorkers bounds the episode lists fetched at once by Prefetch.
const prefetchWorkers = 4

// Prefetch implements service.Prefetcher: the episodes of the page's series
// that this run has not read yet, a few at a time, so that a page's round
// trips to Sonarr overlap rather than queue behind one another. A failure
// here is left for Track, which asks again and reports it.
func (r *run) Prefetch(ctx context.Context, page []domain.Request) {
	type want struct {
		v  *sonarrView
		id int
	}
	var todo []want
	r.mu.Lock()
	seen := map[want]bool{}
	for _, req := range page {
		if req.Type != domain.TV || req.ServiceID == 0 {
			continue
		}
		v := r.sonarrView(ctx, req.ServiceID)
		w := want{v, int(req.ExternalID)}
		if _, have := v.episodes[w.id]; v.err != nil || !v.series[w.id] || have || seen[w] {
			continue
		}
		seen[w] = true
		todo = append(todo, w)
	}
	r.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	next := make(chan want)
	var wg sync.WaitGroup
	for range min(prefetchWorkers, len(todo)) {
		wg.Go(func() {
			for w := range next {
				eps, err := w.v.c.Episodes(ctx, w.id)
				if err != nil {
					continue
				}
				r.mu.Lock()
				w.v.episodes[w.id] = eps
				r.mu.Unlock()
			}
		})
	}
	for _, w := range todo {
		next <- w
	}
	close(next)
	wg.Wait()
}
