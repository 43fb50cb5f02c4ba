package plex

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/lemedia/lemedia/internal/upstream/jsonget"
)

// get fetches path?query and decodes the JSON answer into out.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	g := jsonget.Getter{Service: "plex", Base: c.base, HTTP: c.http, Timeout: c.timeout,
		Unauthorized: ErrUnauthorized, NotFound: ErrNotFound, Header: func(h http.Header) {
			h.Set("X-Plex-Token", c.token.Reveal())
			h.Set("Accept", "application/json") // Plex answers XML otherwise
			h.Set("X-Plex-Client-Identifier", c.clientID)
			h.Set("X-Plex-Product", "LeMedia")
			h.Set("X-Plex-Version", c.version)
		}}
	return g.Get(ctx, path, q, out)
}

// checkKey refuses, before any request, a section key or rating key that is not a plain token
// (Plex's are numbers), so no key can change the path it is put in.
func checkKey(op, key string) error {
	if key == "" || len(key) > 64 || strings.Trim(key, "0123456789abcdefABCDEF-") != "" {
		return fmt.Errorf("plex: %s: %q is not a Plex key", op, key)
	}
	return nil
}
