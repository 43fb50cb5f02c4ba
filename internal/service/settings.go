package service

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
)

// SiteSettings are the security settings an admin changes in the UI.
type SiteSettings struct {
	MFARequired        string `json:"mfa_required"` // none, admins or all
	AuditRetentionDays int    `json:"audit_retention_days"`
	// Request limits for everyone without their own; 0 is unlimited.
	MovieQuota       int  `json:"movie_quota"`
	MovieQuotaDays   int  `json:"movie_quota_days"`
	TVQuota          int  `json:"tv_quota"`
	TVQuotaDays      int  `json:"tv_quota_days"`
	TVQuotaPerSeason bool `json:"tv_quota_per_season"` // a season counts as one request
	Maintenance      bool `json:"maintenance"`         // new requests refused with 503
	// Pending requests older than this many days are declined by the
	// expiry job; 0 keeps them until staff decide.
	PendingExpiryDays int `json:"pending_expiry_days"`
}

// SMTPSettings configure outgoing email; the password is stored sealed.
type SMTPSettings struct {
	Host           string `json:"host"`
	Port           int    `json:"port"`
	Username       string `json:"username"`
	PasswordSealed string `json:"password_sealed,omitempty"`
	From           string `json:"from"`
	TLS            string `json:"tls"` // starttls, tls or none (only for a relay on loopback)
}

const (
	siteSettingsKey = "site.security"
	smtpKey         = "smtp"
)

var defaultSettings = SiteSettings{MFARequired: "none", AuditRetentionDays: 365, MovieQuotaDays: 7, TVQuotaDays: 7, TVQuotaPerSeason: true}

// Settings returns the current site settings (defaults when unset).
//
// Every page reads them, so they are kept for a second: a change made here
// shows at once, one made by another instance within a second.
func (s *Service) Settings(ctx context.Context) SiteSettings {
	if c := s.settings.Load(); c != nil && time.Since(c.at) < time.Second {
		return c.v
	}
	out := s.loadSettings(ctx)
	s.settings.Store(&cachedSettings{v: out, at: time.Now()})
	return out
}

type cachedSettings struct {
	v  SiteSettings
	at time.Time
}

func (s *Service) loadSettings(ctx context.Context) SiteSettings {
	out := defaultSettings
	if st, err := store.GetSetting(ctx, s.Store.DB, siteSettingsKey); err == nil {
		_ = json.Unmarshal([]byte(st.Value), &out)
	}
	// Settings saved before the quota fields existed carry zero windows.
	if out.MovieQuotaDays <= 0 {
		out.MovieQuotaDays = defaultSettings.MovieQuotaDays
	}
	if out.TVQuotaDays <= 0 {
		out.TVQuotaDays = defaultSettings.TVQuotaDays
	}
	return out
}

// validQuotas checks the site-wide request limits: 0 (unlimited) to 1000
// requests per 1 to 365 days.
func validQuotas(in SiteSettings) error {
	var errs FieldErrors
	for _, f := range []struct {
		name        string
		v, min, max int
		msg         string
	}{
		{"movie_quota", in.MovieQuota, 0, 1000, "must be between 0 (no limit) and 1000"},
		{"movie_quota_days", in.MovieQuotaDays, 1, 365, "must be between 1 and 365 days"},
		{"tv_quota", in.TVQuota, 0, 1000, "must be between 0 (no limit) and 1000"},
		{"tv_quota_days", in.TVQuotaDays, 1, 365, "must be between 1 and 365 days"},
		{"pending_expiry_days", in.PendingExpiryDays, 0, 365, "must be between 0 (never) and 365 days"},
	} {
		if f.v < f.min || f.v > f.max {
			errs = append(errs, &FieldError{Field: f.name, Message: f.msg})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// UpdateSettings validates and stores site settings (admins only).
func (s *Service) UpdateSettings(ctx context.Context, m Meta, p Principal, in SiteSettings) error {
	if !p.User.Permissions.Has(domain.PermAdmin) {
		return ErrForbidden
	}
	if in.MFARequired != "none" && in.MFARequired != "admins" && in.MFARequired != "all" {
		return fieldErr("mfa_required", "must be none, admins or all")
	}
	if in.AuditRetentionDays < 30 || in.AuditRetentionDays > 3650 {
		return fieldErr("audit_retention_days", "must be between 30 and 3650 days")
	}
	// An unset window (callers that set only the security fields) is the default week.
	if in.MovieQuotaDays == 0 {
		in.MovieQuotaDays = defaultSettings.MovieQuotaDays
	}
	if in.TVQuotaDays == 0 {
		in.TVQuotaDays = defaultSettings.TVQuotaDays
	}
	if err := validQuotas(in); err != nil {
		return err
	}
	old := s.loadSettings(ctx)
	b, _ := json.Marshal(in)
	defer s.settings.Store(nil) // read afresh next time, committed or not
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.PutSetting(ctx, tx, siteSettingsKey, string(b), s.Now()); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "settings.update", "settings:security", "success",
			map[string]any{"before": old, "after": in})
	})
}

func smtpAAD() secret.AAD { return secret.AAD{Table: "app_setting", Column: "value", RowID: smtpKey} }

// SMTP returns the email settings with the password still sealed.
func (s *Service) SMTP(ctx context.Context) SMTPSettings {
	out := SMTPSettings{Port: 587, TLS: "starttls"}
	if st, err := store.GetSetting(ctx, s.Store.DB, smtpKey); err == nil {
		_ = json.Unmarshal([]byte(st.Value), &out)
	}
	return out
}

// UpdateSMTP stores email settings; an empty password keeps the stored one.
// It needs a recent re-authentication: it decides where reset links go.
func (s *Service) UpdateSMTP(ctx context.Context, m Meta, p Principal, in SMTPSettings, password string) error {
	if !p.User.Permissions.Has(domain.PermAdmin) {
		return ErrForbidden
	}
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	in.Host = strings.TrimSpace(in.Host)
	switch {
	case in.Host == "" || strings.ContainsAny(in.Host, "/ :@"):
		return fieldErr("host", "must be a host name or address")
	case in.Port < 1 || in.Port > 65535:
		return fieldErr("port", "must be 1-65535")
	case validEmail(in.From) != nil:
		return fieldErr("from", "must be an email address")
	case in.TLS != "starttls" && in.TLS != "tls" && in.TLS != "none":
		return fieldErr("tls", "must be starttls, tls or none")
	case in.TLS == "none" && !isLoopbackHost(in.Host):
		return fieldErr("tls", "unencrypted SMTP is allowed only to a relay on this machine")
	}
	in.PasswordSealed = s.SMTP(ctx).PasswordSealed
	if password != "" {
		sealed, err := s.Sealer.Seal([]byte(password), smtpAAD())
		if err != nil {
			return err
		}
		in.PasswordSealed = sealed
	}
	b, _ := json.Marshal(in)
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.PutSetting(ctx, tx, smtpKey, string(b), s.Now()); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "settings.update", "settings:smtp", "success",
			map[string]any{"host": in.Host, "port": strconv.Itoa(in.Port), "password_changed": password != ""})
	})
}

// mailer builds the configured mailer, or nil without SMTP.
func (s *Service) mailer(ctx context.Context) (Mailer, error) {
	cfg := s.SMTP(ctx)
	if cfg.Host == "" || s.Mail == nil {
		return nil, nil
	}
	pw := ""
	if cfg.PasswordSealed != "" {
		b, err := s.Sealer.Open(cfg.PasswordSealed, smtpAAD())
		if err != nil {
			return nil, errors.New("stored SMTP password cannot be opened")
		}
		pw = string(b)
	}
	return s.Mail(cfg, pw), nil
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
