package httpx

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// ErrTooLarge is wrapped by the error of a response whose body is larger than
// Policy.MaxResponseBytes: from Client.Do when the declared Content-Length is
// over the cap, or from reading the body past the cap.
var ErrTooLarge = errors.New("httpx: response body too large")

// capTransport wraps every response body in a capped reader.
type capTransport struct {
	base  *http.Transport
	limit int64
}

func (t *capTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if req.Method != http.MethodHead && resp.ContentLength > t.limit {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: Content-Length %d over the %d byte limit", ErrTooLarge, resp.ContentLength, t.limit)
	}
	resp.Body = &capBody{rc: resp.Body, left: t.limit, limit: t.limit}
	return resp, nil
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the pool.
func (t *capTransport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// capBody returns at most limit bytes, then ErrTooLarge if more follow.
type capBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
	err   error
}

func (b *capBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	// Ask for one byte more than allowed, to tell "exactly the limit" from
	// "over the limit".
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	if int64(n) <= b.left {
		b.left -= int64(n)
		b.err = err
		return n, err
	}
	n = int(b.left)
	b.left = 0
	b.err = fmt.Errorf("%w: over the %d byte limit", ErrTooLarge, b.limit)
	return n, b.err
}

func (b *capBody) Close() error { return b.rc.Close() }
