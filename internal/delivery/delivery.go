// Package delivery connects the use cases to the configured Radarr, Sonarr,
// Jellyfin and Plex: it sends approved requests (service.Sender), reports
// download progress (service.Tracker) and reads the media servers'
// libraries (service.LibraryScanner).
package delivery

import (
	"context"
	"fmt"
	"net/http"

	"github.com/lemedia/lemedia/internal/service"
)

// Services is what delivery needs of the service: the configured upstreams
// with their keys opened, and title metadata.
type Services interface {
	MediaServices(ctx context.Context, kind string) ([]service.MediaService, error)
	DefaultMediaService(ctx context.Context, kind string, is4K bool) (service.MediaService, bool, error)
}

// Delivery implements service.Sender, service.Tracker and
// service.LibraryScanner.
type Delivery struct {
	services  Services
	meta      service.Metadata
	newClient func() *http.Client
}

// New builds it; newClient returns the SSRF-guarded client for admin-set
// URLs (asked per operation, as what it must refuse, LeMedia's own
// listener, is known only once serving).
func New(s Services, meta service.Metadata, newClient func() *http.Client) *Delivery {
	return &Delivery{services: s, meta: meta, newClient: newClient}
}

// byID finds an enabled service of a kind by id.
func (d *Delivery) byID(ctx context.Context, kind string, id int64) (service.MediaService, error) {
	list, err := d.services.MediaServices(ctx, kind)
	if err != nil {
		return service.MediaService{}, err
	}
	for _, ms := range list {
		if ms.ID == id {
			return ms, nil
		}
	}
	return service.MediaService{}, fmt.Errorf("%s %d is no longer configured", kind, id)
}
