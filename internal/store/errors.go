package store

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrConflict is returned when a write would break a uniqueness rule.
type ErrConflict struct{ Constraint string }

func (e *ErrConflict) Error() string { return "conflict on " + e.Constraint }

// conflict turns a unique-constraint violation of either engine into
// *ErrConflict naming the column or index; other errors pass through.
func conflict(err error) error {
	if err == nil {
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return &ErrConflict{Constraint: pg.ConstraintName}
	}
	// SQLite: "constraint failed: UNIQUE constraint failed: app_user.username_key (2067)"
	msg := err.Error()
	if i := strings.Index(msg, "UNIQUE constraint failed: "); i >= 0 {
		rest := msg[i+len("UNIQUE constraint failed: "):]
		if j := strings.IndexAny(rest, " ,("); j >= 0 {
			rest = rest[:j]
		}
		return &ErrConflict{Constraint: strings.ReplaceAll(rest, ".", "_")}
	}
	return err
}

// IsConflict reports whether err is a conflict on a constraint containing name.
func IsConflict(err error, name string) bool {
	var c *ErrConflict
	return errors.As(err, &c) && strings.Contains(c.Constraint, name)
}
