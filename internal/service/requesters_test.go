package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

func TestRequesterPicker(t *testing.T) {
	e, _ := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	zoe := e.user(t, owner, "zoe", domain.RolePermissions[domain.RoleUser])
	zora := e.user(t, owner, "zora", domain.RolePermissions[domain.RoleUser])
	e.user(t, owner, "zorro", domain.PermCreateIssues) // may not request
	gone := e.user(t, owner, "zola", domain.RolePermissions[domain.RoleUser])
	if err := e.svc.Suspend(ctx, m, owner, gone.ID); err != nil {
		t.Fatal(err)
	}
	ben := e.login(t, e.user(t, owner, "ben", domain.RolePermissions[domain.RoleUser]).Username, "password for ben")

	got, err := e.svc.SearchRequesters(ctx, owner, " ZO ")
	if err != nil || len(got) != 2 || got[0] != (service.Requester{ID: zoe.ID, Name: "zoe"}) || got[1].Name != "zora" {
		t.Fatalf("search zo: %+v %v", got, err)
	}
	if got, _ := e.svc.SearchRequesters(ctx, owner, "zoe@example"); len(got) != 1 || got[0].ID != zoe.ID {
		t.Errorf("search by email: %+v", got)
	}
	if got, _ := e.svc.SearchRequesters(ctx, owner, "owner"); len(got) != 0 {
		t.Errorf("staff find themself: %+v", got)
	}
	if got, err := e.svc.SearchRequesters(ctx, owner, "  "); err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty search: %#v %v", got, err)
	}
	if _, err := e.svc.SearchRequesters(ctx, ben, "zo"); !errors.Is(err, service.ErrForbidden) {
		t.Errorf("a plain user searches users: %v", err)
	}

	// Found by id while the name still matches, else by the typed name.
	for _, c := range []struct {
		id   int64
		name string
		want int64
	}{{zoe.ID, "zoe", zoe.ID}, {0, "ZOE@example.org", zoe.ID}, {zoe.ID, "zora", zora.ID}, {0, "", 0}} {
		r, err := e.svc.FindRequester(ctx, owner, c.id, c.name)
		if err != nil || (c.want != 0 && r.ID != c.want) || (c.name == "" && r.ID != 0) {
			t.Errorf("find %d %q: %+v %v", c.id, c.name, r, err)
		}
	}
	var fe *service.FieldError
	for _, name := range []string{"zola", "zorro", "nobody"} {
		if _, err := e.svc.FindRequester(ctx, owner, 0, name); !errors.As(err, &fe) || fe.Field != "for_user" {
			t.Errorf("find %s: %v", name, err)
		}
	}
	if _, err := e.svc.FindRequester(ctx, ben, zoe.ID, "zoe"); !errors.Is(err, service.ErrForbidden) {
		t.Errorf("a plain user resolves a user: %v", err)
	}
}

// TestOnBehalfObeysTheirQuota: staff are not limited, but a request they
// file for someone counts against, and is refused by, that user's quota.
func TestOnBehalfObeysTheirQuota(t *testing.T) {
	e, _ := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	zoe := e.user(t, owner, "zoe", domain.RolePermissions[domain.RoleUser])
	st := e.svc.Settings(ctx)
	st.MovieQuota, st.MovieQuotaDays = 1, 7
	if err := e.svc.UpdateSettings(ctx, m, owner, st); err != nil {
		t.Fatal(err)
	}
	if _, limit, _, _, err := e.svc.QuotaStatusFor(ctx, owner, zoe.ID, domain.Movie); err != nil || limit != 1 {
		t.Fatalf("zoe's quota as staff see it: %d %v", limit, err)
	}
	if _, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_701, ForUserID: zoe.ID}); err != nil {
		t.Fatal(err)
	}
	used, _, _, refill, err := e.svc.QuotaStatusFor(ctx, owner, zoe.ID, domain.Movie)
	if err != nil || used != 1 || refill.IsZero() {
		t.Fatalf("after one: used %d, refill %v, %v", used, refill, err)
	}
	var qe *service.QuotaError
	if _, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_702, ForUserID: zoe.ID}); !errors.As(err, &qe) || qe.Limit != 1 {
		t.Fatalf("second on zoe's behalf: %v", err)
	}
	if _, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_702}); err != nil {
		t.Fatalf("staff for themselves: %v", err)
	}
	zoeP := e.login(t, "zoe", "password for zoe")
	if _, _, _, _, err := e.svc.QuotaStatusFor(ctx, zoeP, owner.User.ID, domain.Movie); !errors.Is(err, service.ErrForbidden) {
		t.Errorf("a plain user reads another's quota: %v", err)
	}
}
