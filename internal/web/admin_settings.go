package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/service"
)

type adminSettingsView struct {
	*form
	InsecureNote   string
	Elevated       bool
	MFARequired    []option
	Retention      input
	SMTP           []input // host, port, username, from; the password field is write-only markup
	TLS            []option
	PasswordStored bool
}

var settingsNotices = map[string]string{
	"security": "Security settings saved.",
	"smtp":     "Email settings saved.",
}

func (p *Pages) adminSettingsShow(w http.ResponseWriter, r *http.Request) {
	p.renderSettings(w, r, http.StatusOK, emptyForm(settingsNotices[r.URL.Query().Get("done")]))
}

func (p *Pages) renderSettings(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pr, _ := principal(r)
	site, smtp := p.svc.Settings(r.Context()), p.svc.SMTP(r.Context())
	port := ""
	if smtp.Port != 0 {
		port = strconv.Itoa(smtp.Port)
	}
	v := &adminSettingsView{form: f, InsecureNote: p.insecureNote, Elevated: p.svc.Elevated(pr), PasswordStored: smtp.PasswordSealed != "",
		MFARequired: options(pick(f, "mfa_required", site.MFARequired),
			"none", "Nobody (each user chooses)", "admins", "Administrators and user managers", "all", "Everyone"),
		Retention: optionalField(f, "audit_retention_days", "Keep audit log entries for (days, 30–3650)", "number",
			pick(f, "audit_retention_days", strconv.Itoa(site.AuditRetentionDays)), "off"),
		SMTP: []input{
			optionalField(f, "smtp_host", "Server host name", "text", pick(f, "smtp_host", smtp.Host), "off"),
			optionalField(f, "smtp_port", "Port", "number", pick(f, "smtp_port", port), "off"),
			optionalField(f, "smtp_username", "User name (empty: no sign-in)", "text", pick(f, "smtp_username", smtp.Username), "off"),
			optionalField(f, "smtp_from", "Send as (email address)", "email", pick(f, "smtp_from", smtp.From), "off"),
		},
		TLS: options(pick(f, "smtp_tls", smtp.TLS),
			"starttls", "STARTTLS (usually port 587)", "tls", "TLS from the start (usually port 465)", "none", "None (only a relay on this machine)"),
	}
	p.render(w, r, status, "admin_settings", "Settings", v)
}

// afterSettings ends a settings form: back with a notice, to the password
// prompt, or the page again with the error under its field. The service
// names SMTP fields without the form's "smtp_" prefix.
func (p *Pages) afterSettings(w http.ResponseWriter, r *http.Request, f *form, err error, done, prefix string) {
	var fe *service.FieldError
	var many service.FieldErrors
	if errors.As(err, &fe) {
		many = service.FieldErrors{fe}
	} else {
		errors.As(err, &many)
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/settings?done="+done, http.StatusSeeOther)
	case errors.Is(err, service.ErrReauthRequired):
		reauthTo(w, r, "/admin/settings")
	case len(many) > 0:
		for _, e := range many {
			f.Errors[prefix+e.Field] = e.Message
		}
		p.renderSettings(w, r, http.StatusUnprocessableEntity, f)
	default:
		p.fail(w, r, err)
	}
}

func (p *Pages) adminSettingsSecuritySubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	in := service.SiteSettings{MFARequired: f.Get("mfa_required")}
	days, err := strconv.Atoi(strings.TrimSpace(f.Get("audit_retention_days")))
	if err != nil {
		f.Errors["audit_retention_days"] = "must be a whole number of days"
		p.renderSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	in.AuditRetentionDays = days
	p.afterSettings(w, r, f, p.svc.UpdateSettings(r.Context(), meta(r), pr, in), "security", "")
}

// adminSettingsSMTPSubmit stores the email settings; an empty password
// keeps the stored one. Needs a recent password confirmation.
func (p *Pages) adminSettingsSMTPSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	in := service.SMTPSettings{Host: f.Get("smtp_host"), Username: strings.TrimSpace(f.Get("smtp_username")),
		From: strings.TrimSpace(f.Get("smtp_from")), TLS: f.Get("smtp_tls")}
	port, err := strconv.Atoi(strings.TrimSpace(f.Get("smtp_port")))
	if err != nil {
		f.Errors["smtp_port"] = "must be a port number, 1-65535"
		p.renderSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	in.Port = port
	err = p.svc.UpdateSMTP(r.Context(), meta(r), pr, in, r.PostFormValue("smtp_password"))
	p.afterSettings(w, r, f, err, "smtp", "smtp_")
}
