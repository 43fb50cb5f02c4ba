package sonarr

import "context"

// AllSeries returns every series in Sonarr's library (one call, for syncs
// that follow many requests at once).
func (c *Client) AllSeries(ctx context.Context) ([]Series, error) {
	var list []Series
	return list, c.conn.Get(ctx, "/api/v3/series", nil, &list)
}
