package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// listFixture stores two users' requests: every status in turn, every
// third a series of two seasons; one minute apart.
func listFixture(t *testing.T, s *store.Store) (users [2]int64, ids map[int64][]int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	at = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ids = map[int64][]int64{}
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		for i, name := range []string{"ann", "bob"} {
			id, err := store.CreateUser(ctx, tx, store.NewUser{Username: name, Email: name + "@example.org", PasswordHash: "x", Now: at})
			if err != nil {
				return err
			}
			users[i] = id
		}
		for i := range 70 {
			u := users[i%3/2] // ann two of three, bob one
			r := domain.Request{UserID: u, RequestedBy: u, Type: domain.Movie, TMDBID: int64(1000 + i), Title: "T",
				Status: domain.RequestStatuses[i%len(domain.RequestStatuses)]}
			if i%5 == 0 {
				r.Type = domain.TV
				r.Items = []domain.RequestItem{{Season: 3, Episode: 1}, {Season: 1, Episode: 1}, {Season: 1, Episode: 2}}
			}
			id, err := store.InsertRequest(ctx, tx, r, at.Add(time.Duration(i)*time.Minute))
			if err != nil {
				return err
			}
			ids[u] = append(ids[u], id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return users, ids, at
}

// pageRefs follows keyset pages of n and returns every id in order.
func pageRefs(t *testing.T, s *store.Store, q store.RequestQuery, n int) []int64 {
	t.Helper()
	var out []int64
	q.Limit = n
	for range 100 {
		refs, err := store.ListRequestRefs(context.Background(), s.Read(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range refs {
			out = append(out, r.ID)
		}
		if len(refs) < n {
			return out
		}
		last := refs[len(refs)-1]
		q.After = &store.RequestKey{ID: last.ID}
		if q.Sort == store.SortModified {
			rows, err := store.RequestRowsByID(context.Background(), s.Read(), s.Engine, []int64{last.ID})
			if err != nil || len(rows) != 1 {
				t.Fatal(rows, err)
			}
			q.After.At = rows[0].UpdatedAt
		}
	}
	t.Fatal("more than 100 pages")
	return nil
}

func newestFirst(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

func TestRequestListQueries(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		users, ids, at := listFixture(t, s)
		ann, bob := users[0], users[1]
		all := newestFirst(append(slices.Clone(ids[ann]), ids[bob]...))

		if got := pageRefs(t, s, store.RequestQuery{UserID: ann}, 7); !slices.Equal(got, newestFirst(ids[ann])) {
			t.Fatalf("ann's pages: %v", got)
		}
		if got := pageRefs(t, s, store.RequestQuery{}, 9); !slices.Equal(got, all) {
			t.Fatalf("everyone's pages: %v", got)
		}
		// Filters: each page holds only matching rows, and all of them.
		check := func(name string, q store.RequestQuery, keep func(r store.RequestRow) bool) {
			t.Helper()
			got := pageRefs(t, s, q, 4)
			rows, err := store.RequestRowsByID(ctx, s.Read(), s.Engine, all)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[int64]store.RequestRow{}
			for _, r := range rows {
				byID[r.ID] = r
			}
			var want []int64
			for _, id := range all {
				if keep(byID[id]) {
					want = append(want, id)
				}
			}
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Fatalf("%s: %v, want %v", name, got, want)
			}
		}
		check("ann pending", store.RequestQuery{UserID: ann, Statuses: []domain.RequestStatus{domain.StatusPending}},
			func(r store.RequestRow) bool { return r.UserID == ann && r.Status == domain.StatusPending })
		check("everyone available", store.RequestQuery{Statuses: []domain.RequestStatus{domain.StatusAvailable}},
			func(r store.RequestRow) bool { return r.Status == domain.StatusAvailable })
		check("completed", store.RequestQuery{Statuses: []domain.RequestStatus{domain.StatusAvailable, domain.StatusDeleted}},
			func(r store.RequestRow) bool {
				return r.Status == domain.StatusAvailable || r.Status == domain.StatusDeleted
			})
		check("bob's series", store.RequestQuery{UserID: bob, Type: domain.TV},
			func(r store.RequestRow) bool { return r.UserID == bob && r.Type == domain.TV })

		// Offset (Seerr's skip) lands where the keyset does.
		refs, err := store.ListRequestRefs(ctx, s.Read(), store.RequestQuery{Offset: 20, Limit: 5})
		if err != nil || len(refs) != 5 || refs[0].ID != all[20] {
			t.Fatalf("offset: %v %v", refs, err)
		}

		// Modified order: a moved request comes first; paging still sees
		// every row once.
		moved := ids[bob][0]
		rows, err := store.RequestRowsByID(ctx, s.Read(), s.Engine, []int64{moved})
		if err != nil || len(rows) != 1 {
			t.Fatal(rows, err)
		}
		to := slices.IndexFunc(domain.RequestStatuses, func(st domain.RequestStatus) bool { return domain.CanMove(rows[0].Status, st) })
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			return store.MoveRequest(ctx, tx, moved, rows[0].Status, domain.RequestStatuses[to], ann, "", at.Add(24*time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		got := pageRefs(t, s, store.RequestQuery{Sort: store.SortModified}, 6)
		if got[0] != moved || len(got) != len(all) || !slices.Equal(newestFirst(got), all) {
			t.Fatalf("modified order: %v", got)
		}
		if got := pageRefs(t, s, store.RequestQuery{UserID: bob, Sort: store.SortModified}, 3); got[0] != moved || len(got) != len(ids[bob]) {
			t.Fatalf("bob's modified order: %v", got)
		}
	})
}

func TestRequestRowsByID(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		users, ids, _ := listFixture(t, s)
		want := append(slices.Clone(ids[users[0]][:30]), 999999) // more than one statement's batch, and a missing id
		rows, err := store.RequestRowsByID(ctx, s.Read(), s.Engine, want)
		if err != nil || len(rows) != 30 {
			t.Fatalf("%d rows, %v", len(rows), err)
		}
		for _, r := range rows {
			if r.Username != "ann" || r.CreatedAt.Location() != time.UTC {
				t.Fatalf("row %+v", r)
			}
			if r.Type == domain.TV && !slices.Equal(r.Seasons, []int{1, 3}) || r.Type == domain.Movie && r.Seasons != nil {
				t.Fatalf("seasons of %d (%s): %v", r.ID, r.Type, r.Seasons)
			}
		}
	})
}

// Every change to a request, a user or a session bumps its version, also
// one made with SQL outside this package: the caches of the read paths
// depend on it.
func TestVersionsFollowEveryUpdate(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		users, ids, at := listFixture(t, s)
		id := ids[users[0]][0]
		version := func() int64 {
			refs, err := store.ListRequestRefs(ctx, s.Read(), store.RequestQuery{UserID: users[0], Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range refs {
				if r.ID == id {
					return r.Version
				}
			}
			t.Fatal("request gone")
			return 0
		}
		v0 := version()
		if _, err := s.DB.ExecContext(ctx, `UPDATE media_request SET title = 'renamed' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if v := version(); v != v0+1 {
			t.Fatalf("version %d after an update, want %d", v, v0+1)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			return store.MoveRequest(ctx, tx, id, domain.StatusPending, domain.StatusApproved, 0, "", at)
		})
		if err != nil || version() != v0+2 {
			t.Fatalf("after a move: %d %v", version(), err)
		}

		if _, err := store.CreateSession(ctx, s.DB, "hash-1", store.Session{UserID: users[0], Stage: store.StageFull, CreatedAt: at,
			ExpiresAt: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		sv, uv, err := store.SessionVersions(ctx, s.Read(), "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		sess, _, err := store.SessionWithUser(ctx, s.Read(), "hash-1")
		if err != nil || sess.Version != sv || sess.UserVersion != uv {
			t.Fatalf("versions %d/%d, read with %+v: %v", sv, uv, sess, err)
		}
		if err := store.TouchSession(ctx, s.DB, sess.ID, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := store.SetPermissions(ctx, s.DB, users[0], domain.PermRequest, at); err != nil {
			t.Fatal(err)
		}
		if sv2, uv2, _ := store.SessionVersions(ctx, s.Read(), "hash-1"); sv2 != sv+1 || uv2 != uv+1 {
			t.Fatalf("after touch and demotion: %d/%d, was %d/%d", sv2, uv2, sv, uv)
		}
		if _, _, err := store.SessionVersions(ctx, s.Read(), "no-such-hash"); err != store.ErrNotFound {
			t.Fatalf("unknown session: %v", err)
		}
	})
}

func TestCountRequestsBy(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		users, ids, _ := listFixture(t, s)
		for _, c := range []struct {
			user int64
			want int
		}{{0, 70}, {users[0], len(ids[users[0]])}, {users[1], len(ids[users[1]])}} {
			rows, err := store.CountRequestsBy(ctx, s.Read(), c.user)
			if err != nil {
				t.Fatal(err)
			}
			n, tv := 0, 0
			for _, r := range rows {
				n += r.N
				if r.Type == domain.TV {
					tv += r.N
				}
			}
			if n != c.want || tv == 0 || len(rows) < 8 {
				t.Fatalf("user %d: %d requests (%d series) in %d groups, want %d", c.user, n, tv, len(rows), c.want)
			}
		}
	})
}
