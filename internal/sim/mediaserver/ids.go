package mediaserver

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Jellyfin ids are GUIDs written as 32 hex digits, like Jellyfin's own; ours
// are hashes of what the item is, so they never change between runs.
func jellyfinID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func jfMovieID(tmdb int64) string  { return jellyfinID("movie", itoa(tmdb)) }
func jfSeriesID(tvdb int64) string { return jellyfinID("series", itoa(tvdb)) }
func jfSeasonID(tvdb int64, season int) string {
	return jellyfinID("season", itoa(tvdb), strconv.Itoa(season))
}
func jfEpisodeID(tvdb int64, season, number int) string {
	return jellyfinID("episode", itoa(tvdb), strconv.Itoa(season), strconv.Itoa(number))
}

// Plex rating keys are numbers; ours encode the item, its kind in the last
// digit, so a key leads back to the item without a table. Seasons up to 999
// and episodes up to 9999 fit, with TVDB ids up to 9·10^10.
const (
	plexMovie   = 1
	plexShow    = 2
	plexSeason  = 3
	plexEpisode = 4
)

func plexMovieKey(tmdb int64) int64 { return tmdb*10 + plexMovie }
func plexShowKey(tvdb int64) int64  { return tvdb*10 + plexShow }
func plexSeasonKey(tvdb int64, season int) int64 {
	return (tvdb*1000+int64(season))*10 + plexSeason
}
func plexEpisodeKey(tvdb int64, season, number int) int64 {
	return ((tvdb*1000+int64(season))*10000+int64(number))*10 + plexEpisode
}

// plexKey is a decoded rating key.
type plexKey struct {
	kind            int
	id              int64 // TMDB id of a film, TVDB id of the rest
	season, episode int
}

func parsePlexKey(s string) (plexKey, bool) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return plexKey{}, false
	}
	k := plexKey{kind: int(v % 10)}
	v /= 10
	switch k.kind {
	case plexMovie, plexShow:
		k.id = v
	case plexSeason:
		k.id, k.season = v/1000, int(v%1000)
	case plexEpisode:
		k.episode = int(v % 10000)
		v /= 10000
		k.id, k.season = v/1000, int(v%1000)
	default:
		return plexKey{}, false
	}
	return k, true
}

// EpisodeTVDBID is the TVDB id the fakes give an episode of their own, made
// up from the series' and the numbers: different from the series' id, so a
// client that takes an episode's ids for its series' is caught.
func EpisodeTVDBID(seriesTVDB int64, season, number int) int64 {
	return seriesTVDB*100000 + int64(season)*1000 + int64(number)
}
