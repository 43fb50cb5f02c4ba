package ratelimit

import "time"

// Policies are the limits the app applies. Login and MFA limits per account
// fail closed: falling back to per-process memory would hand a password
// guesser one budget per process.
type Policies struct {
	// LoginIP: login attempts per client IP, whatever the account, so one
	// address cannot spray passwords across many accounts.
	LoginIP Limit
	// LoginAccount: login attempts per account name from all addresses, so a
	// botnet cannot guess one password from many IPs. Reset on success.
	LoginAccount Limit
	// MFAAccount: TOTP or recovery code attempts per user; a 6-digit code
	// must not be guessable in the few minutes it lives.
	MFAAccount Limit
	// ResetIP: password reset requests per client IP.
	ResetIP Limit
	// ResetAddress: reset mails per address, so nobody's inbox is flooded.
	ResetAddress Limit
	// Anonymous: every request per client IP without a session; the burst
	// covers a page with its assets.
	Anonymous Limit
	// Authenticated: every request per signed-in user, wherever it comes from.
	Authenticated Limit
	// APIKey: every request per API key; sustained 10/s after a burst.
	APIKey Limit
}

// DefaultPolicies returns the limits the app uses unless configured otherwise.
func DefaultPolicies() Policies {
	return Policies{
		LoginIP:       Limit{Name: "login-ip", Rate: 10, Period: 15 * time.Minute, Burst: 10},
		LoginAccount:  Limit{Name: "login-account", Rate: 5, Period: 15 * time.Minute, Burst: 5, FailClosed: true},
		MFAAccount:    Limit{Name: "mfa-account", Rate: 5, Period: 5 * time.Minute, Burst: 5, FailClosed: true},
		ResetIP:       Limit{Name: "reset-ip", Rate: 5, Period: time.Hour, Burst: 5},
		ResetAddress:  Limit{Name: "reset-address", Rate: 3, Period: time.Hour, Burst: 3},
		Anonymous:     Limit{Name: "anon", Rate: 300, Period: time.Minute, Burst: 100},
		Authenticated: Limit{Name: "user", Rate: 1200, Period: time.Minute, Burst: 300},
		APIKey:        Limit{Name: "apikey", Rate: 600, Period: time.Minute, Burst: 100},
	}
}

// WithUserLimit returns p with the per-user budget set to perMinute
// requests a minute after a burst of burst (USER_RATE_LIMIT and
// USER_RATE_BURST). A load test across few users raises it; it is never
// off.
func (p Policies) WithUserLimit(perMinute, burst int) Policies {
	if perMinute > 0 {
		p.Authenticated.Rate, p.Authenticated.Period = perMinute, time.Minute
	}
	if burst > 0 {
		p.Authenticated.Burst = burst
	}
	return p
}
