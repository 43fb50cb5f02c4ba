package main

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// stdClient sends requests with net/http: one Transport per connection, the
// request built once, bodies read to the end so the connection is reused.
// It costs the harness several times more CPU per request than rawClient;
// -client nethttp is there to cross-check rawClient's figures.
type stdClient struct {
	tr        *http.Transport
	req       *http.Request
	body      []byte
	clientIPs int
	next      int
	sessions  []Session // sent in turn: Cookie and X-Forwarded-For
	session   int
}

func newStdClient(ep Endpoint, baseURL string, extra map[string]string, conn int, deadline time.Time) (*stdClient, error) {
	req, err := http.NewRequest(ep.Method, baseURL+ep.Path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "lemedia-bench")
	req.Header.Set("Accept", "*/*")
	for _, k := range mergedHeaderKeys(ep.Header, extra) {
		v, ok := ep.Header[k]
		if !ok {
			v = extra[k]
		}
		req.Header.Set(k, v)
	}
	tr := &http.Transport{
		Proxy:                 nil,
		MaxConnsPerHost:       1,
		MaxIdleConnsPerHost:   1,
		DisableCompression:    true,
		ResponseHeaderTimeout: time.Until(deadline),
	}
	c := &stdClient{tr: tr, req: req, body: ep.Body, clientIPs: ep.ClientIPs}
	if len(ep.sessions) > 0 {
		c.sessions, c.clientIPs = ep.sessions, 0
	} else if c.clientIPs > 0 {
		c.next = conn * 7919 % c.clientIPs
	}
	return c, nil
}

func (c *stdClient) Do() (int, error) {
	if len(c.sessions) > 0 {
		for k, v := range c.sessions[c.session].header() {
			c.req.Header.Set(k, v)
		}
		c.session = (c.session + 1) % len(c.sessions)
	} else if c.clientIPs > 0 {
		c.req.Header.Set("X-Forwarded-For", clientAddr(c.next))
		c.next = (c.next + 1) % c.clientIPs
	}
	if c.body != nil {
		c.req.Body = io.NopCloser(bytes.NewReader(c.body))
		c.req.ContentLength = int64(len(c.body))
	}
	resp, err := c.tr.RoundTrip(c.req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

func (c *stdClient) Close() { c.tr.CloseIdleConnections() }
