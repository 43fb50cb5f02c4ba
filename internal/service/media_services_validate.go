package service

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the service form.
const (
	maxServiceName = 64
	maxServiceURL  = 2048
	maxFolder      = 1024
	maxChoices     = 100 // tags or libraries
	maxLibraryID   = 128

	badURL = "must be an http:// or https:// address without a user name, password, query or #fragment"
)

// normalizeBaseURL accepts an absolute http(s) URL without credentials,
// query or fragment (a key in a URL ends up in logs and proxies) and returns
// it without a trailing slash; the path is the service's URL base.
func normalizeBaseURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxServiceURL || strings.ContainsAny(raw, "#\\ \t\r\n") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" ||
		u.Opaque != "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", false
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), true
}

// validName trims a name and checks it is 1-64 printable characters.
func validName(name string) (string, bool) {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	if n < 1 || n > maxServiceName || !utf8.ValidString(name) {
		return name, false
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return name, false
		}
	}
	return name, true
}

// validPath is a root folder as Radarr and Sonarr show them: an absolute
// Unix path, a Windows drive path or a UNC share.
func validPath(p string) bool {
	if p == "" || len(p) > maxFolder || strings.ContainsAny(p, "\x00\r\n") {
		return false
	}
	return strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\\`) ||
		(len(p) >= 3 && unicode.IsLetter(rune(p[0])) && p[1] == ':' && (p[2] == '\\' || p[2] == '/'))
}

// validateMediaService checks and normalises m in place. The key is not
// looked at: whether one is needed depends on what is stored.
func validateMediaService(m *MediaService) error {
	var errs FieldErrors
	add := func(field, msg string) { errs = append(errs, &FieldError{Field: field, Message: msg}) }
	if !slices.Contains(ServiceKinds, m.Kind) {
		add("kind", "must be radarr, sonarr, jellyfin or plex")
		return errs
	}
	var ok bool
	if m.Name, ok = validName(m.Name); !ok {
		add("name", "must be 1 to 64 characters")
	}
	if u, ok := normalizeBaseURL(m.BaseURL); ok {
		m.BaseURL = u
	} else {
		add("base_url", badURL)
	}
	if IsArr(m.Kind) {
		m.Library = LibrarySettings{}
		validateArr(m.Kind, &m.Arr, add)
	} else {
		m.Arr, m.Is4K = ArrSettings{}, false // a media server has no 4K tier
		validateLibraries(&m.Library, add)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func validateArr(kind string, a *ArrSettings, add func(field, msg string)) {
	if a.QualityProfileID <= 0 {
		add("quality_profile", "choose a quality profile (test the connection to list them)")
	}
	a.RootFolder = strings.TrimSpace(a.RootFolder)
	if !validPath(a.RootFolder) {
		add("root_folder", "choose a root folder (test the connection to list them)")
	}
	if len(a.Tags) > maxChoices || slices.ContainsFunc(a.Tags, func(id int) bool { return id <= 0 }) {
		add("tags", "contains a tag that does not exist")
	}
	slices.Sort(a.Tags)
	a.Tags = slices.Compact(a.Tags)
	if kind == ServiceRadarr {
		if a.MinimumAvailability == "" {
			a.MinimumAvailability = "released"
		}
		if !slices.Contains([]string{"announced", "inCinemas", "released"}, a.MinimumAvailability) {
			add("minimum_availability", "must be announced, in cinemas or released")
		}
		a.SeasonFolders, a.SeriesType, a.AnimeQualityProfileID, a.AnimeRootFolder, a.LanguageProfileID = false, "", 0, "", 0
		return
	}
	a.MinimumAvailability = ""
	if a.SeriesType == "" {
		a.SeriesType = "standard"
	}
	if !slices.Contains([]string{"standard", "anime", "daily"}, a.SeriesType) {
		add("series_type", "must be standard, anime or daily")
	}
	if a.AnimeQualityProfileID < 0 {
		add("anime_quality_profile", "choose a quality profile")
	}
	a.AnimeRootFolder = strings.TrimSpace(a.AnimeRootFolder)
	if a.AnimeRootFolder != "" && !validPath(a.AnimeRootFolder) {
		add("anime_root_folder", "choose a root folder")
	}
	if a.LanguageProfileID < 0 {
		add("language_profile", "choose a language profile")
	}
}

func validateLibraries(l *LibrarySettings, add func(field, msg string)) {
	ids := make([]string, 0, len(l.Libraries))
	for _, id := range l.Libraries {
		id = strings.TrimSpace(id)
		if id == "" || len(id) > maxLibraryID || strings.ContainsFunc(id, func(r rune) bool { return !unicode.IsPrint(r) }) {
			add("libraries", "contains a library that does not exist")
			return
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	l.Libraries = slices.Compact(ids)
	switch {
	case len(l.Libraries) == 0:
		add("libraries", "choose at least one library to scan (test the connection to list them)")
	case len(l.Libraries) > maxChoices:
		add("libraries", "choose at most 100 libraries")
	}
}
