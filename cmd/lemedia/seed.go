package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// SeedPassword is the password of every seeded user (for benchmarks only).
const SeedPassword = "benchmark user password"

// seed fills an empty database with users and requests for benchmarks and
// demos: deterministic, fast (one password hash for all users), and it
// refuses a database that already has users besides an owner.
func seed(ctx context.Context, cfg *config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	users := fs.Int("users", 200, "users to create (seed-user-1 … seed-user-N)")
	requests := fs.Int("requests", 10000, "requests to spread over them, newest last")
	sent := fs.Bool("sent", false, "every request processing, sent to the default Radarr (films) or Sonarr (a season each), "+
		"pointing at a title that service holds (read from its API; lemedia service add them first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	page, err := store.ListUsers(ctx, a.Store.DB, "seed-user-", 0, 1)
	if err != nil {
		return err
	}
	if page.Total > 0 {
		return fmt.Errorf("the database already has seeded users")
	}
	var titles *sentTitles
	if *sent {
		shows := *requests / 4 // as below: every fourth request is a series
		if titles, err = loadSentTitles(ctx, a, *requests-shows, shows); err != nil {
			return err
		}
	}
	hash, err := a.Service.Hasher.Hash(ctx, SeedPassword)
	if err != nil {
		return err
	}
	start := time.Now()
	ids := make([]int64, *users)
	now := time.Now().Add(-time.Duration(*requests) * time.Minute)
	err = a.Store.WithTx(ctx, func(tx *store.Tx) error {
		for i := range ids {
			name := "seed-user-" + strconv.Itoa(i+1)
			id, err := store.CreateUser(ctx, tx, store.NewUser{Username: name, Email: name + "@example.org", PasswordHash: hash,
				Permissions: domain.RolePermissions[domain.RoleUser], Now: now})
			if err != nil {
				return err
			}
			ids[i] = id
		}
		return nil
	})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2)) // the same data every time
	statuses := []domain.RequestStatus{domain.StatusPending, domain.StatusPending, domain.StatusApproved, domain.StatusProcessing,
		domain.StatusAvailable, domain.StatusAvailable, domain.StatusAvailable, domain.StatusPartiallyAvailable, domain.StatusFailed}
	const batch = 500
	for done := 0; done < *requests; done += batch {
		err := a.Store.WithTx(ctx, func(tx *store.Tx) error {
			for i := done; i < min(done+batch, *requests); i++ {
				r := domain.Request{UserID: ids[rng.IntN(len(ids))], Type: domain.Movie, TMDBID: int64(8_000_000 + i),
					Title: "Seeded film " + strconv.Itoa(i+1), Status: statuses[rng.IntN(len(statuses))]}
				if i%4 == 3 { // a quarter are series with a season of 8 episodes
					r.Type, r.Title = domain.TV, "Seeded series "+strconv.Itoa(i+1)
					for e := 1; e <= 8; e++ {
						r.Items = append(r.Items, domain.RequestItem{Season: 1, Episode: e})
					}
				}
				r.RequestedBy = r.UserID
				var serviceID, externalID int64
				if titles != nil {
					serviceID, externalID = titles.next(&r)
				}
				id, err := store.InsertRequest(ctx, tx, r, now.Add(time.Duration(i)*time.Minute))
				if err != nil {
					return err
				}
				if titles != nil {
					if err := store.SetRequestDelivery(ctx, tx, id, serviceID, externalID); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	what := ""
	if titles != nil {
		what = " (processing, sent to Radarr and Sonarr)"
	}
	fmt.Fprintf(stdout, "seeded %d users (password %q) and %d requests%s in %s\n", *users, SeedPassword, *requests, what,
		time.Since(start).Round(time.Millisecond))
	return nil
}
