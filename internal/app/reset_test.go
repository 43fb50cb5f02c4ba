package app_test

import (
	"io"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestPasswordResetByEmailOverSMTP(t *testing.T) {
	mail := apptest.StartSMTP(t)
	s := apptest.Start(t, apptest.Options{Env: map[string]string{"APP_BASE_URL": "https://media.example.org"}})
	owner := setupOwner(t, s)
	host, port, _ := net.SplitHostPort(mail.Addr)
	p := owner.Submit("/admin/settings", "/admin/settings/smtp", url.Values{"smtp_host": {host}, "smtp_port": {port},
		"smtp_tls": {"none"}, "smtp_from": {"lemedia@example.org"}, "smtp_username": {""}, "smtp_password": {""}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("smtp settings: %d %s", p.Status, p.Body)
	}
	anon := s.NewBrowser(t)
	same := func(email string) string {
		p := anon.Submit("/forgot", "/forgot", url.Values{"email": {email}})
		if p.Status != 200 {
			t.Fatalf("forgot %s: %d", email, p.Status)
		}
		return regexp.MustCompile(`<p class="flash flash-ok"[^>]*>([^<]+)`).FindStringSubmatch(p.Body)[1]
	}
	if a, b := same("nobody@example.org"), same("owner@example.org"); a != b {
		t.Fatalf("answers differ: %q vs %q", a, b)
	}
	msgs := mail.Wait(t, 1)
	body, _ := io.ReadAll(quotedprintable.NewReader(strings.NewReader(msgs[0])))
	link := regexp.MustCompile(`https://media\.example\.org/reset\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(string(body))
	if link == nil || !strings.Contains(msgs[0], "owner@example.org") {
		t.Fatalf("email: %s", body)
	}
	if len(mail.Messages()) != 1 {
		t.Fatal("an email went to an unknown address")
	}
	page := anon.Get("/reset?token=" + link[1])
	if page.Status != 200 || page.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("reset page: %d %v", page.Status, page.Header)
	}
	tok := apptest.CSRFToken(page.Body)
	p = anon.Post("/reset", url.Values{"csrf_token": {tok}, "token": {link[1]}, "password": {"my new password"}, "password_confirm": {"my new password"}})
	if p.Status != http.StatusSeeOther || p.Location != "/login?reset=done" {
		t.Fatalf("reset: %d %s", p.Status, p.Body)
	}
	if p := owner.Get("/profile/security"); p.Status != http.StatusSeeOther {
		t.Fatal("the owner's session survived the reset")
	}
	again := anon.Post("/reset", url.Values{"csrf_token": {tok}, "token": {link[1]}, "password": {"another password"}, "password_confirm": {"another password"}})
	if again.Status != http.StatusUnprocessableEntity || !strings.Contains(again.Body, "invalid or has expired") {
		t.Fatalf("token reused: %d", again.Status)
	}
	signIn(t, s.NewBrowser(t), "owner", "my new password")
	if strings.Contains(s.Logs.String(), link[1]) {
		t.Fatal("the reset token reached the log")
	}
}
