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
	Quotas         []input // film limit and days, series limit and days
	PerSeason      bool    // a season counts as one request
	Expiry         input   // days before a pending request expires; 0: never
	Maintenance    bool
}

var settingsNotices = map[string]string{
	"security": "Settings saved.",
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
		Quotas: []input{
			optionalField(f, "movie_quota", "Film requests per user (0: no limit)", "number", pick(f, "movie_quota", strconv.Itoa(site.MovieQuota)), "off"),
			optionalField(f, "movie_quota_days", "…within this many days (1–365)", "number", pick(f, "movie_quota_days", strconv.Itoa(site.MovieQuotaDays)), "off"),
			optionalField(f, "tv_quota", "Series requests per user (0: no limit)", "number", pick(f, "tv_quota", strconv.Itoa(site.TVQuota)), "off"),
			optionalField(f, "tv_quota_days", "…within this many days (1–365)", "number", pick(f, "tv_quota_days", strconv.Itoa(site.TVQuotaDays)), "off"),
		},
		PerSeason: checked(f, "tv_quota_per_season", site.TVQuotaPerSeason),
		Expiry: optionalField(f, "pending_expiry_days", "Decline pending requests after this many days (0: never)", "number",
			pick(f, "pending_expiry_days", strconv.Itoa(site.PendingExpiryDays)), "off"),
		Maintenance: checked(f, "maintenance", site.Maintenance),
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
	in := p.svc.Settings(r.Context()) // what this form does not send stays as it is
	in.MFARequired = f.Get("mfa_required")
	days, err := strconv.Atoi(strings.TrimSpace(f.Get("audit_retention_days")))
	if err != nil {
		f.Errors["audit_retention_days"] = "must be a whole number of days"
	}
	in.AuditRetentionDays = days
	if f.Get("requests_section") == "yes" { // the request limits and maintenance part of the form was sent
		for name, dst := range map[string]*int{"movie_quota": &in.MovieQuota, "movie_quota_days": &in.MovieQuotaDays,
			"tv_quota": &in.TVQuota, "tv_quota_days": &in.TVQuotaDays, "pending_expiry_days": &in.PendingExpiryDays} {
			v := strings.TrimSpace(f.Get(name))
			if v == "" && name == "pending_expiry_days" {
				v = "0" // optional: empty is "never"
			}
			n, err := strconv.Atoi(v)
			switch {
			case err != nil:
				f.Errors[name] = "must be a whole number"
			case n == 0 && strings.HasSuffix(name, "_quota_days"): // the service reads 0 days as "unset"
				f.Errors[name] = "must be between 1 and 365 days"
			}
			*dst = n
		}
		in.TVQuotaPerSeason = f.Get("tv_quota_per_season") == "yes"
		in.Maintenance = f.Get("maintenance") == "yes"
	}
	if len(f.Errors) > 0 {
		p.renderSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
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

// checked is what a checkbox of the settings form shows: what was sent when
// the form comes back with an error, else the stored value.
func checked(f *form, name string, stored bool) bool {
	if f.Get("requests_section") == "yes" {
		return f.Get(name) == "yes"
	}
	return stored
}
