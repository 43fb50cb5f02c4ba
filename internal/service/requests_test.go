package service_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

// titles is a small stand-in for the metadata source.
type titles struct{}

func (titles) Movie(_ context.Context, id int64) (service.TitleInfo, error) {
	if id >= 9_100_000 {
		return service.TitleInfo{}, errors.New("no such film")
	}
	return service.TitleInfo{Title: "Film " + itoa(int(id%100)), PosterPath: "/p.png"}, nil
}

func (titles) Series(_ context.Context, id int64) (service.TitleInfo, error) {
	if id < 9_100_000 {
		return service.TitleInfo{}, errors.New("no such series")
	}
	return service.TitleInfo{Title: "Series", Seasons: map[int][]int{1: {1, 2, 3}, 2: {1, 2}, 3: {1, 2, 3, 4}}}, nil
}

type handoffs struct {
	mu  sync.Mutex
	ids []int64
}

func (h *handoffs) Enqueue(_ context.Context, _ *store.Tx, id int64) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ids = append(h.ids, id)
	return nil
}

func (h *handoffs) EnqueueOnce(ctx context.Context, tx *store.Tx, id int64) error {
	return h.Enqueue(ctx, tx, id)
}

func requestEnv(t *testing.T, url string) (*env, *handoffs) {
	e := newEnv(t, url)
	h := &handoffs{}
	e.svc.Metadata, e.svc.Handoff = titles{}, h
	return e, h
}

func TestRequestLifecycle(t *testing.T) {
	for _, url := range []string{"", "pg"} {
		t.Run(map[string]string{"": "sqlite", "pg": "postgres"}[url], func(t *testing.T) {
			e, h := requestEnv(t, pgURL(t, url))
			ctx := context.Background()
			owner := e.owner(t)
			e.user(t, owner, "ann", domain.RolePermissions[domain.RoleUser])
			ann := e.login(t, "ann", "password for ann")

			r, err := e.svc.CreateRequest(ctx, m, ann, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_001})
			if err != nil || r.Status != domain.StatusPending || len(h.ids) != 0 {
				t.Fatalf("create: %+v %v", r, err)
			}
			if _, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_001}); !errors.Is(err, service.ErrAlreadyRequested) {
				t.Fatalf("duplicate: %v", err)
			}
			if err := e.svc.Approve(ctx, m, ann, r.ID); !errors.Is(err, service.ErrNotFound) {
				t.Fatalf("requester approves: %v", err)
			}
			if err := e.svc.Decline(ctx, m, owner, r.ID, ""); fieldOf(err) != "reason" {
				t.Fatalf("decline without a reason: %v", err)
			}
			if err := e.svc.Decline(ctx, m, owner, r.ID, "Not on this server, sorry"); err != nil {
				t.Fatal(err)
			}
			got, _ := e.svc.GetRequest(ctx, ann, r.ID)
			if got.Status != domain.StatusDeclined || got.DeclineReason != "Not on this server, sorry" {
				t.Fatalf("declined: %+v", got)
			}
			if err := e.svc.Approve(ctx, m, owner, r.ID); fieldOf(err) != "status" {
				t.Fatalf("approve a declined request: %v", err)
			}
			// Declined frees the film: it can be requested again, and staff auto-approve.
			r2, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_001})
			if err != nil || r2.Status != domain.StatusApproved || len(h.ids) != 1 || h.ids[0] != r2.ID {
				t.Fatalf("staff request: %+v %v %v", r2, err, h.ids)
			}
			events, _ := store.RequestEvents(ctx, e.st.DB, r.ID)
			if len(events) != 1 || events[0].From != domain.StatusPending || events[0].To != domain.StatusDeclined || events[0].ActorID != owner.User.ID {
				t.Fatalf("history %+v", events)
			}
			rows, _ := store.ListAudit(ctx, e.st.DB, store.AuditFilter{Action: "request.declined"})
			if len(rows) != 1 {
				t.Fatal("decline not audited")
			}
		})
	}
}

func pgURL(t *testing.T, which string) string {
	if which == "" {
		return ""
	}
	return postgresURL(t)
}

func TestSeriesRequestsClaimEpisodes(t *testing.T) {
	e, _ := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	e.user(t, owner, "bo", domain.RolePermissions[domain.RoleUser])
	bo := e.login(t, "bo", "password for bo")
	const show = 9_100_001
	r, err := e.svc.CreateRequest(ctx, m, bo, service.RequestInput{Type: domain.TV, TMDBID: show, Seasons: []int{1, 2}})
	if err != nil || len(r.Items) != 5 {
		t.Fatalf("two seasons: %+v %v", r, err)
	}
	for _, c := range []service.RequestInput{
		{Type: domain.TV, TMDBID: show, Episodes: []service.Episode{{2, 2}}},
		{Type: domain.TV, TMDBID: show}, // the whole series overlaps
	} {
		if _, err := e.svc.CreateRequest(ctx, m, owner, c); !errors.Is(err, service.ErrAlreadyRequested) {
			t.Fatalf("overlap %+v: %v", c, err)
		}
	}
	one, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.TV, TMDBID: show, Episodes: []service.Episode{{3, 4}}})
	if err != nil || len(one.Items) != 1 {
		t.Fatalf("one episode: %+v %v", one, err)
	}
	for _, bad := range []service.RequestInput{
		{Type: domain.TV, TMDBID: show, Seasons: []int{9}},
		{Type: domain.TV, TMDBID: show, Episodes: []service.Episode{{1, 99}}},
		{Type: "music", TMDBID: show},
	} {
		if _, err := e.svc.CreateRequest(ctx, m, owner, bad); fieldOf(err) == "" {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if err := e.svc.DeleteRequest(ctx, m, bo, r.ID); err != nil {
		t.Fatalf("withdraw own pending: %v", err)
	}
	if _, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.TV, TMDBID: show, Episodes: []service.Episode{{2, 2}}}); err != nil {
		t.Fatalf("after withdrawal: %v", err)
	}
	claims, _ := store.Claims(ctx, e.st.DB, domain.TV, show)
	if len(claims) != 2 {
		t.Fatalf("claims %v", claims)
	}
}

func TestConcurrentDuplicateRequests(t *testing.T) {
	for _, which := range []string{"", "pg"} {
		t.Run(map[string]string{"": "sqlite", "pg": "postgres"}[which], func(t *testing.T) {
			e, _ := requestEnv(t, pgURL(t, which))
			ctx := context.Background()
			owner := e.owner(t)
			var users []service.Principal
			for i := range 4 {
				e.user(t, owner, "u"+itoa(i), domain.RolePermissions[domain.RoleUser])
				users = append(users, e.login(t, "u"+itoa(i), "password for u"+itoa(i)))
			}
			var wg sync.WaitGroup
			errs := make([]error, len(users))
			for i, u := range users {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = e.svc.CreateRequest(ctx, m, u, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_042})
				}()
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				if err == nil {
					won++
				} else if !errors.Is(err, service.ErrAlreadyRequested) {
					t.Errorf("unexpected %v", err)
				}
			}
			list, _ := store.ListRequests(ctx, e.st.DB, store.RequestFilter{Limit: 10})
			if won != 1 || len(list) != 1 {
				t.Fatalf("%d won, %d stored", won, len(list))
			}
		})
	}
}

func TestQuota(t *testing.T) {
	for _, which := range []string{"", "pg"} {
		t.Run(map[string]string{"": "sqlite", "pg": "postgres"}[which], func(t *testing.T) {
			e, _ := requestEnv(t, pgURL(t, which))
			ctx := context.Background()
			owner := e.owner(t)
			u := e.user(t, owner, "quinn", domain.RolePermissions[domain.RoleUser])
			limit, days := 3, 7
			if err := e.svc.SetQuota(ctx, m, owner, u.ID, domain.Quota{MovieLimit: &limit, MovieDays: &days}); err != nil {
				t.Fatal(err)
			}
			quinn := e.login(t, "quinn", "password for quinn")
			// 20 parallel submissions of different films: exactly 3 go through.
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok, refused := 0, 0
			for i := range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := e.svc.CreateRequest(ctx, m, quinn, service.RequestInput{Type: domain.Movie, TMDBID: int64(9_000_100 + i)})
					mu.Lock()
					defer mu.Unlock()
					var qe *service.QuotaError
					switch {
					case err == nil:
						ok++
					case errors.As(err, &qe):
						refused++
						if qe.Limit != 3 || qe.Days != 7 || !qe.RefillAt.Equal(e.clock.Now().Add(7*24*time.Hour).UTC()) {
							t.Errorf("quota error %+v", qe)
						}
					default:
						t.Errorf("unexpected %v", err)
					}
				}()
			}
			wg.Wait()
			if ok != 3 || refused != 17 {
				t.Fatalf("%d accepted, %d refused", ok, refused)
			}
			// Across the window boundary: one second before, still full; after, room again.
			e.clock.Add(7*24*time.Hour - time.Second)
			if _, err := e.svc.CreateRequest(ctx, m, quinn, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_200}); err == nil {
				t.Fatal("quota refilled early")
			}
			e.clock.Add(2 * time.Second)
			if _, err := e.svc.CreateRequest(ctx, m, quinn, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_201}); err != nil {
				t.Fatalf("after the window: %v", err)
			}
		})
	}
}

func TestAutoApprovePerPermission(t *testing.T) {
	e, h := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	base := domain.PermRequest
	cases := []struct {
		perms       domain.Permission
		typ         domain.MediaType
		id          int64
		autoApprove bool
	}{
		{base, domain.Movie, 9_000_301, false},
		{base | domain.PermAutoApproveMovie, domain.Movie, 9_000_302, true},
		{base | domain.PermAutoApproveMovie, domain.TV, 9_100_302, false},
		{base | domain.PermAutoApproveTV, domain.TV, 9_100_303, true},
		{base | domain.PermAutoApprove, domain.TV, 9_100_304, true},
	}
	for i, c := range cases {
		name := "aa" + itoa(i)
		e.user(t, owner, name, c.perms)
		p := e.login(t, name, "password for "+name)
		r, err := e.svc.CreateRequest(ctx, m, p, service.RequestInput{Type: c.typ, TMDBID: c.id})
		if err != nil || (r.Status == domain.StatusApproved) != c.autoApprove {
			t.Errorf("%v %s: %v %v", c.perms.Names(), c.typ, r.Status, err)
		}
	}
	if len(h.ids) != 3 {
		t.Errorf("%d hand-offs enqueued", len(h.ids))
	}
	// A user without the right to request series.
	e.user(t, owner, "moviesonly", domain.PermRequestMovie)
	mo := e.login(t, "moviesonly", "password for moviesonly")
	if _, err := e.svc.CreateRequest(ctx, m, mo, service.RequestInput{Type: domain.TV, TMDBID: 9_100_310}); !errors.Is(err, service.ErrForbidden) {
		t.Errorf("series without permission: %v", err)
	}
}

func TestRequestsAreOwnersOnly(t *testing.T) {
	e, _ := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	e.user(t, owner, "amy", domain.RolePermissions[domain.RoleUser])
	e.user(t, owner, "ben", domain.RolePermissions[domain.RoleUser])
	amy, ben := e.login(t, "amy", "password for amy"), e.login(t, "ben", "password for ben")
	r, _ := e.svc.CreateRequest(ctx, m, amy, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_500})
	if _, err := e.svc.GetRequest(ctx, ben, r.ID); !errors.Is(err, service.ErrNotFound) {
		t.Errorf("ben reads amy's request: %v", err)
	}
	if err := e.svc.DeleteRequest(ctx, m, ben, r.ID); !errors.Is(err, service.ErrNotFound) {
		t.Errorf("ben deletes amy's request: %v", err)
	}
	if _, err := e.svc.CreateRequest(ctx, m, ben, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_501, ForUserID: amy.User.ID}); !errors.Is(err, service.ErrForbidden) {
		t.Errorf("ben requests on amy's behalf: %v", err)
	}
	onBehalf, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_502, ForUserID: amy.User.ID})
	if err != nil || onBehalf.UserID != amy.User.ID || onBehalf.RequestedBy != owner.User.ID {
		t.Errorf("on behalf: %+v %v", onBehalf, err)
	}
}

func TestMaintenanceRefusesNewRequests(t *testing.T) {
	e, _ := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	st := e.svc.Settings(ctx)
	st.Maintenance = true
	if err := e.svc.UpdateSettings(ctx, m, owner, st); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_600}); !errors.Is(err, service.ErrMaintenance) {
		t.Fatalf("%v", err)
	}
}
