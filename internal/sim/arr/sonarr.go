package arr

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
)

// Sonarr is a fake Sonarr v3 API (with v3's language profiles). It is safe
// for concurrent use.
type Sonarr struct {
	*server
	series     map[int]*series
	byTVDB     map[int64]*series
	order      []int // series ids, ascending
	episodes   map[int]*episode
	nextSeries int
	nextEp     int
	files      int
	cmds       int
	languages  []profile
}

// series is a show in the fake's library, with all its catalogue episodes.
type series struct {
	id                int
	cat               *catalog.Series
	monitored         bool
	qualityProfileID  int
	languageProfileID int
	seriesType        string
	seasonFolder      bool
	rootFolderPath    string
	path              string
	tags              []int
	added             time.Time
	monitorNewItems   string
	addOptions        *seriesAddOptions
	seasons           []seasonState // by number
	episodes          []*episode    // by season, then number
}

type seasonState struct {
	number    int
	monitored bool
}

type episode struct {
	id        int
	series    *series
	cat       *catalog.Episode
	monitored bool
	fileID    int // 0: no file
	size      int64
}

// NewSonarr builds a fake Sonarr with Sonarr's default quality profiles, an
// English language profile, one root folder (/tv unless set) and no series.
func NewSonarr(o Options) (*Sonarr, error) {
	s, err := newServer("Sonarr", o, SonarrSpec, []string{"/tv"})
	if err != nil {
		return nil, err
	}
	so := &Sonarr{server: s, series: map[int]*series{}, byTVDB: map[int64]*series{},
		episodes: map[int]*episode{}, languages: []profile{{1, "English"}}}
	s.settle = so.settle
	if err := s.addSettingsRoutes("3.0.10.1567", so.usedSpace); err != nil {
		return nil, err
	}
	routes := []struct {
		method, path string
		h            handler
	}{
		{http.MethodGet, "/api/v3/languageprofile", func(*http.Request, []byte, time.Time) reply {
			return ok(slices.Clone(so.languages))
		}},
		{http.MethodGet, "/api/v3/series", so.list},
		{http.MethodPost, "/api/v3/series", so.add},
		{http.MethodGet, "/api/v3/series/lookup", so.lookup},
		{http.MethodGet, "/api/v3/series/{id}", so.get},
		{http.MethodPut, "/api/v3/series/{id}", so.update},
		{http.MethodDelete, "/api/v3/series/{id}", so.delete},
		{http.MethodGet, "/api/v3/episode", so.listEpisodes},
		{http.MethodPut, "/api/v3/episode/monitor", so.monitorEpisodes},
		{http.MethodGet, "/api/v3/queue", so.queuePage},
		{http.MethodPost, "/api/v3/command", so.command},
	}
	for _, rt := range routes {
		if err := s.route(rt.method, rt.path, rt.h); err != nil {
			return nil, err
		}
	}
	return so, nil
}

// settle puts finished downloads on disk and in the library, then grabs
// what came out since the last settle.
func (so *Sonarr) settle(now time.Time) {
	so.queue.finished(now, func(d *download, at time.Time) {
		e := so.episodes[d.target]
		if e == nil {
			return
		}
		so.files++
		e.fileID, e.size = so.files, d.size
		c := e.series.cat
		so.lib.AddEpisodes(library.Series{TVDBID: c.TVDBID, TMDBID: c.ID, IMDbID: c.IMDbID, Title: c.Name, Year: year(c.FirstAirDate)},
			library.Episode{Season: e.cat.SeasonNumber, Number: e.cat.EpisodeNumber, Title: e.cat.Name, AddedAt: at})
	})
	so.grabNew(now)
}

// grabNew grabs the monitored episodes aired since the last settle, as an RSS sync would.
func (so *Sonarr) grabNew(now time.Time) {
	after, upTo := so.newDays(now)
	if upTo == "" {
		return
	}
	for _, id := range so.order {
		for _, e := range so.series[id].episodes {
			if e.cat.AirDate > after && e.cat.AirDate <= upTo {
				so.search(e, now, false)
			}
		}
	}
}

// search grabs an aired episode without a file. Like Sonarr, a search for
// named episodes takes unmonitored ones too; a series search does not.
func (so *Sonarr) search(e *episode, now time.Time, named bool) {
	if e.fileID != 0 || e.cat.AirDate == "" || e.cat.AirDate > catalog.Day(now) {
		return
	}
	if !named && (!e.monitored || !e.series.seasonMonitored(e.cat.SeasonNumber)) {
		return
	}
	c := e.series.cat
	code := fmt.Sprintf("S%02dE%02d", e.cat.SeasonNumber, e.cat.EpisodeNumber)
	so.queue.add(e.id, releaseName(c.Name, year(c.FirstAirDate), code), episodeSize(e.cat), now)
}

// searchSeries grabs the monitored missing episodes of monitored seasons.
func (so *Sonarr) searchSeries(s *series, season *int, now time.Time) {
	for _, e := range s.episodes {
		if season == nil || e.cat.SeasonNumber == *season {
			so.search(e, now, false)
		}
	}
}

func (so *Sonarr) remove(s *series, deleteFiles bool) {
	delete(so.series, s.id)
	delete(so.byTVDB, s.cat.TVDBID)
	if i, found := slices.BinarySearch(so.order, s.id); found {
		so.order = slices.Delete(so.order, i, i+1)
	}
	for _, e := range s.episodes {
		delete(so.episodes, e.id)
	}
	so.queue.cancel(func(id int) bool { e := so.episodes[id]; return e == nil })
	if deleteFiles {
		so.lib.RemoveSeries(s.cat.TVDBID)
	}
}

func (so *Sonarr) usedSpace() int64 {
	var n int64
	for _, e := range so.episodes {
		n += e.size
	}
	return n
}

func (s *series) seasonMonitored(n int) bool {
	for _, se := range s.seasons {
		if se.number == n {
			return se.monitored
		}
	}
	return false
}

// episodeSize is a 1080p file's size: about 20 MB a minute.
func episodeSize(e *catalog.Episode) int64 {
	minutes := e.Runtime
	if minutes <= 0 {
		minutes = 45
	}
	return int64(minutes) * 20_000_000
}
