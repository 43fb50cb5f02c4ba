// Package httpio holds what the server middleware, the pages and the API share
// about one HTTP request: its identity, client address and CSP nonce, and the
// JSON error and decoding conventions.
package httpio

import (
	"context"
	"net/netip"
)

// Info describes one request as the server middleware established it.
type Info struct {
	ID       string     // request id, echoed in X-Request-Id and every error
	ClientIP netip.Addr // the socket peer, or the forwarded client behind a trusted proxy
	HTTPS    bool       // TLS here, or X-Forwarded-Proto https from a trusted proxy
	Nonce    string     // CSP nonce for pages; empty for API responses
}

type infoKey struct{}

// WithInfo returns ctx carrying info.
func WithInfo(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, infoKey{}, info)
}

// From returns the request's Info, or an empty one outside the middleware.
func From(ctx context.Context) *Info {
	if i, ok := ctx.Value(infoKey{}).(*Info); ok {
		return i
	}
	return &Info{}
}
