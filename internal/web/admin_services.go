package web

import (
	"errors"
	"net/http"

	"github.com/lemedia/lemedia/internal/service"
)

// kindLabels names the kinds of service on the pages.
var kindLabels = map[string]string{
	service.ServiceRadarr: "Radarr", service.ServiceSonarr: "Sonarr",
	service.ServiceJellyfin: "Jellyfin", service.ServicePlex: "Plex",
}

var kindBlurbs = map[string]string{
	service.ServiceRadarr:   "Approved film requests are sent here.",
	service.ServiceSonarr:   "Approved series requests are sent here.",
	service.ServiceJellyfin: "LeMedia reads which titles are available from here.",
	service.ServicePlex:     "LeMedia reads which titles are available from here.",
}

type adminServicesView struct {
	*form
	Groups []serviceGroup
}

// serviceGroup is one kind of service with its instances.
type serviceGroup struct {
	Kind, Label, Blurb string
	Arr                bool
	Services           []service.MediaServiceInfo
}

var serviceNotices = map[string]string{
	"created": "Service added.",
	"saved":   "Service saved.",
	"deleted": "Service removed.",
	"default": "Default changed.",
}

func (p *Pages) adminServicesShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	list, err := p.svc.ListMediaServices(r.Context(), pr)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := &adminServicesView{form: emptyForm(serviceNotices[r.URL.Query().Get("done")])}
	for _, k := range service.ServiceKinds {
		g := serviceGroup{Kind: k, Label: kindLabels[k], Blurb: kindBlurbs[k], Arr: service.IsArr(k)}
		for _, s := range list {
			if s.Kind == k {
				g.Services = append(g.Services, s)
			}
		}
		v.Groups = append(v.Groups, g)
	}
	p.render(w, r, http.StatusOK, "admin_services", "Services", v)
}

// adminServiceDeleteSubmit removes a service; it needs a recent password
// confirmation, like every change of a stored key.
func (p *Pages) adminServiceDeleteSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		p.RenderError(w, r, http.StatusUnprocessableEntity, "Tick the box to confirm the removal, then press Remove again.")
		return
	}
	pr, _ := principal(r)
	err := p.svc.DeleteMediaService(r.Context(), meta(r), pr, id)
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/services?done=deleted", http.StatusSeeOther)
	case errors.Is(err, service.ErrReauthRequired):
		reauthTo(w, r, "/admin/services")
	default:
		p.fail(w, r, err)
	}
}

func (p *Pages) adminServiceDefaultSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	if err := p.svc.SetDefaultMediaService(r.Context(), meta(r), pr, id); err != nil {
		p.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/services?done=default", http.StatusSeeOther)
}
