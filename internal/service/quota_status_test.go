package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

func TestQuotaStatusAndCounts(t *testing.T) {
	e, _ := requestEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	e.user(t, owner, "ann", domain.RolePermissions[domain.RoleUser])
	ann := e.login(t, "ann", "password for ann")

	st := e.svc.Settings(ctx)
	st.MovieQuota, st.MovieQuotaDays = 2, 7
	bad := st
	bad.MovieQuota, bad.TVQuotaDays, bad.MovieQuotaDays = -1, 366, 7
	var many service.FieldErrors
	if err := e.svc.UpdateSettings(ctx, m, owner, bad); !errors.As(err, &many) || len(many) != 2 {
		t.Fatalf("out-of-range limits: %v", err)
	}
	if err := e.svc.UpdateSettings(ctx, m, owner, st); err != nil {
		t.Fatal(err)
	}

	used, limit, days, refill, err := e.svc.QuotaStatus(ctx, ann, domain.Movie)
	if err != nil || used != 0 || limit != 2 || days != 7 || !refill.IsZero() {
		t.Fatalf("fresh: %d/%d per %d, %v, %v", used, limit, days, refill, err)
	}
	first := e.clock.Now()
	if _, err := e.svc.CreateRequest(ctx, m, ann, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_001}); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(24 * time.Hour)
	if _, err := e.svc.CreateRequest(ctx, m, ann, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_002}); err != nil {
		t.Fatal(err)
	}
	used, limit, _, refill, err = e.svc.QuotaStatus(ctx, ann, domain.Movie)
	if err != nil || used != 2 || limit != 2 || !refill.Equal(first.Add(7*24*time.Hour)) {
		t.Fatalf("used up: %d/%d, refill %v, %v", used, limit, refill, err)
	}
	e.clock.Add(6*24*time.Hour + time.Minute) // the first leaves the window
	if used, _, _, _, _ = e.svc.QuotaStatus(ctx, ann, domain.Movie); used != 1 {
		t.Fatalf("after a week: %d used", used)
	}
	if _, limit, _, _, _ = e.svc.QuotaStatus(ctx, owner, domain.Movie); limit != 0 {
		t.Fatal("staff have a limit")
	}

	// Counts: staff see them, others get 0.
	if n := e.svc.PendingRequestCount(ctx, owner); n != 2 {
		t.Fatalf("pending count %d", n)
	}
	if n := e.svc.PendingRequestCount(ctx, ann); n != 0 {
		t.Fatalf("a user gets a pending count: %d", n)
	}
	if n := e.svc.OpenIssueCount(ctx, ann); n != 0 {
		t.Fatalf("a user gets an issue count: %d", n)
	}
}
