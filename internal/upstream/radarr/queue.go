package radarr

import (
	"context"
	"net/url"
	"strconv"
)

// Queue returns one page (from 1) of the download queue, each item with its film.
func (c *Client) Queue(ctx context.Context, page, pageSize int) (QueuePage, error) {
	var p QueuePage
	q := url.Values{
		"page":         {strconv.Itoa(max(page, 1))},
		"pageSize":     {strconv.Itoa(max(pageSize, 1))},
		"includeMovie": {"true"},
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
