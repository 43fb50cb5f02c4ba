package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
)

// The kinds of media service: Radarr (films) and Sonarr (series) receive
// requests; Jellyfin and Plex tell what is available.
const (
	ServiceRadarr   = "radarr"
	ServiceSonarr   = "sonarr"
	ServiceJellyfin = "jellyfin"
	ServicePlex     = "plex"
)

// ServiceKinds lists the kinds in the order pages show them.
var ServiceKinds = []string{ServiceRadarr, ServiceSonarr, ServiceJellyfin, ServicePlex}

// IsArr reports whether kind is Radarr or Sonarr.
func IsArr(kind string) bool { return kind == ServiceRadarr || kind == ServiceSonarr }

// MediaService is one configured Radarr, Sonarr, Jellyfin or Plex.
type MediaService struct {
	ID      int64
	Kind    string
	Name    string
	BaseURL string
	// APIKey is the opened key, in memory only. It is set by MediaServices
	// and DefaultMediaService for the job system and never by the admin use
	// cases, whose answers end up in pages.
	APIKey    secret.Secret
	Default   bool
	Is4K      bool
	Enabled   bool
	Arr       ArrSettings     // Radarr and Sonarr
	Library   LibrarySettings // Jellyfin and Plex
	UpdatedAt time.Time
}

// ArrSettings are how requests are added to Radarr or Sonarr.
type ArrSettings struct {
	QualityProfileID int    `json:"quality_profile_id"`
	RootFolder       string `json:"root_folder"`
	// MinimumAvailability (Radarr): announced, inCinemas or released.
	MinimumAvailability string `json:"minimum_availability,omitempty"`
	Tags                []int  `json:"tags,omitempty"`
	// TagRequester adds a tag per requesting user ("12-alice").
	TagRequester bool `json:"tag_requester,omitempty"`
	// Sonarr only.
	SeasonFolders bool   `json:"season_folders,omitempty"`
	SeriesType    string `json:"series_type,omitempty"` // standard, anime or daily
	// AnimeQualityProfileID and AnimeRootFolder apply to anime series; 0
	// and "" mean the standard ones.
	AnimeQualityProfileID int    `json:"anime_quality_profile_id,omitempty"`
	AnimeRootFolder       string `json:"anime_root_folder,omitempty"`
	// LanguageProfileID is Sonarr v3's language profile; 0 when the
	// service has none (Sonarr v4).
	LanguageProfileID int `json:"language_profile_id,omitempty"`
}

// LibrarySettings are what a Jellyfin or Plex server is scanned for.
type LibrarySettings struct {
	// Libraries are the ids of Jellyfin libraries or Plex sections.
	Libraries []string `json:"libraries,omitempty"`
}

// storedSettings is the settings column.
type storedSettings struct {
	Arr     *ArrSettings     `json:"arr,omitempty"`
	Library *LibrarySettings `json:"library,omitempty"`
}

func mediaServiceAAD(id int64) secret.AAD {
	return secret.AAD{Table: "media_service", Column: "api_key", RowID: itoa(id)}
}

// settingsJSON renders the part of m its kind uses.
func settingsJSON(m MediaService) string {
	var st storedSettings
	if IsArr(m.Kind) {
		st.Arr = &m.Arr
	} else {
		st.Library = &m.Library
	}
	b, _ := json.Marshal(st)
	return string(b)
}

// fromRow turns a row into a MediaService without its key.
func fromRow(r store.MediaService) (MediaService, error) {
	m := MediaService{ID: r.ID, Kind: r.Kind, Name: r.Name, BaseURL: r.BaseURL, Default: r.Default, Is4K: r.Is4K,
		Enabled: r.Enabled, UpdatedAt: r.UpdatedAt}
	var st storedSettings
	if err := json.Unmarshal([]byte(r.Settings), &st); err != nil {
		return m, fmt.Errorf("media service %d: settings unreadable: %w", r.ID, err)
	}
	if st.Arr != nil {
		m.Arr = *st.Arr
	}
	if st.Library != nil {
		m.Library = *st.Library
	}
	return m, nil
}

// ErrKeyUnreadable: a stored key cannot be opened with the configured keys
// (SERVICES_SECRET_KEY changed without SERVICES_SECRET_KEY_PREVIOUS, or the
// value was tampered with or copied from another row).
var ErrKeyUnreadable = errors.New("the stored API key cannot be opened; enter it again")

// withKey opens the row's key into m.
func (s *Service) withKey(r store.MediaService) (MediaService, error) {
	m, err := fromRow(r)
	if err != nil {
		return m, err
	}
	if r.APIKey == "" {
		return m, fmt.Errorf("media service %d: %w", r.ID, ErrKeyUnreadable)
	}
	key, err := s.Sealer.Open(r.APIKey, mediaServiceAAD(r.ID))
	if err != nil {
		return m, fmt.Errorf("media service %d: %w", r.ID, ErrKeyUnreadable)
	}
	m.APIKey = secret.New(string(key))
	return m, nil
}

// MediaServices returns the enabled services of a kind with their keys
// opened, the default first, for the job system. A service whose key
// cannot be opened is left out and logged, so one broken row does not stop
// the others.
func (s *Service) MediaServices(ctx context.Context, kind string) ([]MediaService, error) {
	rows, err := store.ListMediaServices(ctx, s.Store.DB, store.MediaServicesFilter{Kind: kind, EnabledOnly: true})
	if err != nil {
		return nil, err
	}
	out := make([]MediaService, 0, len(rows))
	for _, r := range rows {
		m, err := s.withKey(r)
		if err != nil {
			s.Log.Error("media service skipped", "id", r.ID, "kind", r.Kind, "error", err)
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// DefaultMediaService returns the enabled default service of a kind and
// tier with its key opened; false when there is none.
func (s *Service) DefaultMediaService(ctx context.Context, kind string, is4K bool) (MediaService, bool, error) {
	rows, err := store.ListMediaServices(ctx, s.Store.DB, store.MediaServicesFilter{Kind: kind, EnabledOnly: true})
	if err != nil {
		return MediaService{}, false, err
	}
	for _, r := range rows {
		if r.Default && r.Is4K == is4K {
			m, err := s.withKey(r)
			return m, err == nil, err
		}
	}
	return MediaService{}, false, nil
}
