package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

// requestCreateSubmit files a request from a title page's form: type,
// tmdb_id, any number of season=N and episode=S:E, is_4k=1 for the 4K
// track, and for_user (staff).
func (p *Pages) requestCreateSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	_ = r.ParseForm()
	in, err := requestInput(r)
	if err != nil {
		p.RenderError(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	req, err := p.svc.CreateRequest(r.Context(), meta(r), pr, in)
	var quota *service.QuotaError
	var fe *service.FieldError
	switch {
	case err == nil:
		http.Redirect(w, r, "/requests/"+strconv.FormatInt(req.ID, 10)+"?done=created", http.StatusSeeOther)
	case errors.Is(err, service.ErrAlreadyRequested) && in.Is4K:
		p.RenderError(w, r, http.StatusConflict, "That is already requested in 4K.")
	case errors.Is(err, service.ErrAlreadyRequested):
		p.RenderError(w, r, http.StatusConflict, "That is already requested or in the library.")
	case errors.As(err, &quota):
		kind := map[domain.MediaType]string{domain.Movie: "film", domain.TV: "series"}[quota.Type]
		w.Header().Set("Retry-After", strconv.Itoa(max(int(quota.RefillAt.Sub(p.svc.Now()).Seconds()), 1)))
		who := "You have used your"
		if in.ForUserID != 0 && in.ForUserID != pr.User.ID {
			who = "That user has used their" // on their behalf: their quota, not staff's
		}
		p.RenderError(w, r, http.StatusTooManyRequests, fmt.Sprintf(
			"%s %d %s requests for the last %d days. The next one is free on %s.",
			who, quota.Limit, kind, quota.Days, quota.RefillAt.Format("2 Jan 2006 15:04 UTC")))
	case errors.Is(err, service.ErrMaintenance):
		w.Header().Set("Retry-After", "600")
		p.RenderError(w, r, http.StatusServiceUnavailable, "Requests are paused for maintenance. Try again later.")
	case errors.Is(err, service.ErrNothingToRequest):
		p.RenderError(w, r, http.StatusUnprocessableEntity, "Choose at least one season or episode.")
	case errors.Is(err, service.ErrForbidden) && in.ForUserID != 0 && in.ForUserID != pr.User.ID && pr.User.Permissions.Has(domain.PermManageRequests):
		p.RenderError(w, r, http.StatusForbidden, "That user may not request this.")
	case errors.Is(err, service.ErrForbidden) && in.Is4K:
		p.RenderError(w, r, http.StatusForbidden, "Your account may not request this in 4K.")
	case errors.Is(err, service.ErrForbidden):
		p.RenderError(w, r, http.StatusForbidden, "Your account may not request this.")
	case errors.As(err, &fe):
		p.RenderError(w, r, http.StatusUnprocessableEntity, sentence(fe.Message))
	default:
		p.fail(w, r, err)
	}
}

// requestInput parses the request form; errors name the bad value.
func requestInput(r *http.Request) (service.RequestInput, error) {
	f := r.PostForm
	in := service.RequestInput{Type: domain.MediaType(f.Get("type"))}
	var err error
	if in.TMDBID, err = strconv.ParseInt(f.Get("tmdb_id"), 10, 64); err != nil || in.TMDBID <= 0 {
		return in, errors.New("The title id is missing or not a number.")
	}
	in.Is4K = f.Get("is_4k") == "1"
	if v := f.Get("for_user"); v != "" {
		if in.ForUserID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return in, errors.New("The user id is not a number.")
		}
	}
	for _, v := range f["season"] {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			return in, fmt.Errorf("%q is not a season number.", v)
		}
		in.Seasons = append(in.Seasons, n)
	}
	for _, v := range f["episode"] {
		s, e, ok := strings.Cut(v, ":")
		sn, err1 := strconv.Atoi(s)
		en, err2 := strconv.Atoi(e)
		if !ok || err1 != nil || err2 != nil || sn < 0 || en < 1 {
			return in, fmt.Errorf("%q is not an episode (season:episode).", v)
		}
		in.Episodes = append(in.Episodes, service.Episode{Season: sn, Episode: en})
	}
	if len(in.Seasons)+len(in.Episodes) > 2000 {
		return in, errors.New("Too many seasons or episodes at once.")
	}
	return in, nil
}
