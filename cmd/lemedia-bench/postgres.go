package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// pgAdmin creates and drops throwaway databases on one PostgreSQL server
// with psql (the harness uses the standard library only, so no driver).
type pgAdmin struct {
	url     string // an existing database to connect to for CREATE/DROP
	created []string
}

func (p *pgAdmin) exec(sql string) error {
	cmd := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", p.url, "-c", sql)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("psql %q: %v: %s", sql, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Create makes an empty database and returns its URL.
func (p *pgAdmin) Create(n int) (string, error) {
	u, err := url.Parse(p.url)
	if err != nil {
		return "", fmt.Errorf("-pg-url: %v", err)
	}
	name := fmt.Sprintf("lemedia_bench_%d_%d", os.Getpid(), n)
	if err := p.exec("CREATE DATABASE " + name); err != nil {
		return "", err
	}
	p.created = append(p.created, name)
	u.Path = "/" + name
	return u.String(), nil
}

// DropAll drops every database Create made.
func (p *pgAdmin) DropAll() error {
	var first error
	for _, name := range p.created {
		if err := p.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil && first == nil {
			first = err
		}
	}
	p.created = nil
	return first
}
