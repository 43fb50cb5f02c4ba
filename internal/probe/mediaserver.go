package probe

import (
	"context"
	"slices"

	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/jellyfin"
	"github.com/lemedia/lemedia/internal/upstream/plex"
)

// notVideo are Jellyfin collection types that never hold films or series.
var notVideo = []string{"music", "musicvideos", "books", "photos", "playlists", "livetv", "folders"}

func probeJellyfin(ctx context.Context, c *jellyfin.Client) service.ProbeResult {
	info, err := c.SystemInfo(ctx)
	if err != nil {
		return failed(err)
	}
	libs, err := c.Libraries(ctx)
	if err != nil {
		return failed(err)
	}
	out := service.ProbeResult{Version: info.Version}
	for _, l := range libs {
		if l.ID == "" || slices.Contains(notVideo, l.CollectionType) {
			continue
		}
		label := l.Name
		if l.CollectionType != "" {
			label += " (" + l.CollectionType + ")"
		}
		out.Choices.Libraries = append(out.Choices.Libraries, service.Choice{Value: l.ID, Label: label})
	}
	return out
}

// probePlex asks for the identity (which Plex answers without a token) and
// the sections (which prove the token).
func probePlex(ctx context.Context, c *plex.Client) service.ProbeResult {
	id, err := c.Identity(ctx)
	if err != nil {
		return failed(err)
	}
	secs, err := c.Sections(ctx)
	if err != nil {
		return failed(err)
	}
	out := service.ProbeResult{Version: id.Version}
	for _, s := range secs {
		if s.Type != "movie" && s.Type != "show" {
			continue
		}
		out.Choices.Libraries = append(out.Choices.Libraries, service.Choice{Value: s.Key, Label: s.Title + " (" + s.Type + ")"})
	}
	return out
}
