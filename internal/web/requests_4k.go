package web

import "github.com/lemedia/lemedia/internal/domain"

// Can4K reports whether the request forms offer "Request in 4K" for a
// media type: the signed-in user may request it in 4K and a default 4K
// Radarr or Sonarr exists.
func (v view) Can4K(typ string) bool {
	if v.User == nil || v.pages == nil || v.pages.svc == nil || v.req == nil {
		return false
	}
	pr, ok := principal(v.req)
	return ok && v.pages.svc.Can4K(v.req.Context(), pr, domain.MediaType(typ))
}
