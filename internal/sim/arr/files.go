package arr

// Files deleted from disk behind the services' backs (someone cleaned up the
// library by hand): the item stays in Radarr or Sonarr, monitored as it
// was, but has no file any more and leaves the shared library. A simulator
// uses this to show deletion detection.

// DeleteMovieFile deletes the file of the film with this TMDB id; it reports
// whether Radarr had one.
func (r *Radarr) DeleteMovieFile(tmdbID int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.byTMDB[tmdbID]
	if m == nil || m.fileID == 0 {
		return false
	}
	m.fileID, m.size = 0, 0
	r.lib.RemoveMovie(tmdbID)
	return true
}

// DeleteEpisodeFiles deletes the files of a series' episodes, by TVDB id:
// all of them with season < 0, a season's with number 0, else one episode
// (season 0 is the specials).
// It returns how many files Sonarr had.
func (so *Sonarr) DeleteEpisodeFiles(tvdbID int64, season, number int) int {
	so.mu.Lock()
	defer so.mu.Unlock()
	s := so.byTVDB[tvdbID]
	if s == nil {
		return 0
	}
	n := 0
	for _, e := range s.episodes {
		if e.fileID == 0 || (season >= 0 && e.cat.SeasonNumber != season) || (number != 0 && e.cat.EpisodeNumber != number) {
			continue
		}
		e.fileID, e.size = 0, 0
		so.lib.RemoveEpisode(tvdbID, e.cat.SeasonNumber, e.cat.EpisodeNumber)
		n++
	}
	return n
}
