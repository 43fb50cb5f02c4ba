package service

import (
	"context"

	"github.com/lemedia/lemedia/internal/domain"
)

// 4K requests are a second track beside the standard one, as in Seerr: the
// same film or episode can be requested once in each, a 4K request needs
// REQUEST_4K (or its film or series bit), is approved at once only with an
// AUTO_APPROVE_4K bit (or MANAGE_REQUESTS), and goes to the default 4K
// Radarr or Sonarr.

// may4K reports whether perm lets one request a media type in 4K.
func may4K(perm domain.Permission, t domain.MediaType) bool {
	bit := domain.PermRequest4KMovie
	if t == domain.TV {
		bit = domain.PermRequest4KTV
	}
	return perm.HasAny(domain.PermRequest4K | bit)
}

func autoApproves4K(perm domain.Permission, t domain.MediaType) bool {
	bit := domain.PermAutoApprove4KMovie
	if t == domain.TV {
		bit = domain.PermAutoApprove4KTV
	}
	return perm.HasAny(domain.PermAutoApprove4K | bit | domain.PermManageRequests)
}

// check4K refuses a 4K request the target may not make (ErrForbidden) or
// that no 4K Radarr/Sonarr could take (a field error on is_4k).
func (s *Service) check4K(ctx context.Context, target domain.User, in RequestInput) error {
	if !in.Is4K {
		return nil
	}
	if !may4K(target.Permissions, in.Type) {
		return ErrForbidden
	}
	_, ok, err := s.DefaultMediaService(ctx, arrKind(in.Type), true)
	if err != nil {
		return err
	}
	if !ok {
		what := map[domain.MediaType]string{domain.Movie: "no 4K Radarr is set up for films", domain.TV: "no 4K Sonarr is set up for series"}[in.Type]
		return fieldErr("is_4k", "cannot be requested in 4K: "+what)
	}
	return nil
}

// Can4K reports whether the request forms offer a 4K choice to p for a
// media type: p may request it in 4K and a default 4K instance exists.
func (s *Service) Can4K(ctx context.Context, p Principal, t domain.MediaType) bool {
	if !may4K(p.User.Permissions, t) {
		return false
	}
	_, ok, err := s.DefaultMediaService(ctx, arrKind(t), true)
	return err == nil && ok
}
