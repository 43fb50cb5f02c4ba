// Package notify sends messages to people: email now, more channels later.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"

	mail "github.com/wneessen/go-mail"
)

// SMTP sends plain-text email through an admin-configured server.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	TLS      string // starttls, tls or none
}

// Send delivers one message.
func (s SMTP) Send(ctx context.Context, to, subject, body string) error {
	opts := []mail.Option{mail.WithTimeout(20 * time.Second), mail.WithDialContextFunc(guardedDial)}
	switch s.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	opts = append(opts, mail.WithPort(s.Port)) // after the TLS options, which pick their own default port
	if s.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return err
	}
	m := mail.NewMsg()
	if err := m.From(s.From); err != nil {
		return fmt.Errorf("from address: %w", err)
	}
	if err := m.To(to); err != nil {
		return fmt.Errorf("to address: %w", err)
	}
	m.Subject(subject)
	m.SetBodyString(mail.TypeTextPlain, body)
	return c.DialAndSendWithContext(ctx, m)
}

// guardedDial connects like net.Dialer but refuses link-local and
// unspecified addresses, where cloud metadata services live: an SMTP host is
// set by an admin, but it must not become a way to reach those.
func guardedDial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		return checkAddr(address)
	}}
	return d.DialContext(ctx, network, addr)
}

func checkAddr(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	ip = ip.Unmap()
	if ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return errors.New("refused: link-local, multicast or unspecified address")
	}
	return nil
}
