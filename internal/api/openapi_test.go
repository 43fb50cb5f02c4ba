package api

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/server"
)

var update = flag.Bool("update", false, "rewrite testdata/openapi.json")

// The published OpenAPI document is derived from the handlers; this golden
// file makes every change to it visible in review.
func TestOpenAPIGolden(t *testing.T) {
	cfg, err := config.Load(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(cfg, nil, nil, nil)
	a := New(srv.Router(), Deps{Health: server.NewHealth()})
	got, err := json.MarshalIndent(a.OpenAPI(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const path = "testdata/openapi.json"
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./internal/api -run OpenAPIGolden -update)", err)
	}
	if string(got) != string(want) {
		t.Fatal("OpenAPI document changed; review it and run: go test ./internal/api -run OpenAPIGolden -update")
	}
}
