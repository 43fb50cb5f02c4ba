package probe

import (
	"context"
	"fmt"
	"strconv"

	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/arr"
	"github.com/lemedia/lemedia/internal/upstream/radarr"
	"github.com/lemedia/lemedia/internal/upstream/sonarr"
)

// arrClient is what a test needs of Radarr and Sonarr.
type arrClient interface {
	SystemStatus(ctx context.Context) (arr.SystemStatus, error)
	QualityProfiles(ctx context.Context) ([]arr.QualityProfile, error)
	RootFolders(ctx context.Context) ([]arr.RootFolder, error)
	Tags(ctx context.Context) ([]arr.Tag, error)
}

func probeArr(ctx context.Context, kind string, o arr.Options) service.ProbeResult {
	var c arrClient
	var son *sonarr.Client
	var err error
	if kind == service.ServiceRadarr {
		c, err = radarr.New(o)
	} else {
		son, err = sonarr.New(o)
		c = son
	}
	if err != nil {
		return service.ProbeResult{Failure: "bad_response"}
	}
	st, err := c.SystemStatus(ctx)
	if err != nil {
		return failed(err)
	}
	if !sameApp(st.AppName, kind) {
		return service.ProbeResult{Failure: "wrong_service"}
	}
	out := service.ProbeResult{Version: st.Version}
	profiles, err := c.QualityProfiles(ctx)
	if err != nil {
		return failed(err)
	}
	for _, p := range profiles {
		out.Choices.QualityProfiles = append(out.Choices.QualityProfiles, service.Choice{Value: strconv.Itoa(p.ID), Label: p.Name})
	}
	folders, err := c.RootFolders(ctx)
	if err != nil {
		return failed(err)
	}
	for _, f := range folders {
		out.Choices.RootFolders = append(out.Choices.RootFolders, service.Choice{Value: f.Path, Label: folderLabel(f)})
	}
	tags, err := c.Tags(ctx)
	if err != nil {
		return failed(err)
	}
	for _, t := range tags {
		out.Choices.Tags = append(out.Choices.Tags, service.Choice{Value: strconv.Itoa(t.ID), Label: t.Label})
	}
	if son != nil {
		// Sonarr v4 dropped language profiles; their absence is no failure.
		if langs, err := son.LanguageProfiles(ctx); err == nil {
			for _, l := range langs {
				out.Choices.LanguageProfiles = append(out.Choices.LanguageProfiles, service.Choice{Value: strconv.Itoa(l.ID), Label: l.Name})
			}
		}
	}
	return out
}

func folderLabel(f arr.RootFolder) string {
	switch {
	case !f.Accessible:
		return f.Path + " (not accessible)"
	case f.FreeSpace > 0:
		return fmt.Sprintf("%s (%.0f GiB free)", f.Path, float64(f.FreeSpace)/(1<<30))
	}
	return f.Path
}
