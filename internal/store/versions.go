package store

import "sync/atomic"

// Versions of data that read-side caches keep for a moment (the request
// counts, the navigation's open issues). Every write through this package
// bumps its table's version once it is committed, so a cache that notes the
// version before its query and compares it after sees any write made in
// this process at once. Writes by other processes are not seen: those
// caches bound their age instead.
//
// They are per process, not per Store: a process has one Store, and tests
// with several only get extra cache misses.
var (
	requestsVersion atomic.Uint64
	issuesVersion   atomic.Uint64
	accountsVersion atomic.Uint64 // users and sessions, as a signed-in request sees them
)

// RequestsVersion changes whenever a request is written in this process.
func RequestsVersion() uint64 { return requestsVersion.Load() }

// IssuesVersion changes whenever an issue is written in this process.
func IssuesVersion() uint64 { return issuesVersion.Load() }

// AccountsVersion changes whenever a user or a session is changed or
// removed in this process (not when a session is created or touched:
// neither can make a kept session wrong).
func AccountsVersion() uint64 { return accountsVersion.Load() }

// wrote bumps v after q's transaction commits, or at once outside one.
func wrote(q Querier, v *atomic.Uint64) {
	if tx, ok := q.(*Tx); ok {
		tx.after = append(tx.after, func() { v.Add(1) })
		return
	}
	v.Add(1)
}
