export GOTOOLCHAIN := go1.27.3
GO ?= go
BIN := bin/lemedia
LDFLAGS := -s -w
export CGO_ENABLED := 0

.PHONY: run build test bench demo fmt vet vulncheck clean

## run: build and start LeMedia on 127.0.0.1:3010 with SQLite under ./data
run: build
	./$(BIN) serve

## build: a static binary in bin/
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/lemedia

## test: every test this machine can run (PostgreSQL, Redis and Chromium suites skip loudly when absent)
test:
	$(GO) test -count=1 -timeout 20m ./...

## bench: start the real binary and measure it under load (see docs/performance.md)
bench: build
	$(GO) build -trimpath -o bin/lemedia-bench ./cmd/lemedia-bench
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/lemedia-sim ./cmd/lemedia-sim
	./bin/lemedia-bench -binary ./$(BIN)

## demo: LeMedia (SQLite in a temporary directory) beside a simulated Radarr, Sonarr, Jellyfin and Plex; Ctrl-C stops both
demo: build
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/lemedia-sim ./cmd/lemedia-sim
	./scripts/demo.sh

fmt:
	$(GO) fmt ./...

vet:
	$(GO) vet ./...

vulncheck:
	./scripts/govulncheck.sh

clean:
	rm -rf bin
