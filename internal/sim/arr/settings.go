package arr

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// settings are the profiles, root folders and tags a fresh install has.
type settings struct {
	profiles []profile
	folders  []string
	tags     []tagResource
}

type profile struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type tagResource struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
}

type rootFolderResource struct {
	ID         int    `json:"id"`
	Path       string `json:"path"`
	Accessible bool   `json:"accessible"`
	FreeSpace  int64  `json:"freeSpace"`
}

func newSettings(folders []string) settings {
	return settings{
		profiles: []profile{{1, "Any"}, {2, "SD"}, {3, "HD-720p"}, {4, "HD-1080p"}, {5, "Ultra-HD"}, {6, "HD - 720p/1080p"}},
		folders:  slices.Clone(folders),
	}
}

func (st *settings) hasProfile(id int) bool {
	return slices.ContainsFunc(st.profiles, func(p profile) bool { return p.ID == id })
}

// folderOf is the root folder a path is in, or "".
func (st *settings) folderOf(path string) string {
	for _, f := range st.folders {
		if path == f || strings.HasPrefix(path, strings.TrimRight(f, "/")+"/") {
			return f
		}
	}
	return ""
}

const diskSize = 8 << 40 // 8 TiB per root folder

// addSettingsRoutes serves the endpoints both services have.
func (s *server) addSettingsRoutes(version string, used func() int64) error {
	started := s.now().UTC()
	routes := []struct {
		method, path string
		h            handler
	}{
		{http.MethodGet, "/api/v3/system/status", func(*http.Request, []byte, time.Time) reply {
			return ok(map[string]any{
				"appName": s.app, "instanceName": s.app, "version": version, "urlBase": s.base,
				"isDebug": false, "isProduction": true, "isAdmin": false, "isUserInteractive": false,
				"isLinux": true, "isOsx": false, "isWindows": false, "isDocker": true, "isNetCore": true,
				"osName": "debian", "branch": "main", "startTime": stamp(started),
				"runtimeName": "netcore", "authentication": "forms", "databaseType": "sqLite",
			})
		}},
		{http.MethodGet, "/api/v3/qualityprofile", func(*http.Request, []byte, time.Time) reply {
			return ok(slices.Clone(s.profiles))
		}},
		{http.MethodGet, "/api/v3/rootfolder", func(*http.Request, []byte, time.Time) reply {
			out := make([]rootFolderResource, len(s.folders))
			free := max(diskSize-used(), 0)
			for i, f := range s.folders {
				out[i] = rootFolderResource{ID: i + 1, Path: f, Accessible: true, FreeSpace: free}
			}
			return ok(out)
		}},
		{http.MethodGet, "/api/v3/tag", func(*http.Request, []byte, time.Time) reply {
			return ok(slices.Clone(s.tags))
		}},
		{http.MethodPost, "/api/v3/tag", s.createTag},
	}
	for _, rt := range routes {
		if err := s.route(rt.method, rt.path, rt.h); err != nil {
			return err
		}
	}
	return nil
}

var tagLabel = regexp.MustCompile(`^[a-z0-9-]+$`)

// createTag stores a lower-cased label, or returns the tag that has it.
func (s *server) createTag(_ *http.Request, body []byte, _ time.Time) reply {
	var in tagResource
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	label := strings.ToLower(strings.TrimSpace(in.Label))
	if !tagLabel.MatchString(label) {
		return invalid(fail("Label", "Allowed characters a-z, 0-9 and -", in.Label, "RegularExpressionValidator"))
	}
	for _, t := range s.tags {
		if t.Label == label {
			return created(t)
		}
	}
	t := tagResource{ID: len(s.tags) + 1, Label: label}
	s.tags = append(s.tags, t)
	return created(t)
}

// validTags reports whether every tag id exists.
func (st *settings) validTags(ids []int) bool {
	for _, id := range ids {
		if id < 1 || id > len(st.tags) {
			return false
		}
	}
	return true
}
