package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestRequestOnBehalf(t *testing.T) { bothEngines(t, requestOnBehalf) }

// requestOnBehalf: staff find a user with the picker's endpoint, file a
// request for them within that user's quota; non-staff can do none of it.
func requestOnBehalf(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	ritaID := createUser(t, s, owner, "rita")
	samID := createUser(t, s, owner, "sam")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")

	// The picker's endpoint: staff only, id and name only, JSON.
	anon := s.NewBrowser(t)
	if p := anon.Get("/admin/requests/users?q=ri"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
		t.Errorf("anonymous picker: %d %s", p.Status, p.Location)
	}
	if p := rita.Get("/admin/requests/users?q=sa"); p.Status != http.StatusNotFound || strings.Contains(p.Body, `"name"`) {
		t.Errorf("a plain user reaches the picker: %d", p.Status)
	}
	p := owner.Get("/admin/requests/users?q=RIT")
	var got []map[string]any
	if p.Status != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") || json.Unmarshal([]byte(p.Body), &got) != nil {
		t.Fatalf("picker: %d %q %s", p.Status, p.Header.Get("Content-Type"), p.Body)
	}
	if len(got) != 1 || len(got[0]) != 2 || got[0]["name"] != "rita" || jsonID(got[0]["id"]) != ritaID {
		t.Fatalf("picker answer %s, want only rita's id and name", p.Body)
	}
	if p := owner.Get("/admin/requests/users?q=sam%40example"); !strings.Contains(p.Body, `"name":"sam"`) || strings.Contains(p.Body, "example.org") {
		t.Errorf("search by email: %s", p.Body)
	}
	if p := owner.Get("/admin/requests/users?q=" + url.QueryEscape(`<script>"`)); p.Status != 200 || strings.TrimSpace(p.Body) != "[]" {
		t.Errorf("hostile query: %d %s", p.Status, p.Body)
	}

	// Title pages: only staff get the picker; a name chosen without the
	// script is resolved by the server and carried by the request form.
	const film = "/movie/9000002"
	checkPage(t, "film for rita", rita.Get(film+"?for_user_name=sam&for_user="+samID), 200, nil,
		[]string{"data-user-picker", `name="for_user"`, "on behalf"})
	checkPage(t, "film for staff", owner.Get(film), 200, []string{"Request on behalf of", `data-user-picker="/admin/requests/users"`,
		"Leave empty to request for yourself."}, []string{`type="hidden" name="for_user" value=`})
	chosen := owner.Get(film + "?for_user_name=rita")
	checkPage(t, "film, rita chosen", chosen, 200, []string{`value="rita"`, `<input type="hidden" name="for_user" value="` + ritaID + `">`,
		"filed for <strong>rita</strong>"}, []string{"aria-invalid"})
	if inlineStyle.MatchString(chosen.Body) {
		t.Error("the picker has an inline style or handler")
	}
	checkPage(t, "film, unknown user", owner.Get(film+"?for_user_name="+url.QueryEscape(`<b>nobody</b>`)), 200,
		[]string{`aria-invalid="true"`, "No active user called “&lt;b&gt;nobody&lt;/b&gt;” may request.", " disabled>Request</button>"},
		[]string{"<b>nobody", `type="hidden" name="for_user" value=`})
	for _, path := range []string{"/tv/9100002?for_user_name=rita", "/tv/9100002/season/1?for_user_name=rita"} {
		checkPage(t, path, owner.Get(path), 200, []string{`<input type="hidden" name="for_user" value="` + ritaID + `">`}, nil)
	}

	// A plain user cannot file for someone else: refused, nothing filed.
	if p := rita.Submit(film, "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000002"}, "for_user": {samID}}); p.Status != http.StatusForbidden {
		t.Fatalf("rita requests for sam: %d", p.Status)
	}
	sam := s.NewBrowser(t)
	signIn(t, sam, "sam", "password of sam")
	if n := strings.Count(sam.Get("/requests").Body, `href="/requests/`); n != 0 {
		t.Fatalf("sam has %d requests after rita's attempt", n)
	}

	// Rita may have one film a week; staff filing for her use it up.
	if p := owner.Submit("/admin/users/"+ritaID, "/admin/users/"+ritaID+"/quota", url.Values{"quota_movie_limit": {"1"}, "quota_movie_days": {"7"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("set rita's quota: %d %s", p.Status, p.Body)
	}
	checkPage(t, "film, rita's quota", owner.Get(film+"?for_user_name=rita"), 200, []string{"1 of 1 film requests left this week."}, nil)
	made := owner.Submit(film, "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000002"}, "for_user": {ritaID}})
	if made.Status != http.StatusSeeOther || !strings.HasPrefix(made.Location, "/requests/") {
		t.Fatalf("owner requests for rita: %d %s", made.Status, made.Body)
	}
	reqPath := strings.TrimSuffix(made.Location, "?done=created")
	if mine := rita.Get("/requests"); !strings.Contains(mine.Body, `href="`+reqPath+`"`) {
		t.Fatalf("rita's requests lack %s", reqPath)
	}
	checkPage(t, "film, rita's quota used", owner.Get("/movie/9000003?for_user_name=rita"), 200,
		[]string{"rita has used all 1 film requests this week", " disabled>Request</button>"}, nil)
	over := owner.Submit("/movie/9000003", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000003"}, "for_user": {ritaID}})
	checkPage(t, "over rita's quota", over, http.StatusTooManyRequests, []string{"That user has used their 1 film requests"}, nil)
	if p := owner.Submit("/movie/9000003", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000003"}}); p.Status != http.StatusSeeOther {
		t.Errorf("staff for themselves are not limited: %d", p.Status)
	}
}

// jsonID is a JSON number as the decimal string ids have in pages.
func jsonID(v any) string {
	f, _ := v.(float64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func TestUserPickerIsRateLimited(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	var last apptest.Page
	for range 31 {
		last = owner.Get("/admin/requests/users?q=o")
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("31st look-up at once: %d", last.Status)
	}
	if p := owner.Get("/"); p.Status != 200 {
		t.Fatalf("the picker's limit spilled over to pages: %d", p.Status)
	}
}
