package arr

import (
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// Options configures a fake Radarr or Sonarr.
type Options struct {
	// APIKey is the only key accepted (required).
	APIKey string
	// Catalog supplies the titles; nil means catalog.Default().
	Catalog *catalog.Catalog
	// Library receives finished downloads; nil means a new one (see Library).
	Library *library.Library
	// Now is the clock; nil means time.Now. Tests pass a fake clock, so a
	// download finishes when the test moves the clock, not after a sleep.
	Now func() time.Time
	// DownloadTime is how long a grabbed item takes to download; default 2m.
	DownloadTime time.Duration
	// ImportTime is how long a finished download waits in the queue as
	// "completed, importPending" before its file is on disk; default 0.
	ImportTime time.Duration
	// URLBase serves the API under a path prefix, like the services' URL
	// Base setting ("/radarr").
	URLBase string
	// RootFolders are the library folders; default /movies or /tv.
	RootFolders []string
	// ImageBase prefixes poster and fanart links; default TMDB's image host.
	ImageBase string
	// Spec validates requests; nil means RadarrSpec() or SonarrSpec().
	Spec *fake.Spec
	// Unchecked serves without loading the spec or validating requests (a
	// simulator shipped without the documents).
	Unchecked bool
}

// Down is a failure the fake can be switched into.
type Down int32

const (
	// Up answers normally.
	Up Down = iota
	// Unavailable answers every request 503 Service Unavailable.
	Unavailable
	// Drop closes the connection without an answer.
	Drop
)
