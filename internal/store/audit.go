package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// AuditRow is one audit record as stored.
type AuditRow struct {
	ID        int64
	At        time.Time
	ActorID   int64 // 0: anonymous or the system
	ActorName string
	Action    string
	Target    string
	IP        string
	RequestID string
	Outcome   string
	Metadata  string // JSON object
	PrevHash  string
	Hash      string
}

// AuditMark names a row of the chain: the head (newest row) or the anchor
// (last pruned row), kept in app_setting so removing rows at either end shows.
type AuditMark struct {
	ID   int64  `json:"id"`
	Hash string `json:"hash"`
}

const (
	auditHeadKey   = "audit.head"
	auditAnchorKey = "audit.anchor"
)

// LockAudit serialises appends to the chain for the rest of tx. SQLite
// transactions here already hold the write lock from BEGIN.
func LockAudit(ctx context.Context, tx *Tx) error {
	if tx.Engine == Postgres {
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7403311)`)
		return err
	}
	return nil
}

// AuditMarkOf reads the head or anchor; the zero mark when unset.
func auditMark(ctx context.Context, q Querier, key string) (AuditMark, error) {
	var m AuditMark
	st, err := GetSetting(ctx, q, key)
	if errors.Is(err, ErrNotFound) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal([]byte(st.Value), &m)
}

// AuditHead is the newest row's mark.
func AuditHead(ctx context.Context, q Querier) (AuditMark, error) {
	return auditMark(ctx, q, auditHeadKey)
}

// AuditAnchor is the last pruned row's mark.
func AuditAnchor(ctx context.Context, q Querier) (AuditMark, error) {
	return auditMark(ctx, q, auditAnchorKey)
}

func putMark(ctx context.Context, q Querier, key string, m AuditMark, now time.Time) error {
	b, _ := json.Marshal(m)
	return PutSetting(ctx, q, key, string(b), now)
}

// InsertAudit appends a row whose hashes the caller computed under LockAudit,
// and moves the head to it.
func InsertAudit(ctx context.Context, tx *Tx, r AuditRow) (int64, error) {
	var actor any
	if r.ActorID != 0 {
		actor = r.ActorID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO audit_log
		(at, actor_id, actor_name, action, target, ip, request_id, outcome, metadata, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.At.UTC(), actor, r.ActorName, r.Action, r.Target, r.IP, r.RequestID, r.Outcome, r.Metadata, r.PrevHash, r.Hash,
	).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, putMark(ctx, tx, auditHeadKey, AuditMark{ID: id, Hash: r.Hash}, r.At)
}

// AuditFilter selects rows for the admin page and exports.
type AuditFilter struct {
	ActorID  int64
	Action   string
	Target   string
	From, To time.Time // zero: open
	Before   int64     // keyset: rows with id < Before; 0: from the newest
	Limit    int       // 0: no limit (exports)
}

// ListAudit returns matching rows, newest first.
func ListAudit(ctx context.Context, q Querier, f AuditFilter) ([]AuditRow, error) {
	w := filter{sql: `SELECT ` + auditColumns + ` FROM audit_log WHERE 1=1`}
	if f.ActorID != 0 {
		w.and("actor_id =", f.ActorID)
	}
	if f.Action != "" {
		w.and("action =", f.Action)
	}
	if f.Target != "" {
		w.and("target =", f.Target)
	}
	if !f.From.IsZero() {
		w.and("at >=", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.and("at <", f.To.UTC())
	}
	if f.Before != 0 {
		w.and("id <", f.Before)
	}
	query, args := w.limit("id DESC", f.Limit)
	return queryAll(ctx, q, query, args, scanAudit)
}

const auditColumns = `id, at, actor_id, actor_name, action, target, ip, request_id, outcome, metadata, prev_hash, hash`

func scanAudit(rows rowScanner) (AuditRow, error) {
	var r AuditRow
	var actor sql.NullInt64
	err := rows.Scan(&r.ID, &r.At, &actor, &r.ActorName, &r.Action, &r.Target, &r.IP, &r.RequestID, &r.Outcome, &r.Metadata, &r.PrevHash, &r.Hash)
	r.ActorID, r.At = actor.Int64, r.At.UTC()
	return r, err
}

// WalkAudit calls fn for every row in chain order (oldest first), in pages.
func WalkAudit(ctx context.Context, q Querier, fn func(AuditRow) error) error {
	var after int64
	for {
		rows, err := q.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000`, after)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			r, err := scanAudit(rows)
			if err == nil {
				err = fn(r)
			}
			if err != nil {
				rows.Close()
				return err
			}
			after, n = r.ID, n+1
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if n < 1000 {
			return nil
		}
	}
}

// PruneAudit deletes rows older than cutoff and moves the anchor to the last
// one deleted, so verification starts where the kept chain starts.
func PruneAudit(ctx context.Context, tx *Tx, cutoff, now time.Time) (int64, error) {
	var last AuditMark
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log WHERE at < $1 ORDER BY id DESC LIMIT 1`, cutoff.UTC()).Scan(&last.ID, &last.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE id <= $1`, last.ID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, putMark(ctx, tx, auditAnchorKey, last, now)
}
