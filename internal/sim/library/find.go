package library

import "slices"

// OneSeries returns a copy of one series, by TVDB id.
func (l *Library) OneSeries(tvdbID int64) (Series, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	s, ok := l.series[tvdbID]
	if !ok {
		return Series{}, false
	}
	c := *s
	c.Episodes = slices.Clone(s.Episodes)
	return c, true
}

// SeriesByTMDB returns the TVDB id of the series with this TMDB id. It looks
// through every series: for occasional use, not for serving.
func (l *Library) SeriesByTMDB(tmdbID int64) (int64, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for id, s := range l.series {
		if s.TMDBID == tmdbID {
			return id, true
		}
	}
	return 0, false
}
