package browse

import (
	"context"
	"strconv"

	"github.com/lemedia/lemedia/internal/domain"
)

// Status4K is a title's 4K track, shown apart from the standard one: the
// status of the 4K request holding a film, or for a series how many
// episodes 4K requests hold (with their status when they all agree).
type Status4K struct {
	Status
	Episodes int // series: episodes held by 4K requests
}

// TitleStatus4K reads the 4K claims of one title.
func (b *Browser) TitleStatus4K(ctx context.Context, t domain.MediaType, id int64) (Status4K, error) {
	rows, err := b.store.DB.QueryContext(ctx, `SELECT r.status, r.progress FROM media_claim c JOIN media_request r ON r.id = c.request_id
		WHERE c.media_type = $1 AND c.tmdb_id = $2 AND c.is_4k = TRUE`, string(t), id)
	if err != nil {
		return Status4K{}, err
	}
	defer rows.Close()
	var out Status4K
	mixed := false
	for rows.Next() {
		var st string
		var progress int
		if err := rows.Scan(&st, &progress); err != nil {
			return Status4K{}, err
		}
		c := claimStatus(claim{status: domain.RequestStatus(st), progress: progress})
		if out.Episodes > 0 && c.Key != out.Key {
			mixed = true
		}
		if out.Episodes == 0 {
			out.Status = c
		}
		out.Episodes++
	}
	if mixed {
		out.Status = Status{Key: "requested", Label: strconv.Itoa(out.Episodes) + " episodes requested"}
	}
	return out, rows.Err()
}
