package main

import (
	"net/http"
)

// controlRemove deletes files from disk behind the services' backs, as
// someone cleaning up by hand: the media servers stop listing them, Radarr
// and Sonarr keep the titles without files. It answers how many films or
// episodes were removed, or 404 when none matched.
func (s *stack) controlRemove(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tmdb, ok1 := queryInt(r, "tmdb", 0)
	tvdb, ok2 := queryInt(r, "tvdb", 0)
	season, ok3 := queryInt(r, "season", -1)
	episode, ok4 := queryInt(r, "episode", 0)
	kind := q.Get("type")
	switch {
	case !ok1 || !ok2 || !ok3 || !ok4 || (tmdb > 0) == (tvdb > 0) || season < -1 || episode < 0:
		reply(w, http.StatusBadRequest, map[string]string{"error": "give tmdb=ID or tvdb=ID, optionally season=N and episode=E"})
		return
	case kind != "" && kind != "movie" && kind != "tv", episode > 0 && season < 0:
		reply(w, http.StatusBadRequest, map[string]string{"error": "type is movie or tv; episode needs season"})
		return
	}
	n := 0
	if tmdb > 0 && kind != "tv" && season < 0 {
		if s.radarr.DeleteMovieFile(tmdb) || s.lib.RemoveMovie(tmdb) {
			n = 1
		}
	}
	if tmdb > 0 && n == 0 && kind != "movie" {
		tvdb, _ = s.lib.SeriesByTMDB(tmdb)
	}
	if tvdb > 0 {
		n = s.removeEpisodes(tvdb, int(season), int(episode))
	}
	if n == 0 {
		reply(w, http.StatusNotFound, map[string]string{"error": "nothing on disk matches"})
		return
	}
	reply(w, http.StatusOK, map[string]int{"removed": n})
}

// removeEpisodes deletes a series' episodes: all with season -1, a season's
// with episode 0, else one. Sonarr forgets its files; episodes it never
// had (seeded) leave the library directly.
func (s *stack) removeEpisodes(tvdb int64, season, episode int) int {
	n := s.sonarr.DeleteEpisodeFiles(tvdb, season, episode)
	sr, ok := s.lib.OneSeries(tvdb)
	if !ok {
		return n
	}
	for _, e := range sr.Episodes {
		if (season < 0 || e.Season == season) && (episode == 0 || e.Number == episode) &&
			s.lib.RemoveEpisode(tvdb, e.Season, e.Number) {
			n++
		}
	}
	return n
}
