package service

import "github.com/lemedia/lemedia/internal/store"

// The store's row types that pages and the API show, named here so those
// layers depend on the service and never on the store.
type (
	Session     = store.Session
	UserPage    = store.UserPage
	AuditRow    = store.AuditRow
	AuditFilter = store.AuditFilter
	Notice      = store.Notice
)

// Session stages.
const (
	StageFull = store.StageFull
	StageMFA  = store.StageMFA
)
