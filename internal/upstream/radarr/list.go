package radarr

import "context"

// Movies returns every film in Radarr's library (one call, for syncs that
// follow many requests at once).
func (c *Client) Movies(ctx context.Context) ([]Movie, error) {
	var list []Movie
	return list, c.conn.Get(ctx, "/api/v3/movie", nil, &list)
}
