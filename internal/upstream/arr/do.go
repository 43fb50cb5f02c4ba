package arr

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/lemedia/lemedia/internal/httpx"
)

// MaxBody caps an answer. The whole film or series list, which the status
// sync reads once per run, is the largest: about 1-3 KB a title, so a
// library of 20 000 films stays below it.
const MaxBody = 64 << 20

// Get fetches path?q and decodes the JSON answer into out.
func (c *Conn) Get(ctx context.Context, path string, q url.Values, out any) error {
	return c.Do(ctx, http.MethodGet, path, q, nil, out)
}

// Do sends in (nil for no body; a json.RawMessage is sent as it is) and
// decodes a JSON answer into out (nil discards it).
func (c *Conn) Do(ctx context.Context, method, path string, q url.Values, in, out any) error {
	var body []byte
	switch v := in.(type) {
	case nil:
	case json.RawMessage:
		body = v
	default:
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s: %s %s: encoding the request: %w", c.service, method, path, err)
		}
		body = b
	}
	raw, err := c.send(ctx, method, path, q, body)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return c.fail(method, path, httpx.Failure{Kind: httpx.KindBadResponse}, err)
	}
	return nil
}

// send makes one request and returns the body of a 2xx answer.
func (c *Conn) send(ctx context.Context, method, path string, q url.Values, body []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = q.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, c.fail(method, path, httpx.Failure{Kind: httpx.KindBadResponse}, err)
	}
	req.Header.Set("X-Api-Key", c.key.Reveal())
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the URL
		}
		return nil, c.fail(method, path, httpx.Classify(err, nil), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err == nil && len(b) > MaxBody {
		err = fmt.Errorf("%w: over %d bytes", httpx.ErrTooLarge, MaxBody)
	}
	if err != nil {
		f := httpx.Classify(err, nil)
		if f.Kind == httpx.KindConnect {
			f.Kind = httpx.KindBadResponse // the answer broke off half way
		}
		return nil, c.fail(method, path, f, err)
	}
	f := httpx.Classify(nil, resp)
	if f.OK() {
		return b, nil
	}
	e := &Error{Service: c.service, Method: method, Path: path, Failure: f}
	switch {
	case f.Status == http.StatusNotFound && isJSON(resp.Header.Get("Content-Type")):
		// Only the service's own JSON answer means "no such item"; a proxy's
		// page for a wrong URL base must not read as a deletion.
		e.is = ErrNotFound
	case f.Status == http.StatusUnauthorized:
		e.is = ErrUnauthorized
	case f.Status == http.StatusBadRequest:
		e.Fields, e.is = readValidation(b)
	}
	return nil, e
}

func (c *Conn) fail(method, path string, f httpx.Failure, cause error) error {
	return &Error{Service: c.service, Method: method, Path: path, Failure: f, cause: cause}
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}
