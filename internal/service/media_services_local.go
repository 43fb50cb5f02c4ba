package service

import (
	"context"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// cliActor is who the audit log names for the command line: whoever runs
// the binary on the data dir and database already holds every secret there,
// so there is no signed-in principal to name.
var cliActor = &domain.User{Username: "cli"}

// CreateMediaServiceLocal is CreateMediaService for the command line
// (`lemedia service add`): the same checks as the admin form, the key
// sealed to its row, one audit row with the actor "cli". There is no
// connection test and no key token: the key is svc.APIKey.
func (s *Service) CreateMediaServiceLocal(ctx context.Context, m Meta, svc MediaService) (int64, error) {
	key, keyErr := s.inputKey(Principal{}, MediaServiceInput{MediaService: svc})
	return s.createMediaService(ctx, m, cliActor, svc, key, keyErr)
}

// MediaServicesLocal lists every service for the command line, as the admin
// pages do: never a key, only whether one is stored.
func (s *Service) MediaServicesLocal(ctx context.Context) ([]MediaServiceInfo, error) {
	rows, err := store.ListMediaServices(ctx, s.Store.DB, store.MediaServicesFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]MediaServiceInfo, 0, len(rows))
	for _, r := range rows {
		m, err := fromRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, MediaServiceInfo{MediaService: m, KeySet: r.APIKey != ""})
	}
	return out, nil
}
