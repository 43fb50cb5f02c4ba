package arr

import (
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

// applyMonitor sets the episode and season flags of a series being added,
// as Sonarr does for addOptions.monitor. Without one ("" or "unknown") or
// with "skip", episodes follow their season's flag from the request.
func applyMonitor(s *series, monitor string, now time.Time) {
	today := catalog.Day(now)
	recent := catalog.Day(now.AddDate(0, 0, -90))
	first, last := 0, 0
	for _, se := range s.seasons {
		if se.number > 0 && (first == 0 || se.number < first) {
			first = se.number
		}
		last = max(last, se.number)
	}
	var pick func(e *catalog.Episode) bool
	switch monitor {
	case "", "unknown", "skip":
		pick = func(e *catalog.Episode) bool { return s.seasonMonitored(e.SeasonNumber) }
	case "monitorSpecials", "unmonitorSpecials":
		pick = func(e *catalog.Episode) bool {
			if e.SeasonNumber == 0 {
				return monitor == "monitorSpecials"
			}
			return s.seasonMonitored(e.SeasonNumber)
		}
	case "all", "missing": // nothing has a file yet
		pick = func(e *catalog.Episode) bool { return e.SeasonNumber > 0 }
	case "future":
		pick = func(e *catalog.Episode) bool { return e.SeasonNumber > 0 && (e.AirDate == "" || e.AirDate > today) }
	case "recent":
		pick = func(e *catalog.Episode) bool { return e.SeasonNumber > 0 && (e.AirDate == "" || e.AirDate >= recent) }
	case "pilot":
		pick = func(e *catalog.Episode) bool { return e.SeasonNumber == first && e.EpisodeNumber == 1 }
	case "firstSeason":
		pick = func(e *catalog.Episode) bool { return e.SeasonNumber == first }
	case "lastSeason", "latestSeason":
		pick = func(e *catalog.Episode) bool { return e.SeasonNumber == last }
	default: // "none", "existing" (nothing has a file yet)
		pick = func(*catalog.Episode) bool { return false }
	}
	withEpisodes := map[int]bool{}
	for _, e := range s.episodes {
		e.monitored = pick(e.cat)
		if e.monitored {
			withEpisodes[e.cat.SeasonNumber] = true
		}
	}
	if monitor == "" || monitor == "unknown" || monitor == "skip" {
		return
	}
	continuing := s.cat.InProduction()
	for i := range s.seasons {
		se := &s.seasons[i]
		switch {
		case se.number > 0 && se.number == last && (monitor == "all" || (monitor == "future" && continuing)):
			se.monitored = true
		case se.number == first && monitor == "pilot":
			se.monitored = false
		default:
			se.monitored = withEpisodes[se.number]
		}
	}
}
