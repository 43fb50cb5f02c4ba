package service

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
)

// ServiceProber connects to a media service and lists what its settings
// form offers. It lives outside this package (internal/probe) so use cases
// need no upstream client; it must use the SSRF-guarded outbound client.
type ServiceProber interface {
	Probe(ctx context.Context, kind, baseURL string, key secret.Secret) ProbeResult
}

// ProbeResult is a connection test's answer: ok with the version and the
// choices, or the kind of failure. It never carries the upstream body.
type ProbeResult struct {
	// Failure is "" when connected, else one of: dns, refused (an address
	// the outbound policy does not allow), connect, timeout, tls,
	// unauthorized, not_found, http_status, too_large, redirect,
	// bad_response, canceled, wrong_service (a Sonarr at a Radarr's URL…).
	Failure string
	Status  int // the HTTP status, for http_status
	Version string
	Choices ServiceChoices
}

// OK reports whether the service answered with the key accepted.
func (r ProbeResult) OK() bool { return r.Failure == "" }

// ServiceChoices are the lists the form's dropdowns and boxes offer.
type ServiceChoices struct {
	QualityProfiles  []Choice `json:"qp,omitempty"`
	RootFolders      []Choice `json:"rf,omitempty"`
	Tags             []Choice `json:"tg,omitempty"`
	LanguageProfiles []Choice `json:"lp,omitempty"`
	Libraries        []Choice `json:"lb,omitempty"`
}

// Choice is one option: the value stored and what the admin reads.
type Choice struct {
	Value string `json:"v"`
	Label string `json:"l"`
}

// ServiceTest is a connection test and, when the admin typed a key, that
// key sealed for them alone for a few minutes so the form can be saved
// without typing it again and without the key ever being in the page.
type ServiceTest struct {
	ProbeResult
	KeyToken string
}

// keyTokenTTL is how long a tested key is remembered.
const keyTokenTTL = 15 * time.Minute

type keyTokenBlob struct {
	Key     string    `json:"k"`
	Expires time.Time `json:"e"`
}

func keyTokenAAD(userID int64) secret.AAD {
	return secret.AAD{Table: "service_test", Column: "api_key", RowID: itoa(userID)}
}

func (s *Service) keyToken(p Principal, key secret.Secret) (string, error) {
	b, _ := json.Marshal(keyTokenBlob{Key: key.Reveal(), Expires: s.Now().Add(keyTokenTTL)})
	return s.Sealer.Seal(b, keyTokenAAD(p.User.ID))
}

// KeepServiceKey seals a typed key for this admin for a few minutes, so a
// form sent back with an error need not show the key or ask for it again.
func (s *Service) KeepServiceKey(p Principal, key secret.Secret) (string, error) {
	if key.IsZero() || !printableKey(key.Reveal()) || len(key.Reveal()) > 512 {
		return "", nil
	}
	return s.keyToken(p, key)
}

func (s *Service) openKeyToken(p Principal, token string) (secret.Secret, bool) {
	raw, err := s.Sealer.Open(token, keyTokenAAD(p.User.ID))
	var blob keyTokenBlob
	if err != nil || json.Unmarshal(raw, &blob) != nil || !s.Now().Before(blob.Expires) || blob.Key == "" {
		return secret.Secret{}, false
	}
	return secret.New(blob.Key), true
}

// inputKey is the key a form brings: typed, or remembered from a test.
// Zero means none (keep the stored one).
func (s *Service) inputKey(p Principal, in MediaServiceInput) (secret.Secret, error) {
	if k := in.APIKey.Reveal(); k != "" {
		if len(k) > 512 || !printableKey(k) {
			return secret.Secret{}, fieldErr("api_key", "must be printable characters without spaces or quotes")
		}
		return in.APIKey, nil
	}
	if in.KeyToken == "" {
		return secret.Secret{}, nil
	}
	k, ok := s.openKeyToken(p, in.KeyToken)
	if !ok {
		return secret.Secret{}, fieldErr("api_key", "the tested key was kept for 15 minutes only; enter it again")
	}
	return k, nil
}

func printableKey(k string) bool {
	for _, r := range k {
		if r <= ' ' || r >= 0x7f || r == '"' || r == '\\' {
			return false
		}
	}
	return true
}

// TestMediaService connects to the service the form describes and lists
// its profiles, folders, tags or libraries. Without a typed key it uses the
// stored one, but sends it to another address than the saved one only after
// a recent re-authentication: otherwise a stolen admin session could test a
// service against its own server and read the key there. Every test is
// audited with its outcome.
func (s *Service) TestMediaService(ctx context.Context, m Meta, p Principal, in MediaServiceInput) (ServiceTest, error) {
	if err := requireAdmin(p); err != nil {
		return ServiceTest{}, err
	}
	if s.Prober == nil {
		return ServiceTest{}, errors.New("no service prober configured")
	}
	kind := in.Kind
	if !slices.Contains(ServiceKinds, kind) {
		return ServiceTest{}, fieldErr("kind", "must be radarr, sonarr, jellyfin or plex")
	}
	var urlErr error
	base, ok := normalizeBaseURL(in.BaseURL)
	if !ok {
		urlErr = fieldErr("base_url", badURL)
	}
	key, err := s.inputKey(p, in)
	if err := joinFieldErrors(urlErr, err); err != nil {
		return ServiceTest{}, err
	}
	var out ServiceTest
	if key.IsZero() {
		if key, err = s.storedKeyFor(ctx, p, in.ID, kind, base); err != nil {
			return ServiceTest{}, err
		}
	} else if out.KeyToken, err = s.keyToken(p, key); err != nil {
		return ServiceTest{}, err
	}
	out.ProbeResult = s.Prober.Probe(ctx, kind, base, key)
	outcome, result := "success", "ok"
	if !out.OK() {
		outcome, result = "failure", out.Failure
	}
	target := "service:new"
	if in.ID != 0 {
		target = serviceTarget(in.ID)
	}
	s.recordAlone(ctx, m, &p.User, "service.test", target, outcome, map[string]any{"kind": kind, "base_url": base, "result": result})
	return out, nil
}

// storedKeyFor opens the stored key of service id for a test against base.
func (s *Service) storedKeyFor(ctx context.Context, p Principal, id int64, kind, base string) (secret.Secret, error) {
	if id == 0 {
		return secret.Secret{}, fieldErr("api_key", "enter the API key to test the connection")
	}
	row, err := s.serviceRow(ctx, s.Store.DB, id)
	if err != nil {
		return secret.Secret{}, err
	}
	if row.Kind != kind {
		return secret.Secret{}, ErrNotFound
	}
	if row.BaseURL != base && !s.Elevated(p) {
		return secret.Secret{}, ErrReauthRequired
	}
	svc, err := s.withKey(row)
	if errors.Is(err, ErrKeyUnreadable) {
		return secret.Secret{}, fieldErr("api_key", ErrKeyUnreadable.Error())
	}
	return svc.APIKey, err
}
