package arr

import (
	"context"
	"net/http"
	"time"
)

// SystemStatus is the part of /api/v3/system/status LeMedia shows.
type SystemStatus struct {
	AppName      string `json:"appName"`
	InstanceName string `json:"instanceName"`
	Version      string `json:"version"`
	URLBase      string `json:"urlBase"`
}

// QualityProfile is a named quality profile.
type QualityProfile struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// LanguageProfile is a Sonarr v3 language profile.
type LanguageProfile struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// RootFolder is where the service keeps a library.
type RootFolder struct {
	ID         int    `json:"id"`
	Path       string `json:"path"`
	Accessible bool   `json:"accessible"`
	FreeSpace  int64  `json:"freeSpace"`
}

// Tag is a label the service attaches to titles.
type Tag struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
}

// Command is a queued command such as a search.
type Command struct {
	ID     int       `json:"id"`
	Name   string    `json:"name"`
	Status string    `json:"status"`
	Queued time.Time `json:"queued"`
}

// Common calls the endpoints Radarr and Sonarr share; the clients embed it.
type Common struct{ conn *Conn }

// NewCommon wraps a connection.
func NewCommon(c *Conn) Common { return Common{conn: c} }

// SystemStatus checks the connection and the key, and names the service.
func (c Common) SystemStatus(ctx context.Context) (SystemStatus, error) {
	var s SystemStatus
	return s, c.conn.Get(ctx, "/api/v3/system/status", nil, &s)
}

// QualityProfiles lists the quality profiles.
func (c Common) QualityProfiles(ctx context.Context) ([]QualityProfile, error) {
	var out []QualityProfile
	return out, c.conn.Get(ctx, "/api/v3/qualityprofile", nil, &out)
}

// RootFolders lists the root folders.
func (c Common) RootFolders(ctx context.Context) ([]RootFolder, error) {
	var out []RootFolder
	return out, c.conn.Get(ctx, "/api/v3/rootfolder", nil, &out)
}

// Tags lists the tags.
func (c Common) Tags(ctx context.Context) ([]Tag, error) {
	var out []Tag
	return out, c.conn.Get(ctx, "/api/v3/tag", nil, &out)
}

// CreateTag adds a tag and returns it with its id.
func (c Common) CreateTag(ctx context.Context, label string) (Tag, error) {
	var t Tag
	return t, c.conn.Do(ctx, http.MethodPost, "/api/v3/tag", nil, map[string]string{"label": label}, &t)
}
