package service

import (
	"context"
	"errors"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
)

// MediaServiceInfo is a service as an admin sees it: APIKey is always
// empty, KeySet says whether a key is stored.
type MediaServiceInfo struct {
	MediaService
	KeySet bool
}

// MediaServiceInput is the service form. ID 0 creates. An empty APIKey
// keeps the stored key, or takes the one remembered by KeyToken after a
// connection test.
type MediaServiceInput struct {
	MediaService
	KeyToken string
}

func serviceTarget(id int64) string { return "service:" + itoa(id) }

// ListMediaServices lists every service for the admin pages.
func (s *Service) ListMediaServices(ctx context.Context, p Principal) ([]MediaServiceInfo, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	return s.MediaServicesLocal(ctx)
}

// GetMediaService returns one service for its edit page.
func (s *Service) GetMediaService(ctx context.Context, p Principal, id int64) (MediaServiceInfo, error) {
	if err := requireAdmin(p); err != nil {
		return MediaServiceInfo{}, err
	}
	r, err := s.serviceRow(ctx, s.Store.DB, id)
	if err != nil {
		return MediaServiceInfo{}, err
	}
	m, err := fromRow(r)
	return MediaServiceInfo{MediaService: m, KeySet: r.APIKey != ""}, err
}

func (s *Service) serviceRow(ctx context.Context, q store.Querier, id int64) (store.MediaService, error) {
	r, err := store.MediaServiceByID(ctx, q, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, ErrNotFound
	}
	return r, err
}

// CreateMediaService validates and stores a new service with its key
// sealed to its row. The first of a kind and tier becomes its default.
// It needs a recent re-authentication: the key is a credential.
func (s *Service) CreateMediaService(ctx context.Context, m Meta, p Principal, in MediaServiceInput) (int64, error) {
	if err := requireAdmin(p); err != nil {
		return 0, err
	}
	if !s.Elevated(p) {
		return 0, ErrReauthRequired
	}
	key, keyErr := s.inputKey(p, in)
	return s.createMediaService(ctx, m, &p.User, in.MediaService, key, keyErr)
}

// createMediaService validates svc and stores it with key sealed to its
// row, audited as actor's.
func (s *Service) createMediaService(ctx context.Context, m Meta, actor *domain.User, svc MediaService, key secret.Secret, keyErr error) (int64, error) {
	svc.ID = 0
	if keyErr == nil && key.IsZero() {
		keyErr = fieldErr("api_key", "enter the API key")
	}
	if err := joinFieldErrors(validateMediaService(&svc), keyErr); err != nil {
		return 0, err
	}
	var id int64
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := s.claimName(ctx, tx, svc); err != nil {
			return err
		}
		if err := s.claimDefault(ctx, tx, &svc); err != nil {
			return err
		}
		var err error
		id, err = store.InsertMediaService(ctx, tx, toRow(svc), s.Now())
		if err != nil {
			return err
		}
		if err := s.sealKey(ctx, tx, id, key); err != nil {
			return err
		}
		return s.record(ctx, tx, m, actor, "service.create", serviceTarget(id), "success", auditOf(svc, nil))
	})
	return id, err
}

// UpdateMediaService saves the form over an existing service. The kind
// cannot change; an empty key keeps the stored one.
func (s *Service) UpdateMediaService(ctx context.Context, m Meta, p Principal, in MediaServiceInput) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	row, err := s.serviceRow(ctx, s.Store.DB, in.ID)
	if err != nil {
		return err
	}
	old, err := fromRow(row)
	if err != nil {
		return err
	}
	svc := in.MediaService
	svc.Kind = row.Kind
	key, keyErr := s.inputKey(p, in)
	if err := joinFieldErrors(validateMediaService(&svc), keyErr); err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := s.claimName(ctx, tx, svc); err != nil {
			return err
		}
		if svc.Default {
			if err := store.ClearMediaServiceDefault(ctx, tx, svc.Kind, svc.Is4K, s.Now()); err != nil {
				return err
			}
		}
		if err := store.UpdateMediaService(ctx, tx, toRow(svc), s.Now()); err != nil {
			return err
		}
		if !key.IsZero() {
			if err := s.sealKey(ctx, tx, svc.ID, key); err != nil {
				return err
			}
		}
		meta := auditOf(svc, changedFields(old, svc, !key.IsZero()))
		return s.record(ctx, tx, m, &p.User, "service.update", serviceTarget(svc.ID), "success", meta)
	})
}

// DeleteMediaService removes a service and its key. Needs a recent
// re-authentication.
func (s *Service) DeleteMediaService(ctx context.Context, m Meta, p Principal, id int64) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	row, err := s.serviceRow(ctx, s.Store.DB, id)
	if err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DeleteMediaService(ctx, tx, id); errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "service.delete", serviceTarget(id), "success",
			map[string]any{"kind": row.Kind, "name": row.Name, "base_url": row.BaseURL})
	})
}

// SetDefaultMediaService makes a service the default of its kind and tier.
func (s *Service) SetDefaultMediaService(ctx context.Context, m Meta, p Principal, id int64) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		row, err := s.serviceRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := store.ClearMediaServiceDefault(ctx, tx, row.Kind, row.Is4K, s.Now()); err != nil {
			return err
		}
		row.Default = true
		if err := store.UpdateMediaService(ctx, tx, row, s.Now()); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "service.default", serviceTarget(id), "success",
			map[string]any{"kind": row.Kind, "name": row.Name, "is_4k": row.Is4K})
	})
}

// claimName refuses a second service of the same kind with the same name
// (checked here so the form can say which field; the unique index stays
// the guarantee).
func (s *Service) claimName(ctx context.Context, tx *store.Tx, svc MediaService) error {
	rows, err := store.ListMediaServices(ctx, tx, store.MediaServicesFilter{Kind: svc.Kind})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.ID != svc.ID && strings.EqualFold(r.Name, svc.Name) {
			return fieldErr("name", "another "+svc.Kind+" service has this name")
		}
	}
	return nil
}

// claimDefault makes svc the default when asked (the old one stops being
// it) or when its kind and tier have none yet.
func (s *Service) claimDefault(ctx context.Context, tx *store.Tx, svc *MediaService) error {
	if svc.Default {
		return store.ClearMediaServiceDefault(ctx, tx, svc.Kind, svc.Is4K, s.Now())
	}
	has, err := store.HasDefaultMediaService(ctx, tx, svc.Kind, svc.Is4K)
	svc.Default = err == nil && !has
	return err
}

// sealKey seals key to row id and stores it.
func (s *Service) sealKey(ctx context.Context, tx *store.Tx, id int64, key secret.Secret) error {
	sealed, err := s.Sealer.Seal([]byte(key.Reveal()), mediaServiceAAD(id))
	if err != nil {
		return err
	}
	return store.SetMediaServiceKey(ctx, tx, id, sealed)
}

func toRow(m MediaService) store.MediaService {
	return store.MediaService{ID: m.ID, Kind: m.Kind, Name: m.Name, BaseURL: m.BaseURL, Default: m.Default,
		Is4K: m.Is4K, Enabled: m.Enabled, Settings: settingsJSON(m)}
}

// auditOf describes a service for the audit log: never the key, only
// whether it changed. A base URL holds no credentials (validation refuses
// them).
func auditOf(m MediaService, changed []string) map[string]any {
	out := map[string]any{"kind": m.Kind, "name": m.Name, "base_url": m.BaseURL, "default": m.Default,
		"is_4k": m.Is4K, "enabled": m.Enabled}
	if changed != nil {
		out["changed"] = changed
	}
	return out
}

// changedFields names what an update changed.
func changedFields(old, now MediaService, keyChanged bool) []string {
	out := []string{}
	for _, c := range []struct {
		name string
		diff bool
	}{
		{"name", old.Name != now.Name}, {"base_url", old.BaseURL != now.BaseURL}, {"default", old.Default != now.Default},
		{"is_4k", old.Is4K != now.Is4K}, {"enabled", old.Enabled != now.Enabled},
		{"settings", settingsJSON(old) != settingsJSON(now)}, {"api_key", keyChanged},
	} {
		if c.diff {
			out = append(out, c.name)
		}
	}
	return out
}

// joinFieldErrors merges validation results (each nil, a *FieldError or
// FieldErrors); any other error wins.
func joinFieldErrors(errs ...error) error {
	var out FieldErrors
	for _, err := range errs {
		var one *FieldError
		var many FieldErrors
		switch {
		case err == nil:
		case errors.As(err, &many):
			out = append(out, many...)
		case errors.As(err, &one):
			out = append(out, one)
		default:
			return err
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
