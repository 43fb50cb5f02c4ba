package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

// cacheClock moves the ages of the service's in-memory caches.
func cacheClock(e *env) *clock {
	c := &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	service.SetCacheClock(e.svc, c.Now)
	return c
}

// Changes made through this process end or change a kept session at the
// next request; changes another instance makes (here: SQL written behind
// the store's back) show within a second, and never later.
func TestKeptSessionsFollowChanges(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cc := cacheClock(e)
		owner := e.owner(t)
		u := e.user(t, owner, "kept", domain.RolePermissions[domain.RoleUser])
		p := e.login(t, "kept", "password for kept")
		tok := e.sessionToken(t, p)
		auth := func() (service.Principal, error) { return e.svc.Authenticate(ctx, m, tok) }

		// Another instance demotes the user: seen once the second is over.
		if _, err := e.st.DB.ExecContext(ctx, `UPDATE app_user SET permissions = 0 WHERE id = $1`, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := auth(); err != nil || got.User.Permissions == 0 {
			t.Fatalf("within the second the kept session serves (%v): the cache is not used", err)
		}
		cc.Add(time.Second)
		if got, err := auth(); err != nil || got.User.Permissions != 0 {
			t.Fatalf("another instance's demotion not seen after a second: %v %v", got.User.Permissions, err)
		}

		// This process promotes them: seen at the next request.
		if err := e.svc.SetPermissions(ctx, m, owner, u.ID, domain.RolePermissions[domain.RoleUser]); err != nil {
			t.Fatal(err)
		}
		if _, err := auth(); err == nil {
			t.Fatal("a permission change here must end the user's sessions at once")
		}

		// Another instance signs a session out: gone within a second.
		p = e.login(t, "kept", "password for kept")
		tok = e.sessionToken(t, p)
		if _, err := auth(); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.DB.ExecContext(ctx, `DELETE FROM user_session WHERE id = $1`, p.Session.ID); err != nil {
			t.Fatal(err)
		}
		cc.Add(time.Second)
		if _, err := auth(); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("a session deleted elsewhere still works after a second: %v", err)
		}

		// This process signs out: gone at the next request, no waiting.
		p = e.login(t, "kept", "password for kept")
		tok = e.sessionToken(t, p)
		if _, err := auth(); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Logout(ctx, m, p); err != nil {
			t.Fatal(err)
		}
		if _, err := auth(); err == nil {
			t.Fatal("signed out here, still signed in")
		}

		// Elevation here shows at once too (a sensitive action needs it).
		p = e.login(t, "kept", "password for kept")
		tok = e.sessionToken(t, p)
		e.clock.Add(20 * time.Minute) // past the re-authentication window
		got, err := auth()
		if err != nil || e.svc.Elevated(got) {
			t.Fatalf("still elevated 20 minutes after sign-in (%v)", err)
		}
		p = got
		if err := e.svc.Reauthenticate(ctx, m, p, "password for kept", ""); err != nil {
			t.Fatal(err)
		}
		if got, err := auth(); err != nil || !e.svc.Elevated(got) {
			t.Fatalf("re-authentication not seen by the next request (%v)", err)
		}
	})
}

// The counts follow every request written through this process at once,
// and another instance's within a second.
func TestRequestCountsFollowWrites(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		cc := cacheClock(e)
		owner := e.owner(t)
		u := e.user(t, owner, "counted", domain.RolePermissions[domain.RoleUser])
		p := e.login(t, "counted", "password for counted")
		insert := func(tmdb int64, st domain.RequestStatus) int64 {
			var id int64
			err := e.st.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				id, err = store.InsertRequest(ctx, tx, domain.Request{UserID: u.ID, RequestedBy: u.ID, Type: domain.Movie, TMDBID: tmdb,
					Title: "F", Status: st}, e.clock.Now())
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		count := func(p service.Principal, st ...domain.RequestStatus) int {
			c, err := e.svc.RequestCountsFor(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			return c.Count("", st...)
		}
		insert(1, domain.StatusPending)
		if n := count(p); n != 1 {
			t.Fatalf("%d requests", n)
		}
		id := insert(2, domain.StatusPending)
		if n, staff := count(p, domain.StatusPending), count(owner, domain.StatusPending); n != 2 || staff != 2 {
			t.Fatalf("after a second request: %d, staff %d", n, staff)
		}
		err := e.st.WithTx(ctx, func(tx *store.Tx) error {
			return store.MoveRequest(ctx, tx, id, domain.StatusPending, domain.StatusApproved, owner.User.ID, "", e.clock.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(p, domain.StatusPending); n != 1 {
			t.Fatalf("after an approval: %d pending", n)
		}
		if _, err := e.st.DB.ExecContext(ctx, `DELETE FROM media_request WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		cc.Add(time.Second)
		if n := count(p); n != 1 {
			t.Fatalf("another instance's delete not seen after a second: %d", n)
		}
		if n := e.svc.PendingRequestCount(ctx, owner); n != 1 {
			t.Fatalf("staff navigation count %d", n)
		}
		if n := e.svc.PendingRequestCount(ctx, p); n != 0 {
			t.Fatalf("a user gets a navigation count: %d", n)
		}
	})
}
