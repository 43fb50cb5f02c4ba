package catalog

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Search finds titles whose title or original title contains the query,
// ignoring case, accents and punctuation. Exact matches rank first, then
// prefixes, then word prefixes, then other substrings; popularity breaks ties.
func (c *Catalog) Search(query string, k Kind) []Entry {
	q := fold(query)
	if q == "" {
		return nil
	}
	type hit struct {
		e     Entry
		score int
	}
	var hits []hit
	for _, e := range c.entries(k) {
		s := max(matchScore(q, fold(e.Title())), matchScore(q, fold(e.OriginalTitle())))
		if s > 0 {
			hits = append(hits, hit{e, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return byPopularity(a.e, b.e)
	})
	out := make([]Entry, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out
}

func matchScore(q, s string) int {
	switch {
	case s == q:
		return 4
	case strings.HasPrefix(s, q):
		return 3
	case strings.Contains(" "+s, " "+q):
		return 2
	case strings.Contains(s, q):
		return 1
	}
	return 0
}

// fold lowers s, strips accents and turns runs of anything that is not a
// letter or digit into one space.
func fold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range stripAccents(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// stripAccents decomposes s and drops the combining marks: "Ú" becomes "U".
func stripAccents(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s))
}

// byPopularity orders by popularity (highest first), then by id.
func byPopularity(a, b Entry) int {
	if c := cmp.Compare(b.Popularity(), a.Popularity()); c != 0 {
		return c
	}
	return cmp.Compare(a.ID(), b.ID())
}
