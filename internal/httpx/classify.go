package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// Kind names the outcome of an outbound call, for "test connection" answers
// and metrics. It never carries the upstream body or an address.
type Kind string

const (
	// KindOK: a 2xx response and no error.
	KindOK Kind = "ok"
	// KindDNS: the host name did not resolve.
	KindDNS Kind = "dns"
	// KindRefused: the policy refused the address (link-local, metadata,
	// private without AllowPrivate, LeMedia's own listener).
	KindRefused Kind = "refused"
	// KindConnect: the TCP connection failed or broke (refused, unreachable,
	// reset).
	KindConnect Kind = "connect"
	// KindTimeout: a dial, TLS handshake, response header or overall timeout,
	// or the caller's context deadline.
	KindTimeout Kind = "timeout"
	// KindTLS: the handshake failed (untrusted or mismatched certificate,
	// protocol version, plain HTTP on an https URL).
	KindTLS Kind = "tls"
	// KindHTTPStatus: the upstream answered with a non-2xx status, in
	// Failure.Status (401 usually means a wrong API key).
	KindHTTPStatus Kind = "http_status"
	// KindTooLarge: the body was over Policy.MaxResponseBytes.
	KindTooLarge Kind = "too_large"
	// KindRedirect: too many redirects, or one to a scheme other than http(s).
	KindRedirect Kind = "redirect"
	// KindCanceled: the caller's context was canceled.
	KindCanceled Kind = "canceled"
	// KindBadResponse: anything else, such as a malformed HTTP response, a
	// connection closed mid-answer, or a body the caller could not decode.
	KindBadResponse Kind = "bad_response"
)

// Failure is the classified outcome of one call. Status is set only for
// KindHTTPStatus.
type Failure struct {
	Kind   Kind
	Status int
}

// OK reports whether the call succeeded.
func (f Failure) OK() bool { return f.Kind == KindOK }

// String is "ok", "http_status 401", "timeout", ...
func (f Failure) String() string {
	if f.Kind == KindHTTPStatus {
		return string(f.Kind) + " " + strconv.Itoa(f.Status)
	}
	return string(f.Kind)
}

// Classify sorts the outcome of a call: err from Client.Do, from reading the
// body or from decoding it, and the response if there was one. With a nil err
// the response status decides; a nil err and a nil response is KindBadResponse.
func Classify(err error, resp *http.Response) Failure {
	if err == nil {
		switch {
		case resp == nil:
			return Failure{Kind: KindBadResponse}
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return Failure{Kind: KindOK}
		default:
			return Failure{Kind: KindHTTPStatus, Status: resp.StatusCode}
		}
	}
	return Failure{Kind: kindOf(err)}
}

func kindOf(err error) Kind {
	var (
		dnsErr  *net.DNSError
		opErr   *net.OpError
		netErr  net.Error
		certErr *tls.CertificateVerificationError
		recErr  tls.RecordHeaderError
		alert   tls.AlertError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	switch {
	case errors.Is(err, ErrTooLarge):
		return KindTooLarge
	case errors.Is(err, ErrRefused):
		return KindRefused
	case errors.Is(err, ErrRedirect):
		return KindRedirect
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	case errors.As(err, &dnsErr):
		return KindDNS
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &alert),
		errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid),
		errors.Is(err, http.ErrSchemeMismatch):
		return KindTLS
	case errors.As(err, &netErr) && netErr.Timeout():
		return KindTimeout
	case errors.As(err, &opErr) && opErr.Op == "remote error":
		return KindTLS // a TLS alert from the server
	case errors.As(err, &opErr):
		return KindConnect
	case strings.Contains(err.Error(), "tls: "):
		return KindTLS // crypto/tls returns some handshake errors untyped
	}
	return KindBadResponse
}
