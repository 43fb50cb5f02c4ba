// Package radarr is a small typed client for the Radarr v3 API calls LeMedia
// makes: status, profiles, root folders and tags for the settings page; look
// up, add, update and search films; the download queue for status sync.
//
// The API key travels only in the X-Api-Key header. Objects fetched from
// Radarr keep their raw JSON, and updates patch that JSON, so a PUT never
// erases a setting this package does not model.
package radarr

import (
	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Options configures a client; see arr.Options.
type Options = arr.Options

// Shared shapes and errors, under this package's name.
type (
	SystemStatus   = arr.SystemStatus
	QualityProfile = arr.QualityProfile
	RootFolder     = arr.RootFolder
	Tag            = arr.Tag
	Command        = arr.Command
	Error          = arr.Error
)

var (
	ErrNotFound      = arr.ErrNotFound
	ErrAlreadyExists = arr.ErrAlreadyExists
	ErrUnauthorized  = arr.ErrUnauthorized
	ErrNotFetched    = arr.ErrNotFetched
)

// Client calls Radarr. It is safe for concurrent use.
type Client struct {
	arr.Common // SystemStatus, QualityProfiles, RootFolders, Tags, CreateTag
	conn       *arr.Conn
}

// New checks the options and builds a client.
func New(o Options) (*Client, error) {
	conn, err := arr.NewConn("radarr", o)
	if err != nil {
		return nil, err
	}
	return &Client{Common: arr.NewCommon(conn), conn: conn}, nil
}
