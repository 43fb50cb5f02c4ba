package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

func TestCommentsAndStaffNotes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.svc.Metadata = titles{}
		ctx := context.Background()
		owner := e.owner(t)
		e.user(t, owner, "cat", domain.RolePermissions[domain.RoleUser])
		e.user(t, owner, "dan", domain.RolePermissions[domain.RoleUser]|domain.PermRequestView)
		cat, dan := e.login(t, "cat", "password for cat"), e.login(t, "dan", "password for dan")
		r, _ := e.svc.CreateRequest(ctx, m, cat, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_700})
		if err := e.svc.CommentOnRequest(ctx, m, cat, r.ID, "  Please in French if you can\r\nthanks ", false); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.CommentOnRequest(ctx, m, owner, r.ID, "Radarr has no French release yet", true); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.CommentOnRequest(ctx, m, cat, r.ID, "sneaky", true); !errors.Is(err, service.ErrForbidden) {
			t.Fatalf("requester writes a staff note: %v", err)
		}
		if err := e.svc.CommentOnRequest(ctx, m, dan, r.ID, "me too", false); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("a viewer comments: %v", err)
		}
		for _, bad := range []string{"", "   ", strings.Repeat("x", 2001)} {
			if err := e.svc.CommentOnRequest(ctx, m, cat, r.ID, bad, false); fieldOf(err) != "body" {
				t.Errorf("%d chars: %v", len(bad), err)
			}
		}
		if err := e.svc.CommentOnRequest(ctx, m, cat, r.ID, strings.Repeat("é", 2000), false); err != nil {
			t.Errorf("2000 characters refused: %v", err)
		}
		mine, _ := e.svc.RequestComments(ctx, cat, r.ID)
		staff, _ := e.svc.RequestComments(ctx, owner, r.ID)
		if len(mine) != 2 || len(staff) != 3 || mine[0].Body != "Please in French if you can\nthanks" || mine[0].Username != "cat" {
			t.Fatalf("requester sees %d, staff %d: %+v", len(mine), len(staff), mine)
		}
		for _, c := range mine {
			if c.StaffOnly {
				t.Fatal("the requester sees a staff note")
			}
		}
		e.user(t, owner, "eve", domain.RolePermissions[domain.RoleUser])
		eve := e.login(t, "eve", "password for eve")
		if _, err := e.svc.RequestComments(ctx, eve, r.ID); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("a stranger reads comments: %v", err)
		}
	})
}

func TestIssues(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.svc.Metadata = titles{}
		ctx := context.Background()
		owner := e.owner(t)
		e.user(t, owner, "fay", domain.RolePermissions[domain.RoleUser])
		e.user(t, owner, "gus", domain.RolePermissions[domain.RoleUser])
		fay, gus := e.login(t, "fay", "password for fay"), e.login(t, "gus", "password for gus")
		in := service.IssueInput{Type: domain.Movie, TMDBID: 9_000_800, Kind: "audio", Description: "The sound is out of sync"}
		if _, err := e.svc.ReportIssue(ctx, m, fay, in); fieldOf(err) != "title" {
			t.Fatalf("issue on a title not in the library: %v", err)
		}
		r, _ := e.svc.CreateRequest(ctx, m, owner, service.RequestInput{Type: domain.Movie, TMDBID: 9_000_800})
		err := e.st.WithTx(ctx, func(tx *store.Tx) error { // what the availability sync will do
			if err := store.MoveRequest(ctx, tx, r.ID, domain.StatusApproved, domain.StatusProcessing, 0, "", e.clock.Now()); err != nil {
				return err
			}
			return store.MoveRequest(ctx, tx, r.ID, domain.StatusProcessing, domain.StatusAvailable, 0, "", e.clock.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ReportIssue(ctx, m, fay, service.IssueInput{Type: domain.Movie, TMDBID: 9_000_800, Kind: "smell", Description: "x"}); fieldOf(err) != "kind" {
			t.Fatalf("bad kind: %v", err)
		}
		is, err := e.svc.ReportIssue(ctx, m, fay, in)
		if err != nil || is.Status != domain.IssueOpen || is.Title == "" {
			t.Fatalf("report: %+v %v", is, err)
		}
		if _, err := e.svc.GetIssue(ctx, gus, is.ID); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("another user reads the issue: %v", err)
		}
		if err := e.svc.CommentOnIssue(ctx, m, gus, is.ID, "hi"); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("another user comments: %v", err)
		}
		if err := e.svc.SetIssueStatus(ctx, m, fay, is.ID, domain.IssueResolved); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("reporter resolves: %v", err)
		}
		if err := e.svc.CommentOnIssue(ctx, m, owner, is.ID, "Replaced the file, please check"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetIssueStatus(ctx, m, owner, is.ID, domain.IssueResolved); err != nil {
			t.Fatal(err)
		}
		got, _ := e.svc.GetIssue(ctx, fay, is.ID)
		if got.Status != domain.IssueResolved || len(got.Comments) != 1 || got.Comments[0].Username != "owner" {
			t.Fatalf("after resolve: %+v", got)
		}
		if err := e.svc.SetIssueStatus(ctx, m, owner, is.ID, domain.IssueOpen); err != nil {
			t.Fatal(err)
		}
		mine, _ := e.svc.Issues(ctx, gus, "", 0)
		all, _ := e.svc.Issues(ctx, owner, domain.IssueOpen, 0)
		if len(mine) != 0 || len(all) != 1 {
			t.Fatalf("lists: %d %d", len(mine), len(all))
		}
	})
}
