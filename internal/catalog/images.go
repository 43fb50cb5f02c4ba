package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Image errors.
var (
	ErrNoImage   = errors.New("catalog: no such image")
	ErrImageSize = errors.New("catalog: unknown image size")
)

type imageKind string

const (
	kindPoster   imageKind = "poster"
	kindBackdrop imageKind = "backdrop"
	kindStill    imageKind = "still"
)

// imagePath names an image the way TMDB names its files: a path under the
// image host's size directory ("/t/p/w500" + path).
func imagePath(k imageKind, id int64) string { return fmt.Sprintf("/lemedia-%s-%d.png", k, id) }

// sizes are TMDB's image size names; "original" depends on the kind.
var sizes = map[string]int{
	"w92": 92, "w154": 154, "w185": 185, "w300": 300, "w342": 342,
	"w500": 500, "w780": 780, "w1280": 1280,
}

func width(k imageKind, size string) (int, error) {
	if size == "original" {
		if k == kindPoster {
			return 500, nil
		}
		return 1280, nil
	}
	w, ok := sizes[size]
	if !ok {
		return 0, ErrImageSize
	}
	return w, nil
}

// Poster returns the PNG poster (2:3) of a film or series at a TMDB size
// ("w92" … "w780", "original" = 500×750).
func (c *Catalog) Poster(id int64, size string) ([]byte, error) {
	return c.image(kindPoster, id, size)
}

// Backdrop returns the PNG backdrop (16:9) of a film or series at a TMDB
// size ("w300", "w780", "w1280", "original" = 1280×720, …).
func (c *Catalog) Backdrop(id int64, size string) ([]byte, error) {
	return c.image(kindBackdrop, id, size)
}

// Still returns the PNG still (16:9) of an episode.
func (c *Catalog) Still(episodeID int64, size string) ([]byte, error) {
	return c.image(kindStill, episodeID, size)
}

// Image returns the PNG named by a poster, backdrop or still path as found in
// the catalogue ("/lemedia-poster-9000001.png"; the leading slash is optional).
func (c *Catalog) Image(file, size string) ([]byte, error) {
	name, ok := strings.CutPrefix(strings.TrimPrefix(file, "/"), "lemedia-")
	if !ok {
		return nil, ErrNoImage
	}
	name, ok = strings.CutSuffix(name, ".png")
	kind, num, ok2 := strings.Cut(name, "-")
	id, err := strconv.ParseInt(num, 10, 64)
	if !ok || !ok2 || err != nil || imagePath(imageKind(kind), id) != "/"+strings.TrimPrefix(file, "/") {
		return nil, ErrNoImage
	}
	return c.image(imageKind(kind), id, size)
}

func (c *Catalog) image(k imageKind, id int64, size string) ([]byte, error) {
	a, ok := c.artFor(k, id)
	if !ok {
		return nil, ErrNoImage
	}
	w, err := width(k, size)
	if err != nil {
		return nil, err
	}
	key := imageKey{k, id, w}
	if b, ok := c.images.get(key); ok {
		return b, nil
	}
	b, err := a.render(w)
	if err != nil {
		return nil, err
	}
	c.images.put(key, b)
	return append([]byte(nil), b...), nil
}

// artFor gathers what a picture shows: its title, a small caption and a seed.
func (c *Catalog) artFor(k imageKind, id int64) (art, bool) {
	a := art{seed: uint64(id)*0x9E3779B97F4A7C15 ^ uint64(len(k)), landscape: k != kindPoster}
	switch k {
	case kindPoster, kindBackdrop:
		if f, ok := c.filmByID[id]; ok {
			a.title, a.caption = f.Title, "FILM "+f.ReleaseDate[:4]
			return a, true
		}
		if s, ok := c.serByID[id]; ok {
			a.title, a.caption = s.Name, "SERIES "+s.FirstAirDate[:4]
			return a, true
		}
	case kindStill:
		if e, ok := c.episodes[id]; ok {
			a.title = e.Name
			a.caption = fmt.Sprintf("%s S%d E%d", c.serByID[e.SeriesID].Name, e.SeasonNumber, e.EpisodeNumber)
			a.seed = uint64(e.SeriesID)*0x9E3779B97F4A7C15 ^ uint64(id)
			return a, true
		}
	}
	return art{}, false
}

type imageKey struct {
	kind  imageKind
	id    int64
	width int
}

// imageCache keeps the last rendered images; the oldest goes first when full.
type imageCache struct {
	mu    sync.Mutex
	m     map[imageKey][]byte
	order []imageKey
}

const imageCacheSize = 256

func (ic *imageCache) get(k imageKey) ([]byte, bool) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	b, ok := ic.m[k]
	if !ok {
		return nil, false
	}
	return append([]byte(nil), b...), true
}

func (ic *imageCache) put(k imageKey, b []byte) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	if ic.m == nil {
		ic.m = map[imageKey][]byte{}
	}
	if _, ok := ic.m[k]; ok {
		return
	}
	if len(ic.order) >= imageCacheSize {
		delete(ic.m, ic.order[0])
		ic.order = ic.order[1:]
	}
	ic.m[k] = b
	ic.order = append(ic.order, k)
}
