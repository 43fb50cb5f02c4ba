package browse

import (
	"context"
	"strconv"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/upstream/tmdb"
)

// Movie is a film's page.
type Movie struct {
	Item
	Tagline string
	Runtime int // minutes; 0 unknown
	Genres  []string
}

// Requestable reports whether the film can still be requested.
func (m Movie) Requestable() bool { return !m.Status.Requested() }

// Movie returns a film with its request status.
func (b *Browser) Movie(ctx context.Context, id int64) (Movie, error) {
	d, err := b.tmdb.Movie(ctx, id)
	if err != nil {
		return Movie{}, notFound(err)
	}
	claims, lib, err := b.titleState(ctx, domain.Movie, id)
	if err != nil {
		return Movie{}, err
	}
	st := claimStatus(claims[[2]int{0, 0}])
	if lib[[2]int{0, 0}] {
		st = Available // the library wins, requested or not
	}
	m := Movie{Item: Item{ID: d.ID, Type: domain.Movie, Title: d.Title, Year: year(d.ReleaseDate), Overview: d.Overview,
		PosterPath: d.PosterPath, Status: st}, Tagline: d.Tagline, Runtime: d.Runtime, Genres: genres(d.Genres)}
	return m, nil
}

func genres(gs []tmdb.Genre) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Name
	}
	return out
}

// Series is a series' page with every season (specials left out) and
// its episodes.
type Series struct {
	Item
	Tagline    string
	Genres     []string
	AirStatus  string // Returning Series, Ended, …
	Seasons    []Season
	Unclaimed  int   // episodes nobody has requested yet
	AllSeasons []int // seasons with no claimed episode, for "request all"
	// RestEpisodes are the unclaimed episodes ("S:E") of partly claimed
	// seasons: with AllSeasons, everything still requestable.
	RestEpisodes []string
}

// Requestable reports whether any episode can still be requested.
func (s Series) Requestable() bool { return s.Unclaimed > 0 }

// Season is one season with its episodes and their statuses.
type Season struct {
	Number     int
	Name       string
	Overview   string
	AirDate    string
	PosterPath string
	Status     Status
	Episodes   []Episode
	Unclaimed  int // episodes neither claimed nor in the library
	InLibrary  int // episodes in the library
	Aired      int // episodes aired or in the library
}

// Requestable reports whether the whole season can be requested at once:
// none of its episodes is claimed.
func (s Season) Requestable() bool { return s.Unclaimed > 0 && s.Unclaimed == len(s.Episodes) }

// Episode is one episode and who holds it.
type Episode struct {
	Season, Number int
	Name           string
	AirDate        string
	Overview       string
	StillPath      string
	Status         Status
}

// Value is the episode's form value, "S:E".
func (e Episode) Value() string { return strconv.Itoa(e.Season) + ":" + strconv.Itoa(e.Number) }

// Series returns a series with its seasons, episodes and their statuses.
func (b *Browser) Series(ctx context.Context, id int64) (Series, error) {
	d, err := b.tmdb.Series(ctx, id)
	if err != nil {
		return Series{}, notFound(err)
	}
	claims, lib, err := b.titleState(ctx, domain.TV, id)
	if err != nil {
		return Series{}, err
	}
	s := Series{Item: Item{ID: d.ID, Type: domain.TV, Title: d.Name, Year: year(d.FirstAirDate), Overview: d.Overview,
		PosterPath: d.PosterPath}, Tagline: d.Tagline, Genres: genres(d.Genres), AirStatus: d.Status}
	total, inLibrary, aired := 0, 0, 0
	for _, sum := range d.Seasons {
		if sum.SeasonNumber == 0 {
			continue
		}
		raw, err := b.tmdb.Season(ctx, id, sum.SeasonNumber)
		if err != nil {
			return Series{}, notFound(err)
		}
		se := season(raw, claims, lib)
		total += len(se.Episodes)
		inLibrary += se.InLibrary
		aired += se.Aired
		s.Unclaimed += se.Unclaimed
		switch {
		case se.Requestable():
			s.AllSeasons = append(s.AllSeasons, se.Number)
		case se.Unclaimed > 0:
			for _, e := range se.Episodes {
				if !e.Status.Requested() {
					s.RestEpisodes = append(s.RestEpisodes, e.Value())
				}
			}
		}
		s.Seasons = append(s.Seasons, se)
	}
	switch {
	case inLibrary > 0:
		s.Status = availability(inLibrary, aired)
	case len(claims) == 0:
	case s.Unclaimed == 0 && total > 0:
		s.Status = mixed(statuses(claims))
	default:
		s.Status = PartiallyRequested
	}
	return s, nil
}

// Season returns one season of a series with its episodes' statuses.
func (b *Browser) Season(ctx context.Context, id int64, n int) (Season, error) {
	raw, err := b.tmdb.Season(ctx, id, n)
	if err != nil {
		return Season{}, notFound(err)
	}
	claims, lib, err := b.titleState(ctx, domain.TV, id)
	if err != nil {
		return Season{}, err
	}
	return season(raw, claims, lib), nil
}

// season merges a season's episodes with what the library holds of the
// series and the claims on it; the library wins.
func season(raw tmdb.Season, claims map[[2]int]claim, lib map[[2]int]bool) Season {
	se := Season{Number: raw.SeasonNumber, Name: raw.Name, Overview: raw.Overview, AirDate: raw.AirDate, PosterPath: raw.PosterPath}
	held := map[[2]int]domain.RequestStatus{}
	for _, e := range raw.Episodes {
		k := [2]int{raw.SeasonNumber, e.EpisodeNumber}
		var st Status
		c, claimed := claims[k]
		switch {
		case lib[k]:
			st = Available
			se.InLibrary++
		case claimed:
			st = claimStatus(c)
			held[k] = c.status
		default:
			se.Unclaimed++
		}
		if lib[k] || aired(e.AirDate) {
			se.Aired++
		}
		se.Episodes = append(se.Episodes, Episode{Season: raw.SeasonNumber, Number: e.EpisodeNumber, Name: e.Name,
			AirDate: e.AirDate, Overview: e.Overview, StillPath: e.StillPath, Status: st})
	}
	switch {
	case se.InLibrary > 0:
		se.Status = availability(se.InLibrary, se.Aired)
	case len(held) == 0:
	case se.Unclaimed == 0:
		se.Status = mixed(held)
	default:
		se.Status = PartiallyRequested
	}
	return se
}
