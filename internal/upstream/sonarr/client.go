// Package sonarr is a small typed client for the Sonarr v3 API calls LeMedia
// makes (the same API serves Sonarr v3 and v4): status, profiles, root
// folders and tags for the settings page; look up, add and update series with
// the seasons to monitor; episodes, their monitoring and searches; the
// download queue for status sync.
//
// The API key travels only in the X-Api-Key header. Objects fetched from
// Sonarr keep their raw JSON, and updates patch that JSON, so a PUT never
// erases a setting this package does not model.
package sonarr

import (
	"context"

	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Options configures a client; see arr.Options.
type Options = arr.Options

// Shared shapes and errors, under this package's name.
type (
	SystemStatus    = arr.SystemStatus
	QualityProfile  = arr.QualityProfile
	LanguageProfile = arr.LanguageProfile
	RootFolder      = arr.RootFolder
	Tag             = arr.Tag
	Command         = arr.Command
	Error           = arr.Error
)

var (
	ErrNotFound      = arr.ErrNotFound
	ErrAlreadyExists = arr.ErrAlreadyExists
	ErrUnauthorized  = arr.ErrUnauthorized
	ErrNotFetched    = arr.ErrNotFetched
)

// Client calls Sonarr. It is safe for concurrent use.
type Client struct {
	arr.Common // SystemStatus, QualityProfiles, RootFolders, Tags, CreateTag
	conn       *arr.Conn
}

// New checks the options and builds a client.
func New(o Options) (*Client, error) {
	conn, err := arr.NewConn("sonarr", o)
	if err != nil {
		return nil, err
	}
	return &Client{Common: arr.NewCommon(conn), conn: conn}, nil
}

// LanguageProfiles lists Sonarr v3's language profiles (Sonarr v4 answers
// with a single deprecated one).
func (c *Client) LanguageProfiles(ctx context.Context) ([]LanguageProfile, error) {
	var out []LanguageProfile
	return out, c.conn.Get(ctx, "/api/v3/languageprofile", nil, &out)
}
