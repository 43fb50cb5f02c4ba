package api

import (
	"slices"
	"strconv"

	"github.com/lemedia/lemedia/internal/service"
)

// The request list's and counts' JSON, field by field in the order of
// their structs (which also give the OpenAPI schema).

func (p requestPage) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = field(b, "pageInfo")
	b = append(b, '{')
	b = intField(b, "page", int64(p.PageInfo.Page))
	b = intField(b, "pages", int64(p.PageInfo.Pages))
	b = intField(b, "results", int64(p.PageInfo.Results))
	b = intField(b, "pageSize", int64(p.PageInfo.PageSize))
	if p.PageInfo.Next != "" {
		b = stringField(b, "next", p.PageInfo.Next)
	}
	b = append(b, '}')
	b = field(b, "results")
	if p.rows != nil {
		b = append(b, '[')
		for i, r := range p.rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRow(b, r)
		}
		return append(b, ']', '}')
	}
	if p.Results == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Results {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.Results[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (r *mediaRequest) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = intField(b, "id", r.ID)
	b = intField(b, "status", int64(r.Status))
	b = stringField(b, "state", r.State)
	b = stringField(b, "type", r.Type)
	b = strconv.AppendBool(field(b, "is4k"), r.Is4k)
	b = field(b, "media")
	b = append(b, '{')
	b = intField(b, "tmdbId", r.Media.TMDBID)
	b = stringField(b, "mediaType", r.Media.MediaType)
	b = intField(b, "status", int64(r.Media.Status))
	b = stringField(b, "title", r.Media.Title)
	b = append(b, '}')
	b = field(b, "requestedBy")
	b = append(b, '{')
	b = intField(b, "id", r.RequestedBy.ID)
	b = stringField(b, "displayName", r.RequestedBy.DisplayName)
	b = append(b, '}')
	if r.DeclineReason != "" {
		b = stringField(b, "declineReason", r.DeclineReason)
	}
	b = field(b, "seasons")
	if r.Seasons == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range r.Seasons {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = intField(b, "seasonNumber", int64(s.SeasonNumber))
			b = intField(b, "status", int64(s.Status))
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendTime(field(b, "createdAt"), r.CreatedAt)
	b = appendTime(field(b, "updatedAt"), r.UpdatedAt)
	return append(b, '}')
}

// appendRow writes a row as requestFrom(r).appendJSON would, without
// building the mediaRequest.
func appendRow(b []byte, r *service.RequestRow) []byte {
	status := r.Status.SeerrRequestStatus()
	b = append(b, '{')
	b = intField(b, "id", r.ID)
	b = intField(b, "status", int64(status))
	b = stringField(b, "state", string(r.Status))
	b = stringField(b, "type", string(r.Type))
	b = strconv.AppendBool(field(b, "is4k"), r.Is4K)
	b = field(b, "media")
	b = append(b, '{')
	b = intField(b, "tmdbId", r.TMDBID)
	b = stringField(b, "mediaType", string(r.Type))
	b = intField(b, "status", int64(r.Status.SeerrMediaStatus()))
	b = stringField(b, "title", r.Title)
	b = append(b, '}')
	b = field(b, "requestedBy")
	b = append(b, '{')
	b = intField(b, "id", r.UserID)
	b = stringField(b, "displayName", r.Username)
	b = append(b, '}')
	if r.DeclineReason != "" {
		b = stringField(b, "declineReason", r.DeclineReason)
	}
	b = field(b, "seasons")
	b = append(b, '[')
	for i, n := range r.Seasons {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = intField(b, "seasonNumber", int64(n))
		b = intField(b, "status", int64(status))
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendTime(field(b, "createdAt"), r.CreatedAt)
	b = appendTime(field(b, "updatedAt"), r.UpdatedAt)
	return append(b, '}')
}

func (c requestCount) appendJSON(b []byte) []byte {
	b = append(b, '{')
	b = intField(b, "total", int64(c.Total))
	b = intField(b, "movie", int64(c.Movie))
	b = intField(b, "tv", int64(c.TV))
	b = intField(b, "pending", int64(c.Pending))
	b = intField(b, "approved", int64(c.Approved))
	b = intField(b, "declined", int64(c.Declined))
	b = intField(b, "processing", int64(c.Processing))
	b = intField(b, "available", int64(c.Available))
	b = intField(b, "failed", int64(c.Failed))
	b = intField(b, "completed", int64(c.Completed))
	b = field(b, "byStatus")
	if c.ByStatus == nil {
		b = append(b, "null"...)
	} else {
		keys := make([]string, 0, len(c.ByStatus))
		for k := range c.ByStatus {
			keys = append(keys, k)
		}
		slices.Sort(keys) // encoding/json sorts map keys
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(append(appendString(b, k), ':'), int64(c.ByStatus[k]), 10)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}
