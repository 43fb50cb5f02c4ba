package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
)

// serviceFormState is what the service form shows besides the typed values.
type serviceFormState struct {
	ID       int64
	Service  service.MediaService
	KeySet   bool   // a key is stored
	KeyToken string // a typed key, sealed for this admin (never the key)
	Choices  service.ServiceChoices
	Test     *testOutcome
}

// newServiceDefaults are a new service's settings before the admin changes them.
func newServiceDefaults(kind string) service.MediaService {
	return service.MediaService{Kind: kind, Enabled: true,
		Arr: service.ArrSettings{MinimumAvailability: "released", SeasonFolders: true, SeriesType: "standard"}}
}

// requireElevated sends an admin who has not confirmed their password
// recently to do so before they fill in a form only such an admin may save.
func (p *Pages) requireElevated(w http.ResponseWriter, r *http.Request) bool {
	pr, _ := principal(r)
	if p.svc.Elevated(pr) {
		return true
	}
	reauthTo(w, r, url.QueryEscape(r.URL.RequestURI()))
	return false
}

func (p *Pages) adminServiceNewShow(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if !slices.Contains(service.ServiceKinds, kind) {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	if !p.requireElevated(w, r) {
		return
	}
	p.renderServiceForm(w, r, http.StatusOK, emptyForm(""), serviceFormState{Service: newServiceDefaults(kind)})
}

func (p *Pages) adminServiceShow(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	info, err := p.svc.GetMediaService(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if !p.requireElevated(w, r) {
		return
	}
	st := serviceFormState{ID: id, Service: info.MediaService, KeySet: info.KeySet}
	p.renderServiceForm(w, r, http.StatusOK, emptyForm(serviceNotices[r.URL.Query().Get("done")]), st)
}

func (p *Pages) adminServiceCreateSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newServiceForm(r)
	kind := f.Get("kind")
	if !slices.Contains(service.ServiceKinds, kind) {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	st, in := postedService(r, f, serviceFormState{Service: service.MediaService{Kind: kind}})
	_, err := p.svc.CreateMediaService(r.Context(), meta(r), pr, in)
	if err == nil {
		http.Redirect(w, r, "/admin/services?done=created", http.StatusSeeOther)
		return
	}
	p.serviceSaveFailed(w, r, f, st, in, err, "/admin/services/new?kind="+kind)
}

func (p *Pages) adminServiceUpdateSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	st, ok := p.storedState(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	f := newServiceForm(r)
	st, in := postedService(r, f, st)
	err := p.svc.UpdateMediaService(r.Context(), meta(r), pr, in)
	if err == nil {
		http.Redirect(w, r, "/admin/services?done=saved", http.StatusSeeOther)
		return
	}
	p.serviceSaveFailed(w, r, f, st, in, err, "/admin/services/"+strconv.FormatInt(st.ID, 10))
}

// storedState loads the service the form is about; false when the answer
// (a 404) is already written.
func (p *Pages) storedState(w http.ResponseWriter, r *http.Request, rawID string) (serviceFormState, bool) {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil || id <= 0 {
		p.RenderError(w, r, http.StatusNotFound, "")
		return serviceFormState{}, false
	}
	pr, _ := principal(r)
	info, err := p.svc.GetMediaService(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return serviceFormState{}, false
	}
	return serviceFormState{ID: id, Service: info.MediaService, KeySet: info.KeySet}, true
}

// serviceSaveFailed answers a save the service refused: to the password
// prompt, or the form again with the errors (a typed key kept sealed, so it
// need not be typed again and never shows in the page).
func (p *Pages) serviceSaveFailed(w http.ResponseWriter, r *http.Request, f *form, st serviceFormState, in service.MediaServiceInput, err error, back string) {
	if errors.Is(err, service.ErrReauthRequired) {
		reauthTo(w, r, url.QueryEscape(back))
		return
	}
	if !f.absorb(err) {
		p.fail(w, r, err)
		return
	}
	pr, _ := principal(r)
	if tok, err := p.svc.KeepServiceKey(pr, in.APIKey); err == nil && tok != "" {
		st.KeyToken = tok
	}
	p.renderServiceForm(w, r, http.StatusUnprocessableEntity, f, st)
}

// newServiceForm reads the posted form; the key never stays among the
// values a page could echo.
func newServiceForm(r *http.Request) *form {
	f := newForm(r)
	delete(f.Values, "api_key")
	return f
}

// postedService reads the form over st (which holds the id, the kind and
// whether a key is stored) and returns the state to show again and the
// input for the service.
func postedService(r *http.Request, f *form, st serviceFormState) (serviceFormState, service.MediaServiceInput) {
	atoi := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(k)))
		if err != nil && f.Get(k) != "" {
			return -1 // refused by the service's checks
		}
		return n
	}
	m := service.MediaService{ID: st.ID, Kind: st.Service.Kind, Name: f.Get("name"), BaseURL: f.Get("base_url"),
		Enabled: f.Has("enabled", "yes"), Default: f.Has("default", "yes"), Is4K: f.Has("is_4k", "yes")}
	if service.IsArr(m.Kind) {
		m.Arr = service.ArrSettings{QualityProfileID: atoi("quality_profile"), RootFolder: f.Get("root_folder"),
			MinimumAvailability: f.Get("minimum_availability"), TagRequester: f.Has("tag_requester", "yes"),
			SeasonFolders: f.Has("season_folders", "yes"), SeriesType: f.Get("series_type"),
			AnimeQualityProfileID: atoi("anime_quality_profile"), AnimeRootFolder: f.Get("anime_root_folder"),
			LanguageProfileID: atoi("language_profile")}
		for _, t := range f.Values["tags"] {
			n, err := strconv.Atoi(t)
			if err != nil {
				n = -1
			}
			m.Arr.Tags = append(m.Arr.Tags, n)
		}
	} else {
		m.Library.Libraries = f.Values["libraries"]
	}
	st.Service = m
	st.KeyToken = f.Get("key_token")
	if raw := f.Get("choices"); raw != "" && len(raw) < 256<<10 {
		_ = json.Unmarshal([]byte(raw), &st.Choices) // only what this page showed before; unreadable is empty
	}
	in := service.MediaServiceInput{MediaService: m, KeyToken: st.KeyToken}
	in.APIKey = secret.New(strings.TrimSpace(r.PostFormValue("api_key")))
	return st, in
}
