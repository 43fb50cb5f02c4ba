package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

func TestStalePendingRequestsExpire(t *testing.T) {
	for _, url := range []string{"", "pg"} {
		t.Run(map[string]string{"": "sqlite", "pg": "postgres"}[url], func(t *testing.T) {
			e, _ := requestEnv(t, pgURL(t, url))
			ctx := context.Background()
			owner := e.owner(t)
			e.user(t, owner, "ann", domain.RolePermissions[domain.RoleUser])
			ann := e.login(t, "ann", "password for ann")
			old, err := e.svc.CreateRequest(ctx, m, ann, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_001})
			if err != nil {
				t.Fatal(err)
			}
			if n, err := e.svc.ExpireStalePending(ctx); n != 0 || err != nil {
				t.Fatalf("expiry off: %d %v", n, err)
			}
			st := e.svc.Settings(ctx)
			st.PendingExpiryDays = 14
			if err := e.svc.UpdateSettings(ctx, m, owner, st); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(10 * 24 * time.Hour)
			fresh, err := e.svc.CreateRequest(ctx, m, ann, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_002})
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Add(5 * 24 * time.Hour) // the first is 15 days old, the second 5
			if n, err := e.svc.ExpireStalePending(ctx); n != 1 || err != nil {
				t.Fatalf("expired %d, %v", n, err)
			}
			got, _ := e.svc.GetRequest(ctx, ann, old.ID)
			if got.Status != domain.StatusDeclined || got.DeclineReason != "Expired: no decision within 14 days." {
				t.Fatalf("old request: %s %q", got.Status, got.DeclineReason)
			}
			if got, _ := e.svc.GetRequest(ctx, ann, fresh.ID); got.Status != domain.StatusPending {
				t.Fatalf("fresh request: %s", got.Status)
			}
			st.PendingExpiryDays = 400
			if err := e.svc.UpdateSettings(ctx, m, owner, st); fieldOf(err) != "pending_expiry_days" {
				t.Fatalf("400 days accepted: %v", err)
			}
		})
	}
}
