// Package probe tests an admin's Radarr, Sonarr, Jellyfin or Plex settings:
// it connects with the typed clients over an SSRF-guarded client and lists
// the profiles, root folders, tags or libraries the settings form offers.
// Answers are only "ok" (with the version and the choices) or the kind of
// failure, never anything the upstream sent beyond the lists themselves.
package probe

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/arr"
	"github.com/lemedia/lemedia/internal/upstream/jellyfin"
	"github.com/lemedia/lemedia/internal/upstream/plex"
)

// Timeout bounds one whole test (every call it makes).
const Timeout = 20 * time.Second

// Prober implements service.ServiceProber.
type Prober struct {
	// Deny returns LeMedia's own listener addresses at the time of the
	// test (the real listener is known only once serving starts).
	Deny func() []netip.AddrPort
	// Resolver resolves host names; nil: the system's.
	Resolver httpx.Resolver
}

// client is a fresh guarded client for one test: service URLs are set by
// admins, so private ranges are allowed; link-local, metadata and LeMedia's
// own listener never are, redirects included.
func (p *Prober) client() *http.Client {
	pol := httpx.Policy{AllowPrivate: true, Timeout: Timeout, MaxResponseBytes: 8 << 20, Resolver: p.Resolver}
	if p.Deny != nil {
		pol.DenyAddrs = p.Deny()
	}
	return httpx.New(pol)
}

// Probe connects to the service of kind at baseURL with key.
func (p *Prober) Probe(ctx context.Context, kind, baseURL string, key secret.Secret) service.ProbeResult {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	hc := p.client()
	defer hc.CloseIdleConnections()
	switch kind {
	case service.ServiceRadarr, service.ServiceSonarr:
		return probeArr(ctx, kind, arr.Options{BaseURL: baseURL, APIKey: key, HTTPClient: hc, Timeout: Timeout})
	case service.ServiceJellyfin:
		c, err := jellyfin.New(jellyfin.Options{BaseURL: baseURL, Token: key, HTTPClient: hc, Timeout: Timeout})
		if err != nil {
			return service.ProbeResult{Failure: "bad_response"}
		}
		return probeJellyfin(ctx, c)
	case service.ServicePlex:
		c, err := plex.New(plex.Options{BaseURL: baseURL, Token: key, HTTPClient: hc, Timeout: Timeout})
		if err != nil {
			return service.ProbeResult{Failure: "bad_response"}
		}
		return probePlex(ctx, c)
	}
	return service.ProbeResult{Failure: "bad_response"}
}

// failed names the kind of failure of err for the form.
func failed(err error) service.ProbeResult {
	f := failureOf(err)
	if f.Kind == httpx.KindHTTPStatus {
		switch f.Status {
		case http.StatusUnauthorized, http.StatusForbidden:
			return service.ProbeResult{Failure: "unauthorized", Status: f.Status}
		case http.StatusNotFound:
			return service.ProbeResult{Failure: "not_found", Status: f.Status}
		}
		return service.ProbeResult{Failure: string(f.Kind), Status: f.Status}
	}
	return service.ProbeResult{Failure: string(f.Kind)}
}

// failureOf reads the classified failure from any client's error.
func failureOf(err error) httpx.Failure {
	var je *jellyfin.Error
	var pe *plex.Error
	switch {
	case errors.As(err, &je):
		return je.Failure()
	case errors.As(err, &pe):
		return pe.Failure()
	}
	return arr.FailureOf(err)
}

// sameApp reports whether a status's application name is the kind asked
// for, so a Sonarr URL saved as Radarr is caught at the test.
func sameApp(name, kind string) bool { return name == "" || strings.EqualFold(name, kind) }
