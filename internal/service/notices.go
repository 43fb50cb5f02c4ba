package service

import (
	"context"

	"github.com/lemedia/lemedia/internal/store"
)

// Kinds of security notice; kept as events so the notification channels
// added later can fan them out.
const (
	NoticeNewDevice        = "new_device"
	NoticePasswordChanged  = "password_changed"
	NoticeMFADisabled      = "mfa_disabled"
	NoticeMFAReset         = "mfa_reset"
	NoticeSessionsEnded    = "sessions_ended"
	NoticeRecoveryCodeUsed = "recovery_code_used"
)

// NoticeTitles are the headlines shown in the inbox.
var NoticeTitles = map[string]string{
	NoticeNewDevice:        "New sign-in",
	NoticePasswordChanged:  "Your password was changed",
	NoticeMFADisabled:      "Two-step verification was turned off",
	NoticeMFAReset:         "An administrator reset your two-step verification",
	NoticeSessionsEnded:    "An administrator signed you out everywhere",
	NoticeRecoveryCodeUsed: "A recovery code was used",
}

func (s *Service) notify(ctx context.Context, q store.Querier, userID int64, kind, detail string) error {
	return store.AddNotice(ctx, q, userID, kind, detail, s.Now())
}

// Notices returns the user's recent notices and marks them read.
func (s *Service) Notices(ctx context.Context, p Principal) ([]store.Notice, error) {
	list, err := store.ListNotices(ctx, s.Store.DB, p.User.ID, 50)
	if err != nil {
		return nil, err
	}
	return list, store.MarkNoticesRead(ctx, s.Store.DB, p.User.ID, s.Now())
}

// UnreadNotices counts notices for the navigation badge.
func (s *Service) UnreadNotices(ctx context.Context, p Principal) int {
	n, _ := store.UnreadNotices(ctx, s.Store.Read(), p.User.ID) // every page: kept prepared
	return n
}
