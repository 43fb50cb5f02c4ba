package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
)

const serviceAddUsage = `usage: lemedia service add -kind radarr|sonarr|jellyfin|plex -name NAME -url URL [flags] < api-key-file
The API key (Plex: the token) is the first line of standard input, never a flag.`

// serviceFlags are the flags of service add and the form fields they fill,
// so the form's errors can name the flag.
var serviceFlags = map[string]string{
	"kind": "-kind", "name": "-name", "base_url": "-url", "api_key": "the API key (standard input)",
	"quality_profile": "-quality-profile", "root_folder": "-root-folder", "minimum_availability": "-minimum-availability",
	"tags": "-tags", "series_type": "-series-type", "anime_quality_profile": "-anime-quality-profile",
	"anime_root_folder": "-anime-root-folder", "language_profile": "-language-profile", "libraries": "-libraries",
}

// Flags that only some kinds take; given to another kind they are refused
// rather than silently dropped.
var (
	arrOnly     = []string{"4k", "quality-profile", "root-folder", "tags", "tag-requester"}
	radarrOnly  = []string{"minimum-availability"}
	sonarrOnly  = []string{"season-folders", "series-type", "anime-quality-profile", "anime-root-folder", "language-profile"}
	libraryOnly = []string{"libraries"}
)

// serviceAdd configures a Radarr, Sonarr, Jellyfin or Plex without a
// browser, for deployments, demos and benchmarks. It goes through the same
// use case checks as the admin form, seals the key to its row and writes an
// audit row naming the actor "cli". The key is read from standard input so
// it never shows in the process list or the shell history.
func serviceAdd(ctx context.Context, cfg *config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("service add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, serviceAddUsage)
		fs.PrintDefaults()
	}
	var svc service.MediaService
	var disabled bool
	var tags, libraries string
	fs.StringVar(&svc.Kind, "kind", "", "radarr, sonarr, jellyfin or plex")
	fs.StringVar(&svc.Name, "name", "", "a name of your choice, unique per kind")
	fs.StringVar(&svc.BaseURL, "url", "", "the service's address with its URL base, e.g. http://radarr:7878 (private addresses allowed)")
	fs.BoolVar(&svc.Default, "default", false, "make it the default of its kind (the first of a kind is anyway)")
	fs.BoolVar(&svc.Is4K, "4k", false, "Radarr/Sonarr: the 4K instance")
	fs.BoolVar(&disabled, "disabled", false, "store it switched off")
	fs.IntVar(&svc.Arr.QualityProfileID, "quality-profile", 0, "Radarr/Sonarr: quality profile id")
	fs.StringVar(&svc.Arr.RootFolder, "root-folder", "", "Radarr/Sonarr: root folder path")
	fs.StringVar(&svc.Arr.MinimumAvailability, "minimum-availability", "released", "Radarr: announced, inCinemas or released")
	fs.StringVar(&tags, "tags", "", "Radarr/Sonarr: tag ids, comma-separated")
	fs.BoolVar(&svc.Arr.TagRequester, "tag-requester", false, "Radarr/Sonarr: tag each title with its requester")
	fs.BoolVar(&svc.Arr.SeasonFolders, "season-folders", true, "Sonarr: season folders")
	fs.StringVar(&svc.Arr.SeriesType, "series-type", "standard", "Sonarr: standard, anime or daily")
	fs.IntVar(&svc.Arr.AnimeQualityProfileID, "anime-quality-profile", 0, "Sonarr: quality profile id for anime (0: the standard one)")
	fs.StringVar(&svc.Arr.AnimeRootFolder, "anime-root-folder", "", "Sonarr: root folder for anime (empty: the standard one)")
	fs.IntVar(&svc.Arr.LanguageProfileID, "language-profile", 0, "Sonarr v3: language profile id")
	fs.StringVar(&libraries, "libraries", "", "Jellyfin/Plex: library ids (Plex: section keys) to scan, comma-separated")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), serviceAddUsage)
	}
	if svc.Kind == "" || svc.Name == "" || svc.BaseURL == "" {
		return errors.New(serviceAddUsage)
	}
	if err := kindFlags(fs, svc.Kind); err != nil {
		return err
	}
	svc.Enabled = !disabled
	var err error
	if svc.Arr.Tags, err = parseIDs(tags); err != nil {
		return fmt.Errorf("-tags: %w", err)
	}
	if libraries != "" {
		svc.Library.Libraries = strings.Split(libraries, ",")
	}
	key, err := readKey(stdin)
	if err != nil {
		return err
	}
	svc.APIKey = key

	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	id, err := a.Service.CreateMediaServiceLocal(ctx, service.Meta{IP: "local", RequestID: "cli"}, svc)
	var one *service.FieldError
	var many service.FieldErrors
	if errors.As(err, &one) {
		many = service.FieldErrors{one}
	}
	if errors.As(err, &many) || one != nil {
		for _, fe := range many {
			fmt.Fprintf(stderr, "%s: %s\n", flagOf(fe.Field), fe.Message)
		}
		return errors.New("the service was not added")
	}
	if err != nil {
		return err
	}
	note := ""
	if list, err := a.Service.MediaServicesLocal(ctx); err == nil {
		for _, m := range list {
			if m.ID == id && m.Default {
				note = ", the default " + m.Kind
			}
		}
	}
	fmt.Fprintf(stdout, "%s %q added (id %d%s)\n", svc.Kind, strings.TrimSpace(svc.Name), id, note)
	return nil
}

// kindFlags refuses flags the kind does not take.
func kindFlags(fs *flag.FlagSet, kind string) error {
	var wrong []string
	fs.Visit(func(f *flag.Flag) {
		bad := false
		switch kind {
		case service.ServiceRadarr:
			bad = slices.Contains(sonarrOnly, f.Name) || slices.Contains(libraryOnly, f.Name)
		case service.ServiceSonarr:
			bad = slices.Contains(radarrOnly, f.Name) || slices.Contains(libraryOnly, f.Name)
		case service.ServiceJellyfin, service.ServicePlex:
			bad = slices.Contains(arrOnly, f.Name) || slices.Contains(radarrOnly, f.Name) || slices.Contains(sonarrOnly, f.Name)
		}
		if bad {
			wrong = append(wrong, "-"+f.Name)
		}
	})
	if len(wrong) > 0 {
		return fmt.Errorf("%s: not a setting of %s", strings.Join(wrong, ", "), kind)
	}
	return nil
}

func flagOf(field string) string {
	if f, ok := serviceFlags[field]; ok {
		return f
	}
	return field
}

// parseIDs reads "1,2,3"; empty is none.
func parseIDs(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", part)
		}
		out = append(out, n)
	}
	return out, nil
}

// readKey reads the key from the first line of standard input.
func readKey(stdin io.Reader) (secret.Secret, error) {
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return secret.Secret{}, err
	}
	key := strings.TrimSpace(line)
	if key == "" {
		return secret.Secret{}, errors.New("no API key on standard input (e.g. lemedia service add … < key-file)")
	}
	return secret.New(key), nil
}

// serviceList prints the configured services; never a key, only whether
// one is stored.
func serviceList(ctx context.Context, cfg *config.Config, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	list, err := a.Service.MediaServicesLocal(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "no services configured")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tNAME\tURL\tDEFAULT\tENABLED\tKEY\tSETTINGS")
	for _, m := range list {
		kind := m.Kind
		if m.Is4K {
			kind += " (4K)"
		}
		key := "stored"
		if !m.KeySet {
			key = "missing"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, kind, m.Name, m.BaseURL, yesNo(m.Default), yesNo(m.Enabled), key, settingsLine(m.MediaService))
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func settingsLine(m service.MediaService) string {
	if !service.IsArr(m.Kind) {
		return "libraries " + strings.Join(m.Library.Libraries, ",")
	}
	s := fmt.Sprintf("profile %d, root %s", m.Arr.QualityProfileID, m.Arr.RootFolder)
	if m.Kind == service.ServiceRadarr {
		s += ", " + m.Arr.MinimumAvailability
	} else {
		s += ", " + m.Arr.SeriesType
	}
	if len(m.Arr.Tags) > 0 {
		s += ", tags " + strings.Trim(strings.ReplaceAll(fmt.Sprint(m.Arr.Tags), " ", ","), "[]")
	}
	return s
}
