// Package audit writes the append-only, hash-chained audit log and verifies it.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/store"
)

// Outcomes of an audited action.
const (
	Success = "success"
	Failure = "failure"
	Denied  = "denied"
)

// Event is one security or admin action.
type Event struct {
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string // e.g. "auth.login", "user.suspend"
	Target    string // e.g. "user:42"
	IP        string
	RequestID string
	Outcome   string
	Metadata  map[string]any // small; never secrets
}

// Record appends e inside tx, chained to the row before it. Call it in the
// same transaction as the action, so both happen or neither does.
func Record(ctx context.Context, tx *store.Tx, e Event) error {
	if err := store.LockAudit(ctx, tx); err != nil {
		return err
	}
	head, err := store.AuditHead(ctx, tx)
	if err != nil {
		return err
	}
	meta := "{}"
	if len(e.Metadata) > 0 {
		b, err := json.Marshal(e.Metadata)
		if err != nil {
			return err
		}
		meta = string(b)
	}
	r := store.AuditRow{
		// Microseconds: what PostgreSQL keeps, so the hash survives a round trip.
		At: e.At.UTC().Truncate(time.Microsecond), ActorID: e.ActorID, ActorName: e.ActorName, Action: e.Action,
		Target: e.Target, IP: e.IP, RequestID: e.RequestID, Outcome: e.Outcome, Metadata: meta, PrevHash: head.Hash,
	}
	r.Hash = Hash(r)
	_, err = store.InsertAudit(ctx, tx, r)
	return err
}

// Hash covers every field of a row but its id and its own hash, and the
// previous row's hash: an edit, an insertion or a removal breaks the chain.
func Hash(r store.AuditRow) string {
	h := sha256.New()
	for _, f := range []string{r.PrevHash, r.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(r.ActorID, 10), r.ActorName,
		r.Action, r.Target, r.IP, r.RequestID, r.Outcome, r.Metadata} {
		fmt.Fprintf(h, "%d:%s;", len(f), f) // length-prefixed: no ambiguity between fields
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Problem describes where verification failed.
type Problem struct {
	RowID  int64
	Reason string
}

func (p *Problem) Error() string { return fmt.Sprintf("audit row %d: %s", p.RowID, p.Reason) }

// Verify walks the chain from the anchor to the head and returns the first
// row that was changed, inserted or removed, or nil and the number of rows.
func Verify(ctx context.Context, q store.Querier) (int, *Problem, error) {
	anchor, err := store.AuditAnchor(ctx, q)
	if err != nil {
		return 0, nil, err
	}
	head, err := store.AuditHead(ctx, q)
	if err != nil {
		return 0, nil, err
	}
	prev, prevID, n := anchor.Hash, anchor.ID, 0
	var found *Problem
	err = store.WalkAudit(ctx, q, func(r store.AuditRow) error {
		switch {
		case r.PrevHash != prev:
			found = &Problem{r.ID, fmt.Sprintf("does not follow row %d: a row before it was removed or changed", prevID)}
		case Hash(r) != r.Hash:
			found = &Problem{r.ID, "content was changed"}
		}
		if found != nil {
			return errStop
		}
		prev, prevID, n = r.Hash, r.ID, n+1
		return nil
	})
	if err != nil && err != errStop {
		return n, nil, err
	}
	if found == nil && (prevID != head.ID || prev != head.Hash) {
		found = &Problem{head.ID, fmt.Sprintf("the newest row was removed or changed (chain ends at row %d)", prevID)}
	}
	return n, found, nil
}

var errStop = fmt.Errorf("stop")
