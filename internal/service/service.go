// Package service holds LeMedia's use cases. Every rule about who may do what
// lives here, so the pages, the API and the CLI obey the same ones. A use case
// writes its audit row in the same transaction as its change.
package service

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/lemedia/lemedia/internal/audit"
	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
)

// Mailer sends one plain-text email.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// MailerFactory builds the mailer from the current SMTP settings; nil when
// email is not configured.
type MailerFactory func(s SMTPSettings, password string) Mailer

// Options configure the service.
type Options struct {
	Store          *store.Store
	Hasher         *auth.Hasher
	Sealer         *secret.Sealer
	Log            *slog.Logger
	Now            func() time.Time
	BaseURL        *url.URL // links in emails; nil: relative links only
	SessionIdle    time.Duration
	SessionMaxAge  time.Duration
	ReauthWindow   time.Duration
	SessionBinding string // off, warn or enforce
	Mail           MailerFactory
	Issuer         string // TOTP issuer shown in authenticator apps
	Metadata       Metadata
	Handoff        Handoff        // nil: approved requests wait for the job system
	JobControl     JobControl     // nil: no job system (the jobs page is empty)
	Sender         Sender         // nil: no Radarr/Sonarr; approved requests wait
	Tracker        Tracker        // nil: no download progress
	Library        LibraryScanner // nil: no media servers
	// Prober tests service connections for the settings pages; nil: tests
	// are unavailable.
	Prober ServiceProber
}

// Service runs the use cases.
type Service struct {
	Options
	ownerExists atomicFlag
	settings    atomic.Pointer[cachedSettings]
	counts      countsCache                 // request counts, see request_counts.go
	rows        rowCache                    // request list rows, see request_rows.go
	sessions    sessionCache                // signed-in sessions, see session_cache.go
	cacheNow    func() time.Time            // ages of those caches; nil: time.Now (tests move it)
	openIssues  atomic.Pointer[issuesEntry] // the navigation's open issues
}

// New returns a Service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Issuer == "" {
		o.Issuer = "LeMedia"
	}
	return &Service{Options: o}
}

// Meta is what a use case knows about the request that called it.
type Meta struct {
	IP        string
	RequestID string
	UserAgent string
}

// Principal is a signed-in user and the session they use; the user is read
// fresh from the database on every request.
type Principal struct {
	User    domain.User
	Session store.Session
}

// Errors a caller maps to a status.
var (
	ErrNotFound           = errors.New("not found")
	ErrForbidden          = errors.New("forbidden")
	ErrInvalidCredentials = errors.New("incorrect username or password")
	ErrReauthRequired     = errors.New("confirm your password to continue")
	ErrSetupDone          = errors.New("setup is already complete")
	ErrBusy               = errors.New("too many sign-ins at once; try again in a moment")
	ErrInvalidCode        = errors.New("that code is not valid")
	ErrInvalidToken       = errors.New("this link is invalid or has expired")
)

// FieldError is bad input, naming the form field.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, msg string) error { return &FieldError{Field: field, Message: msg} }

// FieldErrors are several bad inputs found at once.
type FieldErrors []*FieldError

func (e FieldErrors) Error() string { return e[0].Error() }

// collect joins the field errors among errs; nil when there are none.
func collect(errs ...error) error {
	var out FieldErrors
	for _, err := range errs {
		if fe, ok := err.(*FieldError); ok {
			out = append(out, fe)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// record writes an audit row for an action by actor (nil: anonymous).
func (s *Service) record(ctx context.Context, tx *store.Tx, m Meta, actor *domain.User, action, target, outcome string, meta map[string]any) error {
	e := audit.Event{At: s.Now(), Action: action, Target: target, IP: m.IP, RequestID: m.RequestID, Outcome: outcome, Metadata: meta}
	if actor != nil {
		e.ActorID, e.ActorName = actor.ID, actor.Username
	}
	return audit.Record(ctx, tx, e)
}

// recordAlone writes an audit row in its own transaction (failures, where
// nothing else changes).
func (s *Service) recordAlone(ctx context.Context, m Meta, actor *domain.User, action, target, outcome string, meta map[string]any) {
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return s.record(ctx, tx, m, actor, action, target, outcome, meta) })
	if err != nil {
		s.Log.Error("audit write failed", "action", action, "error", err)
	}
}

func userTarget(id int64) string { return "user:" + itoa(id) }
