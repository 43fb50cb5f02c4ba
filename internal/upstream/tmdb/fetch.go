package tmdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody caps an answer; TMDB's largest (a series with many seasons) is far smaller.
const maxBody = 8 << 20

// get fetches path?query (from the cache when it can) and decodes it into out.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	body, err := c.fetch(ctx, path, q)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("tmdb: GET %s: unreadable answer: %w", path, err)
	}
	return nil
}

// fetch returns the body of a successful answer. Concurrent callers asking
// for the same thing share one request, which is detached from any single
// caller's cancellation and bounded by the client's timeout; each caller
// still stops waiting when its own context ends.
func (c *Client) fetch(ctx context.Context, path string, q url.Values) ([]byte, error) {
	key := path + "?" + q.Encode() // Encode sorts the keys: one key per question
	if b, ok := c.cache.get(key); ok {
		return b, nil
	}
	if err := ctx.Err(); err != nil { // don't start a request nobody will wait for
		return nil, fmt.Errorf("tmdb: GET %s: %w", path, err)
	}
	ch := c.flights.DoChan(key, func() (any, error) {
		if b, ok := c.cache.get(key); ok { // filled while we were getting here
			return b, nil
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
		defer cancel()
		b, err := c.roundTrip(ctx, path, q)
		if err == nil {
			c.cache.put(key, b)
		}
		return b, err
	})
	c.waiting.Add(1)
	defer c.waiting.Add(-1)
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("tmdb: GET %s: %w", path, ctx.Err())
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.([]byte), nil
	}
}

// roundTrip sends one request, retrying once after a short Retry-After on 429.
func (c *Client) roundTrip(ctx context.Context, path string, q url.Values) ([]byte, error) {
	u := *c.base
	u.Path = strings.TrimRight(c.base.Path, "/") + path
	u.RawQuery = q.Encode()
	for attempt := 0; ; attempt++ {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, fmt.Errorf("tmdb: GET %s: waiting for the rate limiter: %w", path, err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, fmt.Errorf("tmdb: GET %s: %w", path, err)
		}
		req.Header.Set("Authorization", "Bearer "+c.token.Reveal())
		req.Header.Set("Accept", "application/json")
		resp, err := c.http.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // its message repeats the URL, query included
			}
			return nil, fmt.Errorf("tmdb: GET %s: %w", path, err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		resp.Body.Close()
		switch {
		case err != nil:
			return nil, fmt.Errorf("tmdb: GET %s: reading the answer: %w", path, err)
		case resp.StatusCode == http.StatusOK && len(body) > maxBody:
			return nil, fmt.Errorf("tmdb: GET %s: answer larger than %d bytes", path, maxBody)
		case resp.StatusCode == http.StatusOK:
			return body, nil
		case resp.StatusCode == http.StatusTooManyRequests && attempt == 0:
			if wait, ok := retryAfter(resp.Header.Get("Retry-After"), c.maxRetryWait, time.Now()); ok {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return nil, fmt.Errorf("tmdb: GET %s: %w", path, ctx.Err())
				case <-t.C:
				}
				continue
			}
		}
		return nil, &StatusError{Path: path, Status: resp.StatusCode}
	}
}

// retryAfter reads a Retry-After header (seconds or an HTTP date) and says
// whether it is short enough to wait for.
func retryAfter(v string, limit time.Duration, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(now), 0)
	} else {
		return 0, false
	}
	return d, d >= 0 && d <= limit
}
