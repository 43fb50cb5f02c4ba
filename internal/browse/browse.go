// Package browse is the read side of the catalogue: discover rows, search
// and title pages as view models, with each title's request status merged
// in from the store. It writes nothing.
package browse

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/metadata"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/upstream/tmdb"
)

// ErrNotFound means no such title (or season).
var ErrNotFound = errors.New("browse: no such title")

// Browser answers the catalogue pages.
type Browser struct {
	store *store.Store
	tmdb  *tmdb.Client
	// Builtin is true when the metadata is the built-in, fictional catalogue.
	Builtin bool
}

// New builds a Browser over the store and the metadata source.
func New(st *store.Store, src *metadata.Source) *Browser {
	return &Browser{store: st, tmdb: src.TMDB, Builtin: src.Builtin != nil}
}

// Status is a badge: Key is a request status or "partially_requested"
// (used as a CSS class suffix), Label the text shown, Progress a
// processing download's percentage (0 unknown). Zero: not requested.
type Status struct {
	Key      string
	Label    string
	Progress int
}

// Requested reports whether anything of the title is claimed.
func (s Status) Requested() bool { return s.Key != "" }

// PartiallyRequested is the status of a series or season of which only
// some episodes are claimed.
var PartiallyRequested = Status{Key: "partially_requested", Label: "Partially requested"}

func statusOf(s domain.RequestStatus) Status {
	if s == "" {
		return Status{}
	}
	label := strings.ReplaceAll(string(s), "_", " ")
	return Status{Key: string(s), Label: strings.ToUpper(label[:1]) + label[1:]}
}

// Item is one card: a film or a series.
type Item struct {
	ID         int64
	Type       domain.MediaType
	Title      string
	Year       string
	Overview   string
	PosterPath string
	Status     Status
}

// Href is the item's title page.
func (it Item) Href() string {
	if it.Type == domain.TV {
		return "/tv/" + itoa(it.ID)
	}
	return "/movie/" + itoa(it.ID)
}

// TypeLabel names the kind of title.
func (it Item) TypeLabel() string {
	if it.Type == domain.TV {
		return "Series"
	}
	return "Film"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func year(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}

// items turns TMDB results into cards, leaving out people.
func items(rs []tmdb.Result) []Item {
	out := make([]Item, 0, len(rs))
	for _, r := range rs {
		var t domain.MediaType
		switch r.MediaType {
		case tmdb.Movie:
			t = domain.Movie
		case tmdb.TV:
			t = domain.TV
		default:
			continue
		}
		out = append(out, Item{ID: r.ID, Type: t, Title: r.Title, Year: year(r.Date), Overview: r.Overview, PosterPath: r.PosterPath})
	}
	return out
}

// withStatuses fills in each card's badge from the library and the
// claims on its title: one query for the whole list.
func (b *Browser) withStatuses(ctx context.Context, list []Item) error {
	states, err := b.cardStates(ctx, list)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Status = cardStatus(list[i].Type, states[titleKey{list[i].Type, list[i].ID}])
	}
	return nil
}

// cardStatus summarises a title for a card; the library wins over
// requests. A card does not know every episode of a series, so it says
// only "Requested", or "Partly available" once some are in the library;
// the series page has the detail.
func cardStatus(t domain.MediaType, s cardState) Status {
	partly := Status{Key: string(domain.StatusPartiallyAvailable), Label: "Partly available"}
	switch {
	case s.inLibrary && t == domain.Movie:
		return Available
	case s.inLibrary:
		return partly
	case len(s.claims) == 0:
		return Status{}
	case t == domain.Movie:
		return claimStatus(s.claims[0]) // a film has one claim
	}
	claims := map[[2]int]domain.RequestStatus{} // one entry per distinct status is all mixed needs
	for j, c := range s.claims {
		claims[[2]int{0, j}] = c.status
	}
	st := mixed(claims)
	switch st.Key {
	case string(domain.StatusAvailable), string(domain.StatusPartiallyAvailable):
		return partly
	}
	return Status{Key: st.Key, Label: "Requested"}
}

// mixed is the status of a set of claimed episodes: their common status,
// or, when they differ, partially available if any is in the library.
func mixed(claims map[[2]int]domain.RequestStatus) Status {
	var first domain.RequestStatus
	same, anyAvail, anyPending := true, false, false
	for _, s := range claims {
		if first == "" {
			first = s
		} else if s != first {
			same = false
		}
		anyAvail = anyAvail || s == domain.StatusAvailable || s == domain.StatusPartiallyAvailable
		anyPending = anyPending || s == domain.StatusPending
	}
	switch {
	case same:
		return statusOf(first)
	case anyAvail:
		return statusOf(domain.StatusPartiallyAvailable)
	case anyPending:
		return statusOf(domain.StatusPending)
	}
	return statusOf(domain.StatusProcessing)
}

func notFound(err error) error {
	if errors.Is(err, tmdb.ErrNotFound) {
		return ErrNotFound
	}
	return err
}
