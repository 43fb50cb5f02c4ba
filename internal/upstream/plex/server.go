package plex

import "context"

// Identity is what GET /identity says of the server.
type Identity struct {
	MachineIdentifier string
	Version           string
	Claimed           bool
}

// Identity calls GET /identity. Plex answers it without checking the token,
// so it proves the address, not the token: Sections does that.
func (c *Client) Identity(ctx context.Context) (Identity, error) {
	var out struct {
		MediaContainer struct {
			MachineIdentifier string `json:"machineIdentifier"`
			Version           string `json:"version"`
			Claimed           bool   `json:"claimed"`
		} `json:"MediaContainer"`
	}
	if err := c.get(ctx, "/identity", nil, &out); err != nil {
		return Identity{}, err
	}
	return Identity(out.MediaContainer), nil
}

// Section is a library section.
type Section struct {
	Key string
	// Type is "movie", "show", "artist" or "photo".
	Type      string
	Title     string
	UUID      string
	Locations []string
}

// Sections calls GET /library/sections/all.
func (c *Client) Sections(ctx context.Context) ([]Section, error) {
	var out struct {
		MediaContainer struct {
			Directory []struct {
				Key      string `json:"key"`
				Type     string `json:"type"`
				Title    string `json:"title"`
				UUID     string `json:"uuid"`
				Location []struct {
					Path string `json:"path"`
				} `json:"Location"`
			} `json:"Directory"`
		} `json:"MediaContainer"`
	}
	if err := c.get(ctx, "/library/sections/all", nil, &out); err != nil {
		return nil, err
	}
	secs := make([]Section, 0, len(out.MediaContainer.Directory))
	for _, d := range out.MediaContainer.Directory {
		s := Section{Key: d.Key, Type: d.Type, Title: d.Title, UUID: d.UUID}
		for _, l := range d.Location {
			s.Locations = append(s.Locations, l.Path)
		}
		secs = append(secs, s)
	}
	return secs, nil
}
