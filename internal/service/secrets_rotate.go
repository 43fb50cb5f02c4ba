package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
)

// RotateCount is what a rotation did to one kind of sealed value.
type RotateCount struct {
	What     string // table.column
	Resealed int    // now sealed under the current key
	Current  int    // already were
	Changed  int    // rewritten by someone else meanwhile, so left as they wrote it
	Failed   int    // open with no configured key: tampered, moved, or an unknown key
}

// ErrSecretsUnreadable: some values could not be opened with any
// configured key; the rest were re-sealed.
var ErrSecretsUnreadable = errors.New("some sealed values cannot be opened with SERVICES_SECRET_KEY or SERVICES_SECRET_KEY_PREVIOUS")

// sealedColumn is one place where sealed values are stored one per row.
type sealedColumn struct {
	what string
	aad  func(id int64) secret.AAD
	list func(ctx context.Context, q store.Querier) ([]store.SealedRow, error)
	swap func(ctx context.Context, q store.Querier, id int64, old, sealed string) (bool, error)
}

var sealedColumns = []sealedColumn{
	{"media_service.api_key", mediaServiceAAD, store.SealedMediaServiceKeys, store.ResealMediaServiceKey},
	{"app_user.mfa_secret", mfaAAD, store.SealedMFASecrets, store.ResealMFASecret},
}

// rotateBatch is how many rows one transaction re-seals: short write
// transactions keep a busy SQLite responsive during a rotation.
const rotateBatch = 100

// RotateSecrets re-seals every stored secret under the current key
// (SERVICES_SECRET_KEY); values sealed under SERVICES_SECRET_KEY_PREVIOUS
// open because the Sealer knows both. Running instances configured with both
// keys keep working throughout. Running it again changes nothing.
func (s *Service) RotateSecrets(ctx context.Context, m Meta) ([]RotateCount, error) {
	var out []RotateCount
	for _, col := range sealedColumns {
		c, err := s.rotateColumn(ctx, col)
		if err != nil {
			return out, fmt.Errorf("%s: %w", col.what, err)
		}
		out = append(out, c)
	}
	c, err := s.rotateSMTP(ctx)
	if err != nil {
		return out, fmt.Errorf("%s: %w", c.What, err)
	}
	out = append(out, c)
	meta, failed := map[string]any{}, 0
	for _, c := range out {
		meta[c.What] = map[string]int{"resealed": c.Resealed, "current": c.Current, "changed": c.Changed, "failed": c.Failed}
		failed += c.Failed
	}
	outcome := "success"
	if failed > 0 {
		outcome = "failure"
	}
	s.recordAlone(ctx, m, nil, "secrets.rotate", "secrets", outcome, meta)
	if failed > 0 {
		return out, ErrSecretsUnreadable
	}
	return out, nil
}

func (s *Service) rotateColumn(ctx context.Context, col sealedColumn) (RotateCount, error) {
	c := RotateCount{What: col.what}
	rows, err := col.list(ctx, s.Store.DB)
	if err != nil {
		return c, err
	}
	var todo []store.SealedRow
	for _, r := range rows {
		if s.Sealer.NeedsReseal(r.Value) {
			todo = append(todo, r)
		} else {
			c.Current++
		}
	}
	for start := 0; start < len(todo); start += rotateBatch {
		batch := todo[start:min(start+rotateBatch, len(todo))]
		var n RotateCount // counted only once the batch commits
		err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
			n = RotateCount{}
			for _, r := range batch {
				sealed, ok, err := s.reseal(r.Value, col.aad(r.ID))
				if err != nil {
					return err
				}
				if !ok {
					s.Log.Error("sealed value cannot be opened", "where", col.what, "row", r.ID)
					n.Failed++
					continue
				}
				swapped, err := col.swap(ctx, tx, r.ID, r.Value, sealed)
				if err != nil {
					return err
				}
				if swapped {
					n.Resealed++
				} else {
					n.Changed++
				}
			}
			return nil
		})
		if err != nil {
			return c, err
		}
		c.Resealed, c.Changed, c.Failed = c.Resealed+n.Resealed, c.Changed+n.Changed, c.Failed+n.Failed
	}
	return c, nil
}

// reseal opens v and seals it again under the current key; false when v
// cannot be opened.
func (s *Service) reseal(v string, aad secret.AAD) (string, bool, error) {
	plain, err := s.Sealer.Open(v, aad)
	if err != nil {
		return "", false, nil
	}
	sealed, err := s.Sealer.Seal(plain, aad)
	return sealed, err == nil, err
}

// rotateSMTP re-seals the SMTP password inside its JSON setting.
func (s *Service) rotateSMTP(ctx context.Context) (RotateCount, error) {
	c := RotateCount{What: "app_setting.smtp"}
	st, err := store.GetSetting(ctx, s.Store.DB, smtpKey)
	if errors.Is(err, store.ErrNotFound) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	var cfg SMTPSettings
	if err := json.Unmarshal([]byte(st.Value), &cfg); err != nil || cfg.PasswordSealed == "" {
		return c, err
	}
	if !s.Sealer.NeedsReseal(cfg.PasswordSealed) {
		c.Current++
		return c, nil
	}
	sealed, ok, err := s.reseal(cfg.PasswordSealed, smtpAAD())
	if err != nil || !ok {
		c.Failed++
		s.Log.Error("sealed value cannot be opened", "where", c.What)
		return c, err
	}
	cfg.PasswordSealed = sealed
	b, _ := json.Marshal(cfg)
	swapped, err := store.ReplaceSetting(ctx, s.Store.DB, smtpKey, st.Value, string(b), s.Now())
	if swapped {
		c.Resealed++
	} else if err == nil {
		c.Changed++
	}
	return c, err
}
