package sonarr

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Episodes lists every episode of a library series.
func (c *Client) Episodes(ctx context.Context, seriesID int) ([]Episode, error) {
	var out []Episode
	q := url.Values{"seriesId": {strconv.Itoa(seriesID)}}
	return out, c.conn.Get(ctx, "/api/v3/episode", q, &out)
}

// MonitorEpisodes sets the monitored flag of episodes.
func (c *Client) MonitorEpisodes(ctx context.Context, ids []int, monitored bool) error {
	body := map[string]any{"episodeIds": ids, "monitored": monitored}
	return c.conn.Do(ctx, http.MethodPut, "/api/v3/episode/monitor", nil, body, nil)
}

// SearchSeries asks Sonarr to search for a series' monitored missing
// episodes now (command SeriesSearch).
func (c *Client) SearchSeries(ctx context.Context, seriesID int) (Command, error) {
	return c.conn.Command(ctx, map[string]any{"name": "SeriesSearch", "seriesId": seriesID})
}

// SearchEpisodes asks Sonarr to search for episodes now (command EpisodeSearch).
func (c *Client) SearchEpisodes(ctx context.Context, ids ...int) (Command, error) {
	return c.conn.Command(ctx, map[string]any{"name": "EpisodeSearch", "episodeIds": ids})
}

// Queue returns one page (from 1) of the download queue, each item with its
// series and episode.
func (c *Client) Queue(ctx context.Context, page, pageSize int) (QueuePage, error) {
	var p QueuePage
	q := url.Values{
		"page":           {strconv.Itoa(max(page, 1))},
		"pageSize":       {strconv.Itoa(max(pageSize, 1))},
		"includeSeries":  {"true"},
		"includeEpisode": {"true"},
	}
	return p, c.conn.Get(ctx, "/api/v3/queue", q, &p)
}

// maxQueuePages bounds QueueAll against a service that keeps answering.
const maxQueuePages = 100

// QueueAll reads the whole queue, pageSize items a request (default 200).
func (c *Client) QueueAll(ctx context.Context, pageSize int) ([]QueueItem, error) {
	if pageSize <= 0 {
		pageSize = 200
	}
	var all []QueueItem
	for page := 1; page <= maxQueuePages; page++ {
		p, err := c.Queue(ctx, page, pageSize)
		if err != nil {
			return nil, err
		}
		all = append(all, p.Records...)
		if len(p.Records) == 0 || len(all) >= p.TotalRecords {
			break
		}
	}
	return all, nil
}
