#!/usr/bin/env bash
# Runs govulncheck on this repository against an OFFLINE copy of the Go
# vulnerability database.
#
# The database is built from the golang.org/x/vulndb Go module (fetched through
# the Go module proxy like any other module): its data/osv/*.json files are
# turned into the v1 database layout that `govulncheck -db file:///...` reads
#
#   index/db.json       {"modified": ...}
#   index/modules.json  which modules have entries, and their ids
#   index/vulns.json    id, modified, aliases of every entry
#   ID/<GO-YYYY-NNNN>.json
#
# (each also as .json.gz, as vuln.go.dev serves them) by the indexdb command of
# that same x/vulndb version. The database and the govulncheck binary are kept
# outside the repository, in $LEMEDIA_CACHE_DIR (default ~/.cache/lemedia), and
# the database is rebuilt only when the resolved x/vulndb version changes. If
# the module proxy cannot be reached, the cached database is used as it is.
#
# Usage: scripts/govulncheck.sh [govulncheck flags and packages]  (default ./...)
# Environment:
#   LEMEDIA_CACHE_DIR       cache root (default ${XDG_CACHE_HOME:-~/.cache}/lemedia)
#   LEMEDIA_VULNDB_VERSION  x/vulndb version or query to use (default latest)
#
# Exit status: 0 when no vulnerability affects the code, 3 when govulncheck
# finds vulnerable code that is called, anything else on an error.
set -euo pipefail

# Pinned: the govulncheck release used here, built with the repo's toolchain.
readonly GOVULNCHECK_VERSION=v1.9.0
readonly VULNDB_MODULE=golang.org/x/vulndb
vulndb_query=${LEMEDIA_VULNDB_VERSION:-latest}

: "${GOTOOLCHAIN:=go1.27.3}"
export GOTOOLCHAIN

log() { printf 'govulncheck.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_root=$(realpath -m "${LEMEDIA_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/lemedia}")
case "$cache_root/" in
"$repo_root"/*) die "the cache ($cache_root) must be outside the repository" ;;
esac
mkdir -p "$cache_root"

command -v go >/dev/null || die "go is not on PATH"

# Serialise concurrent runs that share the cache.
if command -v flock >/dev/null; then
	exec 9>"$cache_root/.govulncheck.lock"
	flock 9
fi

work=$(mktemp -d)
new_db=
trap 'rm -rf "$work" ${new_db:+"$new_db"}' EXIT

# Tool builds run outside any module and ignore the caller's GOFLAGS (such as
# -mod=...), which `go install pkg@version` and `go run pkg@version` refuse.
tool_go() { (cd "$work" && GOWORK=off GOFLAGS='' go "$@"); }

start=$SECONDS
go_version=$(tool_go env GOVERSION) || die "cannot run the $GOTOOLCHAIN toolchain"
log "toolchain $go_version, govulncheck $GOVULNCHECK_VERSION, cache $cache_root"

# --- govulncheck binary -------------------------------------------------------
bin_dir=$cache_root/govulncheck/$GOVULNCHECK_VERSION-$go_version
govulncheck=$bin_dir/govulncheck
if [[ -x $govulncheck ]]; then
	log "using cached $govulncheck"
else
	log "building golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION ..."
	t=$SECONDS
	mkdir -p "$work/bin"
	GOBIN="$work/bin" tool_go install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" ||
		die "cannot build govulncheck@$GOVULNCHECK_VERSION"
	mkdir -p "$bin_dir"
	mv -f "$work/bin/govulncheck" "$govulncheck"
	log "built $govulncheck in $((SECONDS - t))s"
fi

# --- vulnerability database ---------------------------------------------------
db_dir=$cache_root/vulndb/db
stamp=$cache_root/vulndb/VERSION
cached_version=
if [[ -f $stamp && -f $db_dir/index/modules.json && -f $db_dir/index/db.json ]]; then
	cached_version=$(<"$stamp")
fi

log "resolving $VULNDB_MODULE@$vulndb_query ..."
if version=$(tool_go list -m -f '{{.Version}}' "$VULNDB_MODULE@$vulndb_query" 2>"$work/list.err") &&
	[[ -n $version ]]; then
	log "$VULNDB_MODULE@$vulndb_query is $version"
elif [[ -n $cached_version ]]; then
	log "warning: cannot resolve $VULNDB_MODULE@$vulndb_query ($(tr '\n' ' ' <"$work/list.err"))"
	log "warning: using the cached database built from $cached_version"
	version=$cached_version
else
	cat "$work/list.err" >&2
	die "cannot resolve $VULNDB_MODULE@$vulndb_query and no database is cached"
fi

if [[ $version == "$cached_version" ]]; then
	log "using cached database ($version)"
else
	log "building the database from $VULNDB_MODULE@$version (cached: ${cached_version:-none}) ..."
	t=$SECONDS
	tool_go mod download -json "$VULNDB_MODULE@$version" >"$work/download.json" ||
		{ cat "$work/download.json" >&2; die "go mod download $VULNDB_MODULE@$version failed"; }
	src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' "$work/download.json")
	[[ -d $src/data/osv ]] || die "no data/osv in the downloaded module ($src)"
	n_osv=$(find "$src/data/osv" -maxdepth 1 -name '*.json' | wc -l)
	log "$n_osv OSV entries in $src/data/osv; indexing with $VULNDB_MODULE/cmd/indexdb@$version ..."

	mkdir -p "$cache_root/vulndb"
	new_db=$(mktemp -d "$cache_root/vulndb/db.new.XXXXXX")
	tool_go run "$VULNDB_MODULE/cmd/indexdb@$version" -vulns "$src/data/osv" -out "$new_db" ||
		die "indexdb failed"

	# The OSV files in the module carry no dates (vuln.go.dev derives them
	# from git history), so index/db.json says year 1. Record the module
	# version's commit time there instead: govulncheck shows it as the
	# database's date (-show version, -format json).
	info=$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",\{0,1\}$/\1/p' "$work/download.json")
	modified=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null || true)
	if [[ -n $modified ]]; then
		printf '{"modified":"%s"}' "$modified" >"$new_db/index/db.json"
		gzip -n -c "$new_db/index/db.json" >"$new_db/index/db.json.gz"
	fi

	for f in index/db.json index/modules.json index/vulns.json; do
		[[ -s $new_db/$f ]] || die "indexdb did not write $f"
	done
	n_ids=$(find "$new_db/ID" -maxdepth 1 -name '*.json' | wc -l)
	[[ $n_ids -eq $n_osv && $n_ids -gt 0 ]] ||
		die "database has $n_ids entries, expected $n_osv"
	chmod -R a+rX "$new_db"

	# Swap in the new database (and its stamp) only once it is complete.
	rm -rf "$db_dir.old"
	if [[ -d $db_dir ]]; then mv "$db_dir" "$db_dir.old"; fi
	mv "$new_db" "$db_dir"
	new_db=
	printf '%s\n' "$version" >"$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
	rm -rf "$db_dir.old"
	log "database built in $((SECONDS - t))s: $n_ids entries, $(du -sh "$db_dir" | cut -f1) in $db_dir"
fi
log "database dated $(sed -n 's/.*"modified":"\([^"]*\)".*/\1/p' "$db_dir/index/db.json")"

# --- scan ---------------------------------------------------------------------
(($# > 0)) || set -- ./...
log "scanning $* in $repo_root ..."
t=$SECONDS
cd "$repo_root"
set +e
"$govulncheck" -db "file://$db_dir" "$@"
rc=$?
set -e
case $rc in
0) log "OK: no vulnerabilities affect the code (scan $((SECONDS - t))s, total $((SECONDS - start))s)" ;;
3) log "FAILED: vulnerabilities affect the code (see above; total $((SECONDS - start))s)" ;;
*) log "FAILED: govulncheck exited with status $rc" ;;
esac
exit "$rc"
