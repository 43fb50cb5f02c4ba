package browse

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// claim is what a request holds of one film or episode: its status and,
// while processing, its download progress (0–100).
type claim struct {
	status   domain.RequestStatus
	progress int
}

// Available is the status of what a media server holds, requested or not.
var Available = statusOf(domain.StatusAvailable)

// PartiallyAvailable is the status of a series or season of which the
// library holds some but not all aired episodes.
var PartiallyAvailable = statusOf(domain.StatusPartiallyAvailable)

// claimStatus is a claim's badge: a processing download with progress
// reads "Downloading 45%".
func claimStatus(c claim) Status {
	st := statusOf(c.status)
	if c.status == domain.StatusProcessing && c.progress > 0 {
		st.Progress = min(c.progress, 100)
		st.Label = "Downloading " + strconv.Itoa(st.Progress) + "%"
	}
	return st
}

// titleState returns, for one title, its claims with their progress and
// what the library holds, keyed by {season, episode} ({0, 0} for a film).
func (b *Browser) titleState(ctx context.Context, t domain.MediaType, id int64) (map[[2]int]claim, map[[2]int]bool, error) {
	rows, err := b.store.DB.QueryContext(ctx, `SELECT c.season, c.episode, r.status, COALESCE(i.progress, r.progress)
		FROM media_claim c JOIN media_request r ON r.id = c.request_id
		LEFT JOIN request_item i ON i.request_id = c.request_id AND i.season = c.season AND i.episode = c.episode
		WHERE c.media_type = $1 AND c.tmdb_id = $2 AND c.is_4k = FALSE`, string(t), id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	claims := map[[2]int]claim{}
	for rows.Next() {
		var k [2]int
		var c claim
		var st string
		if err := rows.Scan(&k[0], &k[1], &st, &c.progress); err != nil {
			return nil, nil, err
		}
		c.status = domain.RequestStatus(st)
		claims[k] = c
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	lib, err := store.InLibrary(ctx, b.store.DB, t, []int64{id})
	if err != nil {
		return nil, nil, err
	}
	return claims, lib[id], nil
}

// statuses is the request statuses of a set of claims, for mixed.
func statuses(claims map[[2]int]claim) map[[2]int]domain.RequestStatus {
	out := make(map[[2]int]domain.RequestStatus, len(claims))
	for k, c := range claims {
		out[k] = c.status
	}
	return out
}

// availability is the status of a series or season from its episode
// counts: available when the library holds every aired episode, partially
// available when some; zero when none.
func availability(inLibrary, aired int) Status {
	switch {
	case inLibrary == 0:
		return Status{}
	case inLibrary >= aired:
		return Available
	}
	return PartiallyAvailable
}

// aired reports whether an episode has aired by today.
func aired(airDate string) bool {
	return airDate != "" && airDate <= time.Now().UTC().Format(time.DateOnly)
}

type titleKey struct {
	t  domain.MediaType
	id int64
}

// cardState is what a card's badge needs of its title.
type cardState struct {
	claims    []claim // one per distinct status and progress
	inLibrary bool
}

// cardStates reads the claims and library presence of every title on the
// given cards in one query.
func (b *Browser) cardStates(ctx context.Context, lists ...[]Item) (map[titleKey]cardState, error) {
	ids := map[domain.MediaType][]int64{}
	for _, list := range lists {
		for _, it := range list {
			ids[it.Type] = append(ids[it.Type], it.ID)
		}
	}
	out := map[titleKey]cardState{}
	// where matches the titles; its ids are int64s and its types known
	// constants, never text from outside.
	where := func(prefix string) string {
		var conds []string
		for _, t := range []domain.MediaType{domain.Movie, domain.TV} {
			if len(ids[t]) == 0 {
				continue
			}
			parts := make([]string, len(ids[t]))
			for i, id := range ids[t] {
				parts[i] = strconv.FormatInt(id, 10)
			}
			conds = append(conds, "("+prefix+"media_type = '"+string(t)+"' AND "+prefix+"tmdb_id IN ("+strings.Join(parts, ",")+"))")
		}
		return strings.Join(conds, " OR ")
	}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := b.store.DB.QueryContext(ctx, `SELECT DISTINCT c.media_type, c.tmdb_id, 0, r.status, r.progress
		FROM media_claim c JOIN media_request r ON r.id = c.request_id WHERE c.is_4k = FALSE AND (`+where("c.")+`)
		UNION ALL
		SELECT DISTINCT media_type, tmdb_id, 1, '', 0 FROM library_item WHERE `+where(""))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var typ, st string
		var k titleKey
		var lib int
		var c claim
		if err := rows.Scan(&typ, &k.id, &lib, &st, &c.progress); err != nil {
			return nil, err
		}
		k.t = domain.MediaType(typ)
		s := out[k]
		if lib == 1 {
			s.inLibrary = true
		} else {
			c.status = domain.RequestStatus(st)
			s.claims = append(s.claims, c)
		}
		out[k] = s
	}
	return out, rows.Err()
}
