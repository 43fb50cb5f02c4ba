package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/lemedia/lemedia/internal/service"
)

// serviceFormView is the new/edit page of one service.
type serviceFormView struct {
	*form
	serviceFormState
	Label                 string // "Radarr"
	Arr, Radarr, Sonarr   bool
	Action                string
	ChoicesJSON           string
	Tested                bool // the dropdowns hold the service's own lists
	QualityProfile        selectField
	RootFolder            selectField
	Availability          selectField
	SeriesType            selectField
	LanguageProfile       *selectField // nil: the service has no language profiles
	AnimeProfile          selectField
	AnimeFolder           selectField
	Tags, Libraries       []checkOption
	KeyHelp, DefaultLabel string
	NameError, URLError   string
	KeyError              string
}

// savedProfile labels a stored profile id before a test lists the names.
const savedProfile = "Profile %s (saved)"

// selectField is one labelled dropdown.
type selectField struct {
	Name, Label, Help, Error string
	Options                  []option
}

// checkOption is one checkbox of a list.
type checkOption struct {
	Value, Label string
	Checked      bool
}

func (p *Pages) renderServiceForm(w http.ResponseWriter, r *http.Request, status int, f *form, st serviceFormState) {
	m := st.Service
	c := st.Choices
	v := &serviceFormView{form: f, serviceFormState: st, Label: kindLabels[m.Kind], Arr: service.IsArr(m.Kind),
		Radarr: m.Kind == service.ServiceRadarr, Sonarr: m.Kind == service.ServiceSonarr, Action: "/admin/services/new",
		Tested: len(c.QualityProfiles)+len(c.RootFolders)+len(c.Libraries) > 0}
	if st.ID != 0 {
		v.Action = "/admin/services/" + strconv.FormatInt(st.ID, 10)
	}
	if b, _ := json.Marshal(c); v.Tested {
		v.ChoicesJSON = string(b)
	}
	a := m.Arr
	sel := func(name, label, help string, opts []option) selectField {
		return selectField{Name: name, Label: label, Help: help, Error: f.Errors[name], Options: opts}
	}
	v.QualityProfile = sel("quality_profile", "Quality profile", "", choiceOptions(c.QualityProfiles, idText(a.QualityProfileID), "Choose a quality profile", false, savedProfile))
	v.RootFolder = sel("root_folder", "Root folder", "", choiceOptions(c.RootFolders, only(a.RootFolder, c.RootFolders), "Choose a root folder", false, "%s"))
	v.Availability = sel("minimum_availability", "Minimum availability", "When Radarr starts looking for a release.",
		options(a.MinimumAvailability, "announced", "Announced", "inCinemas", "In cinemas", "released", "Released"))
	v.SeriesType = sel("series_type", "Series type", "How Sonarr names and numbers episodes of new series.",
		options(a.SeriesType, "standard", "Standard", "anime", "Anime", "daily", "Daily"))
	if len(c.LanguageProfiles) > 0 || a.LanguageProfileID != 0 {
		lp := sel("language_profile", "Language profile", "Sonarr v3 only.",
			choiceOptions(c.LanguageProfiles, only(idText(a.LanguageProfileID), c.LanguageProfiles), "Choose a language profile", false, savedProfile))
		v.LanguageProfile = &lp
	}
	v.AnimeProfile = sel("anime_quality_profile", "Quality profile for anime", "",
		choiceOptions(c.QualityProfiles, idText(a.AnimeQualityProfileID), "Same as the quality profile above", true, savedProfile))
	v.AnimeFolder = sel("anime_root_folder", "Root folder for anime", "",
		choiceOptions(c.RootFolders, a.AnimeRootFolder, "Same as the root folder above", true, "%s"))
	tags := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		tags[i] = strconv.Itoa(t)
	}
	v.Tags = checkOptions(c.Tags, tags, "Tag ")
	v.Libraries = checkOptions(c.Libraries, m.Library.Libraries, "Library ")
	switch {
	case st.KeyToken != "":
		v.KeyHelp = "The key you entered is kept, sealed, for 15 minutes: leave this empty to use it."
	case st.KeySet:
		v.KeyHelp = "A key is stored and never shown. Leave this empty to keep it."
	default:
		v.KeyHelp = "Found in the service's settings (Radarr and Sonarr: Settings → General; Jellyfin: Dashboard → API Keys; Plex: your X-Plex-Token)."
	}
	v.DefaultLabel = "Default " + v.Label
	if v.Arr {
		v.DefaultLabel += " for its tier (standard or 4K): requests go here"
	}
	if st.ID == 0 {
		v.DefaultLabel += ". The first one added always is."
	}
	e := f.Errors
	v.NameError, v.URLError, v.KeyError = sentence(e["name"]), sentence(e["base_url"]), sentence(e["api_key"])
	p.render(w, r, status, "admin_service", serviceTitle(st), v)
}

func serviceTitle(st serviceFormState) string {
	if st.ID != 0 {
		return st.Service.Name
	}
	return "Add " + kindLabels[st.Service.Kind]
}

func idText(id int) string {
	if id == 0 {
		return ""
	}
	return strconv.Itoa(id)
}

// only preselects the single choice when nothing is chosen yet.
func only(cur string, choices []service.Choice) string {
	if cur == "" && len(choices) == 1 {
		return choices[0].Value
	}
	return cur
}

// choiceOptions lists a service's choices with cur selected. A current
// value the list lacks (not tested yet, or gone) stays, labelled by saved
// (a format for the value).
// The placeholder (value "") leads when the field is optional, or when
// nothing is chosen yet.
func choiceOptions(choices []service.Choice, cur, placeholder string, optional bool, saved string) []option {
	var out []option
	if optional || cur == "" {
		out = append(out, option{Value: "", Label: placeholder, Selected: cur == ""})
	}
	found := cur == ""
	for _, ch := range choices {
		sel := ch.Value == cur
		found = found || sel
		out = append(out, option{Value: ch.Value, Label: ch.Label, Selected: sel})
	}
	if !found {
		out = append(out, option{Value: cur, Label: fmt.Sprintf(saved, cur), Selected: true})
	}
	return out
}

// checkOptions lists choices as checkboxes with the current values ticked;
// current values the list lacks stay, labelled by their id.
func checkOptions(choices []service.Choice, cur []string, prefix string) []checkOption {
	out := make([]checkOption, 0, len(choices))
	for _, ch := range choices {
		out = append(out, checkOption{Value: ch.Value, Label: ch.Label, Checked: slices.Contains(cur, ch.Value)})
	}
	for _, c := range cur {
		if !slices.ContainsFunc(choices, func(ch service.Choice) bool { return ch.Value == c }) {
			out = append(out, checkOption{Value: c, Label: prefix + c + " (saved)", Checked: true})
		}
	}
	return out
}
