package sonarr

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Lookup asks Sonarr for a series by TVDB id; false if TVDB has none. A
// series already in the library comes back with its ID.
func (c *Client) Lookup(ctx context.Context, tvdbID int64) (Series, bool, error) {
	var list []Series
	q := url.Values{"term": {"tvdb:" + strconv.FormatInt(tvdbID, 10)}}
	if err := c.conn.Get(ctx, "/api/v3/series/lookup", q, &list); err != nil {
		return Series{}, false, err
	}
	for _, s := range list {
		if s.TVDBID == tvdbID {
			return s, true, nil
		}
	}
	return Series{}, false, nil
}

// FindByTVDB returns the library's series with a TVDB id; false if there is none.
func (c *Client) FindByTVDB(ctx context.Context, tvdbID int64) (Series, bool, error) {
	var list []Series
	q := url.Values{"tvdbId": {strconv.FormatInt(tvdbID, 10)}}
	if err := c.conn.Get(ctx, "/api/v3/series", q, &list); err != nil || len(list) == 0 {
		return Series{}, false, err
	}
	return list[0], true, nil
}

// Series returns a library series by Sonarr id; ErrNotFound if it was deleted.
func (c *Client) Series(ctx context.Context, id int) (Series, error) {
	var s Series
	return s, c.conn.Get(ctx, "/api/v3/series/"+strconv.Itoa(id), nil, &s)
}

// AddSeries adds a series, best from its Lookup result (whose fields and
// season list Sonarr then keeps); a Series built by hand needs at least
// TVDBID, Title and Year. ErrAlreadyExists if it is in the library already.
func (c *Client) AddSeries(ctx context.Context, s Series, o AddOptions) (Series, error) {
	seriesType := o.SeriesType
	if seriesType == "" {
		seriesType = "standard"
	}
	tags := o.Tags
	if tags == nil {
		tags = []int{}
	}
	addOptions := map[string]any{"searchForMissingEpisodes": o.Search, "searchForCutoffUnmetEpisodes": false}
	if o.Monitor != "" {
		// Without it Sonarr monitors episodes by their seasons' flags.
		addOptions["monitor"] = o.Monitor
	}
	set := map[string]any{
		"qualityProfileId": o.QualityProfileID,
		"rootFolderPath":   o.RootFolderPath,
		"seriesType":       seriesType,
		"seasonFolder":     o.SeasonFolder,
		"tags":             tags,
		"monitored":        len(o.Seasons) > 0 || (o.Monitor != "" && o.Monitor != "none"),
		"addOptions":       addOptions,
	}
	if o.LanguageProfileID > 0 {
		set["languageProfileId"] = o.LanguageProfileID
	}
	raw := s.RawJSON()
	if raw == nil {
		raw = json.RawMessage(`{}`)
		set["tvdbId"], set["title"], set["year"] = s.TVDBID, s.Title, s.Year
		if s.TitleSlug != "" {
			set["titleSlug"] = s.TitleSlug
		}
	}
	if len(o.Seasons) > 0 {
		want := make([]Season, 0, len(s.Seasons)+len(o.Seasons))
		for _, se := range s.Seasons {
			want = append(want, Season{SeasonNumber: se.SeasonNumber, Monitored: slices.Contains(o.Seasons, se.SeasonNumber)})
		}
		for _, n := range o.Seasons {
			if !slices.ContainsFunc(want, func(se Season) bool { return se.SeasonNumber == n }) {
				want = append(want, Season{SeasonNumber: n, Monitored: true})
			}
		}
		seasons, err := patchSeasons(raw, want)
		if err != nil {
			return Series{}, fmt.Errorf("sonarr: add series: %w", err)
		}
		set["seasons"] = seasons
	}
	// A path would win over rootFolderPath; an id has no meaning on a create.
	body, err := arr.Patch(raw, set, "id", "path")
	if err != nil {
		return Series{}, fmt.Errorf("sonarr: add series: %w", err)
	}
	var out Series
	return out, c.conn.Do(ctx, http.MethodPost, "/api/v3/series", nil, body, &out)
}

// UpdateSeries saves the monitored flags (series and seasons), quality
// profile, series type, season folder and tags of a series fetched from
// Sonarr; every other field is sent back as Sonarr gave it. A season whose
// flag changes has all its episodes (un)monitored by Sonarr.
func (c *Client) UpdateSeries(ctx context.Context, s Series) (Series, error) {
	if s.RawJSON() == nil || s.ID == 0 {
		return Series{}, fmt.Errorf("sonarr: update series: %w", ErrNotFetched)
	}
	seasons, err := patchSeasons(s.RawJSON(), s.Seasons)
	if err != nil {
		return Series{}, fmt.Errorf("sonarr: update series: %w", err)
	}
	tags := s.Tags
	if tags == nil {
		tags = []int{}
	}
	set := map[string]any{
		"monitored":        s.Monitored,
		"qualityProfileId": s.QualityProfileID,
		"seasonFolder":     s.SeasonFolder,
		"tags":             tags,
		"seasons":          seasons,
	}
	if s.SeriesType != "" {
		set["seriesType"] = s.SeriesType
	}
	body, err := arr.Patch(s.RawJSON(), set)
	if err != nil {
		return Series{}, fmt.Errorf("sonarr: update series: %w", err)
	}
	var out Series
	return out, c.conn.Do(ctx, http.MethodPut, "/api/v3/series/"+strconv.Itoa(s.ID), nil, body, &out)
}

// DeleteSeries removes a series, with its files if deleteFiles, and keeps
// import lists from adding it back if addExclusion.
func (c *Client) DeleteSeries(ctx context.Context, id int, deleteFiles, addExclusion bool) error {
	q := url.Values{
		"deleteFiles":            {strconv.FormatBool(deleteFiles)},
		"addImportListExclusion": {strconv.FormatBool(addExclusion)},
	}
	return c.conn.Do(ctx, http.MethodDelete, "/api/v3/series/"+strconv.Itoa(id), q, nil, nil)
}

// patchSeasons returns the seasons array of the series object raw with each
// season's monitored flag taken from want; a season's other fields are kept,
// and seasons only in want are added.
func patchSeasons(raw json.RawMessage, want []Season) ([]map[string]json.RawMessage, error) {
	var obj struct {
		Seasons []map[string]json.RawMessage `json:"seasons"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	out := obj.Seasons
	for _, w := range want {
		flag, _ := json.Marshal(w.Monitored)
		i := slices.IndexFunc(out, func(m map[string]json.RawMessage) bool {
			var n int
			return json.Unmarshal(m["seasonNumber"], &n) == nil && n == w.SeasonNumber
		})
		if i < 0 {
			num, _ := json.Marshal(w.SeasonNumber)
			out = append(out, map[string]json.RawMessage{"seasonNumber": num, "monitored": flag})
			continue
		}
		out[i]["monitored"] = flag
	}
	if out == nil {
		out = []map[string]json.RawMessage{}
	}
	return out, nil
}
