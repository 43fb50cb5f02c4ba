package jellyfin

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
	g := jsonget.Getter{Service: "jellyfin", Base: c.base, HTTP: c.http, Timeout: c.timeout,
		Unauthorized: ErrUnauthorized, NotFound: ErrNotFound, Header: func(h http.Header) {
			h.Set("Authorization", c.auth)
			h.Set("Accept", "application/json")
		}}
	return g.Get(ctx, path, q, out)
}

// checkID refuses, before any request, an id that is not a plain token (Jellyfin's are hex GUIDs),
// so no id can change the path it is put in.
func checkID(op, id string) error {
	if id == "" || len(id) > 64 || strings.Trim(id, "0123456789abcdefABCDEF-") != "" {
		return fmt.Errorf("jellyfin: %s: %q is not a Jellyfin id", op, id)
	}
	return nil
}
