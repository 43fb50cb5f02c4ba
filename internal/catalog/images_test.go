package catalog

import (
	"bytes"
	"errors"
	"image/png"
	"testing"
)

func TestImagesArePNGsOfTheRightSize(t *testing.T) {
	c := Default()
	f, s := c.Films()[0], c.AllSeries()[0]
	ep := s.Seasons[0].Episodes[0]
	for _, tc := range []struct {
		name string
		get  func() ([]byte, error)
		w, h int
	}{
		{"poster original", func() ([]byte, error) { return c.Poster(f.ID, "original") }, 500, 750},
		{"poster w500", func() ([]byte, error) { return c.Poster(s.ID, "w500") }, 500, 750},
		{"poster w92", func() ([]byte, error) { return c.Poster(f.ID, "w92") }, 92, 138},
		{"backdrop original", func() ([]byte, error) { return c.Backdrop(f.ID, "original") }, 1280, 720},
		{"backdrop w780", func() ([]byte, error) { return c.Backdrop(s.ID, "w780") }, 780, 438},
		{"still w300", func() ([]byte, error) { return c.Still(ep.ID, "w300") }, 300, 168},
		{"by path", func() ([]byte, error) { return c.Image(f.PosterPath(), "w185") }, 185, 277},
		{"still by path", func() ([]byte, error) { return c.Image(ep.StillPath(), "w92") }, 92, 51},
	} {
		b, err := tc.get()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := img.Bounds().Size(); got.X != tc.w || got.Y != tc.h {
			t.Errorf("%s: %v, want %dx%d", tc.name, got, tc.w, tc.h)
		}
		if len(b) > 200_000 {
			t.Errorf("%s: %d bytes", tc.name, len(b))
		}
	}
}

func TestImagesDifferByTitleAndAreStable(t *testing.T) {
	c := Default()
	seen := map[string]string{}
	for _, f := range c.Films()[:10] {
		b, err := c.Poster(f.ID, "w154")
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := seen[string(b)]; dup {
			t.Errorf("%s and %s have the same poster", prev, f.Title)
		}
		seen[string(b)] = f.Title
		// A fresh catalogue (no cache) draws the same bytes.
		fresh, _ := parse(mustRead(t, "data/films.json"), mustRead(t, "data/series.json"))
		again, _ := fresh.Poster(f.ID, "w154")
		if !bytes.Equal(b, again) {
			t.Errorf("%s: poster differs between renders", f.Title)
		}
	}
	a, _ := c.Poster(9_000_001, "w300")
	b, _ := c.Backdrop(9_000_001, "w300")
	if bytes.Equal(a, b) {
		t.Error("poster and backdrop are the same")
	}
	// Callers get their own copy: scribbling on it does not reach the cache.
	a[len(a)-1] ^= 0xff
	if again, _ := c.Poster(9_000_001, "w300"); bytes.Equal(a, again) {
		t.Error("cache shares its bytes with callers")
	}
}

func TestImageErrors(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		name string
		err  error
		get  func() ([]byte, error)
	}{
		{"bad size", ErrImageSize, func() ([]byte, error) { return c.Poster(9_000_001, "w999") }},
		{"unknown id", ErrNoImage, func() ([]byte, error) { return c.Poster(1, "w92") }},
		{"episode id as poster", ErrNoImage, func() ([]byte, error) { return c.Poster(9_300_001, "w92") }},
		{"film id as still", ErrNoImage, func() ([]byte, error) { return c.Still(9_000_001, "w92") }},
		{"foreign file", ErrNoImage, func() ([]byte, error) { return c.Image("/6FfCtAuVAW8XJjZ7eWeLibRLWTw.jpg", "w92") }},
		{"odd kind", ErrNoImage, func() ([]byte, error) { return c.Image("/lemedia-logo-9000001.png", "w92") }},
		{"padded id", ErrNoImage, func() ([]byte, error) { return c.Image("/lemedia-poster-09000001.png", "w92") }},
		{"no suffix", ErrNoImage, func() ([]byte, error) { return c.Image("/lemedia-poster-9000001", "w92") }},
		{"traversal", ErrNoImage, func() ([]byte, error) { return c.Image("../lemedia-poster-9000001.png", "w92") }},
	} {
		if _, err := tc.get(); !errors.Is(err, tc.err) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := data.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
