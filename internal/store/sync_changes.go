package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// SyncChange is what a status or library sync decided for one request:
// Next is the request as it should be (status, progress, and every episode's
// status and progress), From the status the sync read.
type SyncChange struct {
	From   domain.RequestStatus
	Next   domain.Request
	Reason string // of a change of status, for the request's history
}

// syncChunk bounds the rows of one statement: far below both engines'
// parameter limits (a row has at most 4 parameters).
const syncChunk = 500

// ApplySyncChanges stores a page of a sync's decisions in a handful of
// statements, whatever their number: what MoveRequest (with no actor) and
// then an update of the progress and the episodes would do for each, one
// statement per kind of write for the whole page instead of four to twelve
// per request. A status change whose request is no longer in From (moved
// meanwhile) is left out, as MoveRequest would refuse it; applied tells
// which changes were stored. A sync never declines, so the decline reason
// is left as it is.
func ApplySyncChanges(ctx context.Context, tx *Tx, changes []SyncChange, now time.Time) (applied []bool, err error) {
	applied = make([]bool, len(changes))
	var moves, stays []int // indexes: changes of status, changes of progress only
	for i, c := range changes {
		if c.Next.Status != c.From {
			moves = append(moves, i)
		} else {
			stays = append(stays, i)
		}
	}
	// Status and progress of the moved, where they are still in From.
	for part := range chunks(moves) {
		v := newValues(tx.Engine, now.UTC()) // the first parameter: updated_at, before the rows in the text
		for _, i := range part {
			c := changes[i]
			v.row(c.Next.ID, string(c.From), string(c.Next.Status), c.Next.Progress)
		}
		rows, err := tx.QueryContext(ctx, `UPDATE media_request SET status = v.column3, progress = v.column4, updated_at = `+v.param(1)+`
			FROM (VALUES `+v.text()+`) AS v WHERE media_request.id = v.column1 AND media_request.status = v.column2 RETURNING id`, v.args...)
		if err != nil {
			return nil, err
		}
		moved := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			moved[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, i := range part {
			applied[i] = moved[changes[i].Next.ID]
		}
	}
	// Progress only.
	for part := range chunks(stays) {
		v := newValues(tx.Engine)
		for _, i := range part {
			v.row(changes[i].Next.ID, changes[i].Next.Progress)
			applied[i] = true
		}
		if _, err := tx.ExecContext(ctx, `UPDATE media_request SET progress = v.column2 FROM (VALUES `+v.text()+`) AS v
			WHERE media_request.id = v.column1`, v.args...); err != nil {
			return nil, err
		}
	}
	var done []int
	for i := range changes {
		if applied[i] {
			done = append(done, i)
		}
	}
	if len(done) == 0 {
		return applied, nil
	}
	wrote(tx, &requestsVersion)
	if err := syncItems(ctx, tx, changes, done); err != nil {
		return nil, err
	}
	// History of the moved; claims of those that are no longer active.
	var events []int
	var released []int64
	for _, i := range done {
		if changes[i].Next.Status != changes[i].From {
			events = append(events, i)
			if !changes[i].Next.Status.Active() {
				released = append(released, changes[i].Next.ID)
			}
		}
	}
	for part := range chunks(events) {
		v := newValues(tx.Engine)
		for _, i := range part {
			c := changes[i]
			v.row(c.Next.ID, now.UTC(), string(c.From), string(c.Next.Status), c.Reason)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_event (request_id, at, from_status, to_status, reason) VALUES `+v.text(), v.args...); err != nil {
			return nil, err
		}
	}
	if len(released) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM media_claim WHERE request_id IN (`+joinIDs(released)+`)`); err != nil {
			return nil, err
		}
	}
	return applied, nil
}

// syncItems sets the episodes of the applied changes: one row per request
// whose episodes all share a status and progress (the usual case: a season
// downloaded, or gone), one per episode otherwise.
func syncItems(ctx context.Context, tx *Tx, changes []SyncChange, done []int) error {
	var whole, each []int
	for _, i := range done {
		switch items := changes[i].Next.Items; {
		case len(items) == 0:
		case uniform(items):
			whole = append(whole, i)
		default:
			each = append(each, i)
		}
	}
	for part := range chunks(whole) {
		v := newValues(tx.Engine)
		for _, i := range part {
			it := changes[i].Next.Items[0]
			v.row(changes[i].Next.ID, string(it.Status), it.Progress)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE request_item SET status = v.column2, progress = v.column3 FROM (VALUES `+v.text()+`) AS v
			WHERE request_item.request_id = v.column1`, v.args...); err != nil {
			return err
		}
	}
	var rows [][5]any
	for _, i := range each {
		for _, it := range changes[i].Next.Items {
			rows = append(rows, [5]any{changes[i].Next.ID, it.Season, it.Episode, string(it.Status), it.Progress})
		}
	}
	for len(rows) > 0 {
		n := min(len(rows), syncChunk)
		v := newValues(tx.Engine)
		for _, r := range rows[:n] {
			v.row(r[:]...)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE request_item SET status = v.column4, progress = v.column5 FROM (VALUES `+v.text()+`) AS v
			WHERE request_item.request_id = v.column1 AND request_item.season = v.column2 AND request_item.episode = v.column3`, v.args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// uniform reports whether every item has the same status and progress.
func uniform(items []domain.RequestItem) bool {
	for _, it := range items[1:] {
		if it.Status != items[0].Status || it.Progress != items[0].Progress {
			return false
		}
	}
	return true
}

// chunks yields idx in parts of at most syncChunk.
func chunks(idx []int) func(yield func([]int) bool) {
	return func(yield func([]int) bool) {
		for len(idx) > 0 {
			n := min(len(idx), syncChunk)
			if !yield(idx[:n]) {
				return
			}
			idx = idx[n:]
		}
	}
}

// values builds the rows of a VALUES list: numbers are written into the
// text (they are ints of ours, never text from outside), which also gives
// the columns a numeric type on PostgreSQL; everything else is a parameter.
// On SQLite parameters are anonymous "?": numbered ones cost SQLite a search
// by name per parameter (see UpsertLibraryItems).
type values struct {
	engine Engine
	sb     strings.Builder
	args   []any
}

// newValues starts a list; args come before the rows' parameters (in the
// text too, on SQLite, where parameters bind in order).
func newValues(e Engine, args ...any) *values { return &values{engine: e, args: args} }

func (v *values) row(cols ...any) {
	if v.sb.Len() > 0 {
		v.sb.WriteByte(',')
	}
	v.sb.WriteByte('(')
	for i, c := range cols {
		if i > 0 {
			v.sb.WriteByte(',')
		}
		switch n := c.(type) {
		case int:
			v.sb.WriteString(strconv.Itoa(n))
		case int64:
			v.sb.WriteString(strconv.FormatInt(n, 10))
		default:
			v.args = append(v.args, c)
			v.sb.WriteString(v.param(len(v.args)))
		}
	}
	v.sb.WriteByte(')')
}

// param is the placeholder of the n-th argument.
func (v *values) param(n int) string {
	if v.engine == SQLite {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

func (v *values) text() string { return v.sb.String() }
