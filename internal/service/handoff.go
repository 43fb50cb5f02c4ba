package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// Sender delivers an approved request to the Radarr or Sonarr instance that
// serves it. It must be idempotent: a film or series already there is
// updated, never added twice, so a retried job does no harm.
type Sender interface {
	Send(ctx context.Context, r domain.Request) (Delivery, error)
}

// Delivery is where a request went: the media_service row and the film's or
// series' id in that Radarr or Sonarr.
type Delivery struct {
	ServiceID, ExternalID int64
}

// ErrNoDownloadService means no Radarr (films) or Sonarr (series) is set up:
// approved requests wait until one is.
var ErrNoDownloadService = errors.New("no download service is configured for this kind of request")

// HandOff sends an approved request on and moves it to processing. Called
// by the hand-off job; lastAttempt set when the job will not be retried, in
// which case a failure fails the request with a reason staff can read and
// retry from.
func (s *Service) HandOff(ctx context.Context, requestID int64, lastAttempt bool) error {
	r, err := store.RequestByID(ctx, s.Store.DB, requestID)
	if err != nil {
		return err
	}
	if r.Status != domain.StatusApproved {
		return nil // withdrawn, declined or already sent meanwhile: nothing to do
	}
	if s.Sender == nil {
		return ErrNoDownloadService
	}
	d, err := s.Sender.Send(ctx, r)
	if err != nil {
		if errors.Is(err, ErrNoDownloadService) {
			return err
		}
		if lastAttempt {
			return errors.Join(err, s.systemMove(ctx, r, domain.StatusFailed, "sending failed: "+err.Error()))
		}
		return err
	}
	return s.systemMove(ctx, r, domain.StatusProcessing, "", func(tx *store.Tx) error {
		return store.SetRequestDelivery(ctx, tx, r.ID, d.ServiceID, d.ExternalID)
	})
}

// systemMove applies a transition made by LeMedia itself (no actor); each of
// also runs in the same transaction.
func (s *Service) systemMove(ctx context.Context, r domain.Request, to domain.RequestStatus, reason string, also ...func(*store.Tx) error) error {
	if !domain.CanMove(r.Status, to) {
		return fmt.Errorf("request %d: %s cannot become %s", r.ID, r.Status, to)
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		err := store.MoveRequest(ctx, tx, r.ID, r.Status, to, 0, reason, s.Now())
		if errors.Is(err, store.ErrNotFound) {
			return nil // moved by someone else meanwhile; their move stands
		}
		for _, f := range also {
			if err == nil {
				err = f(tx)
			}
		}
		return err
	})
}
