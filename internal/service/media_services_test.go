package service_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

// keyCanary is an API key no page, audit row, log or error may contain.
const keyCanary = "radarrkeycanary0123456789abcdef"

// fakeProber answers every test with ok and records what it was given.
type fakeProber struct {
	mu   sync.Mutex
	urls []string
	keys []string
}

func (f *fakeProber) Probe(_ context.Context, kind, baseURL string, key secret.Secret) service.ProbeResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.urls, f.keys = append(f.urls, baseURL), append(f.keys, key.Reveal())
	return service.ProbeResult{Version: "5.0", Choices: service.ServiceChoices{QualityProfiles: []service.Choice{{Value: "1", Label: "Any"}}}}
}

func radarrInput(name, key string) service.MediaServiceInput {
	return service.MediaServiceInput{MediaService: service.MediaService{Kind: service.ServiceRadarr, Name: name,
		BaseURL: "http://radarr.lan:7878/", APIKey: secret.New(key), Enabled: true,
		Arr: service.ArrSettings{QualityProfileID: 4, RootFolder: "/movies", Tags: []int{2, 1, 2}}}}
}

// auditText is every audit row's action, target and metadata.
func (e *env) auditText(t *testing.T) string {
	t.Helper()
	rows, err := e.st.DB.Query(`SELECT action, target, metadata FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var a, tg, md string
		if err := rows.Scan(&a, &tg, &md); err != nil {
			t.Fatal(err)
		}
		b.WriteString(a + " " + tg + " " + md + "\n")
	}
	return b.String()
}

func TestMediaServiceValidation(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	cases := []struct {
		name   string
		change func(in *service.MediaServiceInput)
		fields []string
	}{
		{"no name", func(in *service.MediaServiceInput) { in.Name = "  " }, []string{"name"}},
		{"long name", func(in *service.MediaServiceInput) { in.Name = strings.Repeat("n", 65) }, []string{"name"}},
		{"credentials in the URL", func(in *service.MediaServiceInput) { in.BaseURL = "http://u:p@radarr:7878" }, []string{"base_url"}},
		{"query", func(in *service.MediaServiceInput) { in.BaseURL = "http://radarr:7878/?apikey=x" }, []string{"base_url"}},
		{"fragment", func(in *service.MediaServiceInput) { in.BaseURL = "http://radarr:7878/#x" }, []string{"base_url"}},
		{"not http", func(in *service.MediaServiceInput) { in.BaseURL = "file:///etc/passwd" }, []string{"base_url"}},
		{"relative", func(in *service.MediaServiceInput) { in.BaseURL = "radarr:7878" }, []string{"base_url"}},
		{"no key", func(in *service.MediaServiceInput) { in.APIKey = secret.Secret{} }, []string{"api_key"}},
		{"key with a quote", func(in *service.MediaServiceInput) { in.APIKey = secret.New(`ab"cd`) }, []string{"api_key"}},
		{"no profile or folder", func(in *service.MediaServiceInput) { in.Arr.QualityProfileID, in.Arr.RootFolder = 0, "" },
			[]string{"quality_profile", "root_folder"}},
		{"relative folder", func(in *service.MediaServiceInput) { in.Arr.RootFolder = "movies" }, []string{"root_folder"}},
		{"availability", func(in *service.MediaServiceInput) { in.Arr.MinimumAvailability = "soon" }, []string{"minimum_availability"}},
		{"negative tag", func(in *service.MediaServiceInput) { in.Arr.Tags = []int{-1} }, []string{"tags"}},
		{"series type", func(in *service.MediaServiceInput) { in.Kind, in.Arr.SeriesType = service.ServiceSonarr, "cartoon" }, []string{"series_type"}},
		{"no libraries", func(in *service.MediaServiceInput) { in.Kind = service.ServiceJellyfin }, []string{"libraries"}},
		{"unknown kind", func(in *service.MediaServiceInput) { in.Kind = "lidarr" }, []string{"kind"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := radarrInput("Main", keyCanary)
			c.change(&in)
			_, err := e.svc.CreateMediaService(ctx, m, owner, in)
			var many service.FieldErrors
			if !errors.As(err, &many) {
				t.Fatalf("err = %v, want field errors on %v", err, c.fields)
			}
			var got []string
			for _, fe := range many {
				got = append(got, fe.Field)
				if strings.Contains(fe.Message, keyCanary) {
					t.Errorf("the key is in the message %q", fe.Message)
				}
			}
			if strings.Join(got, ",") != strings.Join(c.fields, ",") {
				t.Fatalf("fields %v, want %v", got, c.fields)
			}
		})
	}
	list, _ := e.svc.ListMediaServices(ctx, owner)
	if len(list) != 0 {
		t.Fatalf("invalid input stored: %+v", list)
	}
}

func TestMediaServiceLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.owner(t)
		id, err := e.svc.CreateMediaService(ctx, m, owner, radarrInput("Main", keyCanary))
		if err != nil {
			t.Fatal(err)
		}
		// Stored sealed, bound to its row; the first of its kind is the default.
		row, _ := store.MediaServiceByID(ctx, e.st.DB, id)
		if !strings.HasPrefix(row.APIKey, "v1.") || strings.Contains(row.APIKey, keyCanary) || !row.Default {
			t.Fatalf("row: %+v", row)
		}
		info, err := e.svc.GetMediaService(ctx, owner, id)
		if err != nil || !info.KeySet || !info.APIKey.IsZero() || info.BaseURL != "http://radarr.lan:7878" ||
			info.Arr.MinimumAvailability != "released" || len(info.Arr.Tags) != 2 {
			t.Fatalf("admin view: %+v %v", info, err)
		}
		def, ok, err := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, false)
		if err != nil || !ok || def.ID != id || def.APIKey.Reveal() != keyCanary {
			t.Fatalf("default: %+v %v %v", def, ok, err)
		}
		if _, ok, _ := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, true); ok {
			t.Fatal("a 4K default appeared")
		}

		// A second one, made default, takes over; an empty key keeps the stored one.
		in2 := radarrInput("Second", "secondkey")
		in2.Default = true
		id2, err := e.svc.CreateMediaService(ctx, m, owner, in2)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateMediaService(ctx, m, owner, radarrInput("second", "k")); fieldOf(err) != "name" {
			t.Fatalf("same name again: %v", err)
		}
		upd := radarrInput("Main renamed", "")
		upd.ID = id
		upd.Arr.MinimumAvailability = "inCinemas"
		if err := e.svc.UpdateMediaService(ctx, m, owner, upd); err != nil {
			t.Fatal(err)
		}
		all, _ := e.svc.MediaServices(ctx, service.ServiceRadarr)
		if len(all) != 2 || all[0].ID != id2 || all[1].Name != "Main renamed" || all[1].APIKey.Reveal() != keyCanary ||
			all[1].Arr.MinimumAvailability != "inCinemas" || all[1].Default {
			t.Fatalf("after update: %+v", all)
		}
		if err := e.svc.SetDefaultMediaService(ctx, m, owner, id); err != nil {
			t.Fatal(err)
		}
		if def, _, _ := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, false); def.ID != id {
			t.Fatalf("default is %d", def.ID)
		}

		// Disabled services are not handed to the jobs.
		off := radarrInput("Main renamed", "")
		off.ID, off.Default, off.Enabled = id, true, false
		if err := e.svc.UpdateMediaService(ctx, m, owner, off); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, false); ok {
			t.Fatal("a disabled default was returned")
		}

		// Others may not; an admin without a recent password may not change keys.
		alice := e.login(t, e.user(t, owner, "alice", domain.PermManageUsers|domain.PermManageRequests).Username, "password for alice")
		if _, err := e.svc.ListMediaServices(ctx, alice); !errors.Is(err, service.ErrForbidden) {
			t.Fatalf("non-admin list: %v", err)
		}
		if _, err := e.svc.TestMediaService(ctx, m, alice, radarrInput("x", "k")); !errors.Is(err, service.ErrForbidden) {
			t.Fatalf("non-admin test: %v", err)
		}
		e.clock.Add(11 * time.Minute)
		owner = e.reload(t, owner)
		if _, err := e.svc.CreateMediaService(ctx, m, owner, radarrInput("Late", "k")); !errors.Is(err, service.ErrReauthRequired) {
			t.Fatalf("create without re-authentication: %v", err)
		}
		if err := e.svc.DeleteMediaService(ctx, m, owner, id); !errors.Is(err, service.ErrReauthRequired) {
			t.Fatalf("delete without re-authentication: %v", err)
		}
		if err := e.svc.Reauthenticate(ctx, m, owner, ownerPassword, ""); err != nil {
			t.Fatal(err)
		}
		owner = e.reload(t, owner)
		if err := e.svc.DeleteMediaService(ctx, m, owner, id); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.GetMediaService(ctx, owner, id); !errors.Is(err, service.ErrNotFound) {
			t.Fatalf("deleted: %v", err)
		}

		text := e.auditText(t)
		for _, want := range []string{"service.create service:" + strconv.FormatInt(id, 10), "service.update", `"changed":["name","settings"]`,
			"service.default", "service.delete"} {
			if !strings.Contains(text, want) {
				t.Errorf("audit lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, keyCanary) || strings.Contains(text, "secondkey") {
			t.Errorf("a key reached the audit log:\n%s", text)
		}
	})
}

// A stored key opens only in its own row, and not once changed.
func TestSealedKeysRefuseTamperingAndOtherRows(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	a, _ := e.svc.CreateMediaService(ctx, m, owner, radarrInput("A", keyCanary))
	b, _ := e.svc.CreateMediaService(ctx, m, owner, radarrInput("B", "key-of-b"))
	rowA, _ := store.MediaServiceByID(ctx, e.st.DB, a)
	// The value of row A copied into row B: the AAD names row A.
	if _, err := e.st.DB.Exec(`UPDATE media_service SET api_key = $1 WHERE id = $2`, rowA.APIKey, b); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.MediaServices(ctx, service.ServiceRadarr)
	if err != nil || len(list) != 1 || list[0].ID != a || list[0].APIKey.Reveal() != keyCanary {
		t.Fatalf("with a copied value: %+v %v", list, err)
	}
	// One flipped character of the ciphertext.
	body := []byte(rowA.APIKey)
	i := len(body) - 5
	body[i] = map[bool]byte{true: 'A', false: 'B'}[body[i] != 'A']
	if _, err := e.st.DB.Exec(`UPDATE media_service SET api_key = $1 WHERE id = $2`, string(body), a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, false); !errors.Is(err, service.ErrKeyUnreadable) ||
		strings.Contains(err.Error(), keyCanary) {
		t.Fatalf("tampered default: %v", err)
	}
	if list, _ := e.svc.MediaServices(ctx, service.ServiceRadarr); len(list) != 0 {
		t.Fatalf("tampered keys were opened: %+v", list)
	}
	// A test with the stored key says so on the key field.
	e.svc.Prober = &fakeProber{}
	in := radarrInput("A", "")
	in.ID = a
	if _, err := e.svc.TestMediaService(ctx, m, owner, in); fieldOf(err) != "api_key" {
		t.Fatalf("test with a tampered key: %v", err)
	}
}

func TestConnectionTestKeys(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	pr := &fakeProber{}
	e.svc.Prober = pr
	// A typed key comes back sealed for this admin; it saves the service.
	res, err := e.svc.TestMediaService(ctx, m, owner, radarrInput("Main", keyCanary))
	if err != nil || !res.OK() || res.KeyToken == "" || strings.Contains(res.KeyToken, keyCanary) {
		t.Fatalf("test: %+v %v", res, err)
	}
	if pr.keys[0] != keyCanary || pr.urls[0] != "http://radarr.lan:7878" {
		t.Fatalf("probed %v %v", pr.urls, pr.keys)
	}
	bob := e.login(t, e.user(t, owner, "bob", domain.PermAdmin).Username, "password for bob")
	fromBob := radarrInput("Main", "")
	fromBob.KeyToken = res.KeyToken
	if _, err := e.svc.CreateMediaService(ctx, m, bob, fromBob); fieldOf(err) != "api_key" {
		t.Fatalf("another admin used the token: %v", err)
	}
	save := radarrInput("Main", "")
	save.KeyToken = res.KeyToken
	id, err := e.svc.CreateMediaService(ctx, m, owner, save)
	if err != nil {
		t.Fatal(err)
	}
	if def, _, _ := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, false); def.APIKey.Reveal() != keyCanary {
		t.Fatal("the remembered key was not stored")
	}
	// Without a typed key, the stored one goes to the stored address only,
	// unless the admin confirmed their password recently.
	again := radarrInput("Main", "")
	again.ID = id
	if _, err := e.svc.TestMediaService(ctx, m, owner, again); err != nil || pr.keys[1] != keyCanary {
		t.Fatalf("test with the stored key: %v", err)
	}
	e.clock.Add(11 * time.Minute)
	owner = e.reload(t, owner)
	again.BaseURL = "http://attacker.example:7878"
	if _, err := e.svc.TestMediaService(ctx, m, owner, again); !errors.Is(err, service.ErrReauthRequired) {
		t.Fatalf("stored key to another address: %v", err)
	}
	if len(pr.keys) != 2 {
		t.Fatal("the stored key was sent to another address")
	}
	// The token lives 15 minutes.
	stale := radarrInput("Other", "")
	stale.KeyToken = res.KeyToken
	if err := e.svc.Reauthenticate(ctx, m, owner, ownerPassword, ""); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(5 * time.Minute) // 16 minutes after the test
	owner = e.reload(t, owner)
	if _, err := e.svc.CreateMediaService(ctx, m, owner, stale); fieldOf(err) != "api_key" {
		t.Fatalf("expired token: %v", err)
	}
	if text := e.auditText(t); !strings.Contains(text, `service.test service:new {"base_url":"http://radarr.lan:7878","kind":"radarr","result":"ok"}`) ||
		strings.Contains(text, keyCanary) {
		t.Fatalf("audit:\n%s", text)
	}
}

// reload reads the principal's session again (after a re-authentication
// or to see the clock move).
func (e *env) reload(t *testing.T, p service.Principal) service.Principal {
	t.Helper()
	np, err := e.svc.Authenticate(context.Background(), m, e.tokens[p.Session.ID])
	if err != nil {
		t.Fatal(err)
	}
	return np
}
