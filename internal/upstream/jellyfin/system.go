package jellyfin

import "context"

// SystemInfo identifies the server.
type SystemInfo struct {
	ID          string
	ServerName  string
	Version     string
	ProductName string
}

// SystemInfo calls GET /System/Info, which needs a valid API key: a good
// connection test.
func (c *Client) SystemInfo(ctx context.Context) (SystemInfo, error) {
	var out struct {
		ID          string `json:"Id"`
		ServerName  string `json:"ServerName"`
		Version     string `json:"Version"`
		ProductName string `json:"ProductName"`
	}
	if err := c.get(ctx, "/System/Info", nil, &out); err != nil {
		return SystemInfo{}, err
	}
	return SystemInfo(out), nil
}

// Library is one of the server's libraries (a virtual folder).
type Library struct {
	ID   string
	Name string
	// CollectionType is CollectionMovies, CollectionTV, another of
	// Jellyfin's types, or empty for a mixed library.
	CollectionType string
	Locations      []string
}

// Libraries calls GET /Library/VirtualFolders (an admin call; API keys are).
func (c *Client) Libraries(ctx context.Context) ([]Library, error) {
	var out []struct {
		Name           string   `json:"Name"`
		CollectionType string   `json:"CollectionType"`
		ItemID         string   `json:"ItemId"`
		Locations      []string `json:"Locations"`
	}
	if err := c.get(ctx, "/Library/VirtualFolders", nil, &out); err != nil {
		return nil, err
	}
	libs := make([]Library, 0, len(out))
	for _, f := range out {
		libs = append(libs, Library{ID: f.ItemID, Name: f.Name, CollectionType: f.CollectionType, Locations: f.Locations})
	}
	return libs, nil
}
