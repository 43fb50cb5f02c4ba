package web

import (
	"net/http"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/imageproxy"
	"github.com/lemedia/lemedia/internal/server"
)

// Route is one page route and who may use it.
type Route struct {
	Pattern string
	Access  Access
}

// Routes lists every page route, for tests that check each one's access rules.
func (p *Pages) Routes() []Route { return p.routes }

// Register adds every page route. This file is the sitemap of the UI.
func (p *Pages) Register(rt *server.Router) {
	add := func(pattern string, a Access, h http.HandlerFunc) {
		p.routes = append(p.routes, Route{pattern, a})
		rt.Handle(pattern, p.guard(a, h))
	}
	rt.Handle("GET /static/", http.HandlerFunc(p.staticShow)) // public files; no session needed
	if p.images != nil {
		rt.Handle("GET "+imageproxy.Prefix, p.images) // signed URLs are their own authorisation
	}

	add("GET /{$}", public, p.discoverShow) // the landing page when signed out
	add("GET /search", signedIn, p.searchShow)
	add("GET /movie/{id}", signedIn, p.movieShow)
	add("GET /tv/{id}", signedIn, p.seriesShow)
	add("GET /tv/{id}/season/{n}", signedIn, p.seasonShow)

	add("GET /setup", setup, p.setupShow)
	add("POST /setup", setup, p.setupSubmit)

	add("GET /login", public, p.loginShow)
	add("POST /login", public, p.loginSubmit)
	add("GET /login/mfa", mfaStep, p.mfaChallengeShow)
	add("POST /login/mfa", mfaStep, p.mfaChallengeSubmit)
	add("POST /logout", Access{Stage: "any"}, p.logoutSubmit)
	add("GET /forgot", public, p.forgotShow)
	add("POST /forgot", public, p.forgotSubmit)
	add("GET /reset", public, p.resetShow)
	add("POST /reset", public, p.resetSubmit)

	add("GET /mfa/setup", enrol, p.mfaSetupShow)
	add("POST /mfa/setup", enrol, p.mfaSetupSubmit)

	add("GET /reauth", signedIn, p.reauthShow)
	add("POST /reauth", signedIn, p.reauthSubmit)
	add("POST /session/extend", signedIn, p.sessionExtend)
	add("GET /notices", signedIn, p.noticesShow)
	add("GET /profile/security", signedIn, p.securityShow)
	add("POST /profile/password", signedIn, p.passwordSubmit)
	add("POST /profile/email", signedIn, p.emailSubmit)
	add("POST /profile/mfa/disable", signedIn, p.mfaDisableSubmit)
	add("POST /profile/mfa/recovery-codes", signedIn, p.recoveryCodesSubmit)
	add("POST /profile/sessions/{id}/revoke", signedIn, p.sessionRevokeSubmit)
	add("POST /profile/sessions/revoke-others", signedIn, p.sessionsRevokeOthersSubmit)

	add("GET /requests", signedIn, p.requestsShow)
	add("POST /requests", signedIn, p.requestCreateSubmit)
	add("GET /requests/{id}", signedIn, p.requestShow)
	add("POST /requests/{id}/delete", signedIn, p.requestDeleteSubmit)
	add("POST /requests/{id}/comments", signedIn, p.requestCommentSubmit)
	staff := need(domain.PermManageRequests)
	add("GET /admin/requests", staff, p.requestsShow)
	add("POST /requests/{id}/approve", staff, p.requestApproveSubmit)
	add("POST /requests/{id}/decline", staff, p.requestDeclineSubmit)
	add("POST /requests/bulk", staff, p.requestsBulkSubmit) // the queue's checkboxes; each id under its own checks
	// The request dialog's "on behalf of" picker: id and name only, rate limited.
	add("GET /admin/requests/users", staff, p.requestersShow)

	add("GET /issues", signedIn, p.issuesShow)
	add("POST /issues", signedIn, p.issueCreateSubmit) // CREATE_ISSUES or MANAGE_ISSUES, checked by the service
	add("GET /issues/{id}", signedIn, p.issueShow)
	add("POST /issues/{id}/comments", signedIn, p.issueCommentSubmit)
	add("POST /issues/{id}/status", need(domain.PermManageIssues), p.issueStatusSubmit)

	users := need(domain.PermManageUsers)
	add("GET /admin/users", users, p.adminUsersShow)
	add("GET /admin/users/new", users, p.adminUserNewShow)
	add("POST /admin/users/new", users, p.adminUserNewSubmit)
	add("GET /admin/users/{id}", users, p.adminUserShow)
	add("POST /admin/users/{id}/permissions", users, p.adminUserPermissionsSubmit)
	add("POST /admin/users/{id}/quota", users, p.adminUserQuotaSubmit)
	add("POST /admin/users/{id}/suspend", users, p.adminUserSuspendSubmit)
	add("POST /admin/users/{id}/restore", users, p.adminUserRestoreSubmit)
	add("POST /admin/users/{id}/delete", users, p.adminUserDeleteSubmit)
	add("POST /admin/users/{id}/sessions/end", users, p.adminUserSessionsEndSubmit)
	add("POST /admin/users/{id}/sessions/{sid}/revoke", users, p.adminUserSessionRevokeSubmit)
	add("POST /admin/users/{id}/mfa/reset", users, p.adminUserMFAResetSubmit)
	add("POST /admin/users/{id}/reset-link", users, p.adminUserResetLinkSubmit)

	admin := need(domain.PermAdmin)
	add("GET /admin/status", admin, p.adminStatusShow)
	add("GET /admin/audit", admin, p.adminAuditShow)
	add("GET /admin/jobs", admin, p.adminJobsShow)
	add("POST /admin/jobs/{kind}/run", admin, p.adminJobRunSubmit)
	add("POST /admin/jobs/{kind}/schedule", admin, p.adminJobScheduleSubmit)
	add("GET /admin/audit/export", admin, p.adminAuditExport)
	add("GET /admin/settings", admin, p.adminSettingsShow)
	add("POST /admin/settings/security", admin, p.adminSettingsSecuritySubmit)
	add("POST /admin/settings/smtp", admin, p.adminSettingsSMTPSubmit)
	// Radarr, Sonarr, Jellyfin and Plex: forms need a recent password
	// confirmation; the connection test is rate limited per admin.
	add("GET /admin/services", admin, p.adminServicesShow)
	add("GET /admin/services/new", admin, p.adminServiceNewShow)
	add("POST /admin/services/new", admin, p.adminServiceCreateSubmit)
	add("POST /admin/services/test", admin, p.adminServiceTestSubmit)
	add("GET /admin/services/{id}", admin, p.adminServiceShow)
	add("POST /admin/services/{id}", admin, p.adminServiceUpdateSubmit)
	add("POST /admin/services/{id}/default", admin, p.adminServiceDefaultSubmit)
	add("POST /admin/services/{id}/delete", admin, p.adminServiceDeleteSubmit)
}
