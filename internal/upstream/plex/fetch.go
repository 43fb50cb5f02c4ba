package plex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/lemedia/lemedia/internal/httpx"
)

// maxBody caps an answer: a page of a thousand episodes is well under a MiB.
const maxBody = 16 << 20

// get fetches path?query and decodes the JSON answer into out.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	op := "GET " + path
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.base
	u.Path = c.base.Path + path
	u.RawPath = ""
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return &Error{Op: op, Kind: httpx.KindBadResponse, Err: err}
	}
	h := req.Header
	h.Set("X-Plex-Token", c.token.Reveal())
	h.Set("Accept", "application/json") // Plex answers XML otherwise
	h.Set("X-Plex-Client-Identifier", c.clientID)
	h.Set("X-Plex-Product", "LeMedia")
	h.Set("X-Plex-Version", c.version)
	resp, err := c.http.Do(req)
	if err != nil {
		return failed(op, unwrapURL(err), nil)
	}
	defer resp.Body.Close()
	if f := httpx.Classify(nil, resp); !f.OK() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return &Error{Op: op, Kind: f.Kind, Status: f.Status}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	switch {
	case err != nil:
		return failed(op, fmt.Errorf("reading the answer: %w", err), resp)
	case len(body) > maxBody:
		return failed(op, fmt.Errorf("%w: over %d bytes", httpx.ErrTooLarge, maxBody), resp)
	}
	if err := json.Unmarshal(body, out); err != nil {
		// The decoder's message quotes no more than a type name or offset.
		return failed(op, fmt.Errorf("unreadable answer: %w", err), resp)
	}
	return nil
}

// failed builds an *Error for a transport, read or decode failure.
func failed(op string, err error, resp *http.Response) *Error {
	f := httpx.Classify(err, resp)
	return &Error{Op: op, Kind: f.Kind, Status: f.Status, Err: err}
}

// unwrapURL drops *url.Error's wrapping, whose message repeats the URL.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// checkKey refuses, before any request, a section key or rating key that is not a plain token
// (Plex's are numbers), so no key can change the path it is put in.
func checkKey(op, key string) error {
	if key == "" || len(key) > 64 || strings.Trim(key, "0123456789abcdefABCDEF-") != "" {
		return fmt.Errorf("plex: %s: %q is not a Plex key", op, key)
	}
	return nil
}
