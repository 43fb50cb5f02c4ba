package catalog

import "time"

// Day formats t as a catalogue date ("YYYY-MM-DD") in UTC.
func Day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// addDays moves a catalogue date by n days.
func addDays(t time.Time, n int) string { return Day(t.AddDate(0, 0, n)) }

// StatusOn is the film's TMDB status as seen on a given day: released films
// say so, later ones keep the production status they were written with.
func (f *Film) StatusOn(today time.Time) string {
	if f.ReleaseDate <= Day(today) {
		return "Released"
	}
	if f.Status == "Released" {
		return "Post Production"
	}
	return f.Status
}

// PosterPath is the TMDB-style image path of the film's poster.
func (f *Film) PosterPath() string { return imagePath(kindPoster, f.ID) }

// BackdropPath is the TMDB-style image path of the film's backdrop.
func (f *Film) BackdropPath() string { return imagePath(kindBackdrop, f.ID) }

// PosterPath is the TMDB-style image path of the series' poster.
func (s *Series) PosterPath() string { return imagePath(kindPoster, s.ID) }

// BackdropPath is the TMDB-style image path of the series' backdrop.
func (s *Series) BackdropPath() string { return imagePath(kindBackdrop, s.ID) }

// PosterPath of a season is its series' poster.
func (se *Season) PosterPath() string { return imagePath(kindPoster, se.SeriesID) }

// StillPath is the TMDB-style image path of the episode's still.
func (e *Episode) StillPath() string { return imagePath(kindStill, e.ID) }

// Season returns season n of the series.
func (s *Series) Season(n int) (*Season, bool) {
	for i := range s.Seasons {
		if s.Seasons[i].SeasonNumber == n {
			return &s.Seasons[i], true
		}
	}
	return nil, false
}

// NumberOfSeasons counts the seasons.
func (s *Series) NumberOfSeasons() int { return len(s.Seasons) }

// NumberOfEpisodes counts every episode, aired or not, as TMDB does.
func (s *Series) NumberOfEpisodes() int {
	n := 0
	for _, se := range s.Seasons {
		n += len(se.Episodes)
	}
	return n
}

// LastAirDate is the air date of the last listed episode.
func (s *Series) LastAirDate() string {
	last := ""
	for _, se := range s.Seasons {
		for _, e := range se.Episodes {
			last = max(last, e.AirDate)
		}
	}
	return last
}

// InProduction reports whether more episodes are being made.
func (s *Series) InProduction() bool {
	return s.Status == "Returning Series" || s.Status == "In Production"
}

// LastEpisodeOn is the latest episode aired on or before today, or nil.
func (s *Series) LastEpisodeOn(today time.Time) *Episode {
	d := Day(today)
	var last *Episode
	for i := range s.Seasons {
		for j := range s.Seasons[i].Episodes {
			if e := &s.Seasons[i].Episodes[j]; e.AirDate <= d {
				last = e
			}
		}
	}
	return last
}

// NextEpisodeOn is the first episode airing after today, or nil.
func (s *Series) NextEpisodeOn(today time.Time) *Episode {
	d := Day(today)
	for i := range s.Seasons {
		for j := range s.Seasons[i].Episodes {
			if e := &s.Seasons[i].Episodes[j]; e.AirDate > d {
				return e
			}
		}
	}
	return nil
}
