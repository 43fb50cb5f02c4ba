#!/usr/bin/env bash
# Starts the simulated media stack (bin/lemedia-sim) and LeMedia (bin/lemedia,
# SQLite in a fresh temporary directory) side by side, prints how to wire
# them together, and stops both on Ctrl-C. Run through `make demo`, which
# builds both binaries first.
#
# Environment (all optional):
#   DEMO_DATA_DIR       keep LeMedia's data here instead of a temporary directory
#   DEMO_LISTEN         LeMedia's address (default 127.0.0.1:3010)
#   DEMO_SIM_LISTEN     the simulator's address (default 127.0.0.1:7878)
#   DEMO_DOWNLOAD_TIME  how long a simulated download takes (default 20s)
#   DEMO_SIM_FLAGS      more lemedia-sim flags, e.g. "-seed-episodes 100000"
set -euo pipefail

app_addr=${DEMO_LISTEN:-127.0.0.1:3010}
sim_addr=${DEMO_SIM_LISTEN:-127.0.0.1:7878}
download=${DEMO_DOWNLOAD_TIME:-20s}
data=${DEMO_DATA_DIR:-}
temp=""
if [[ -z $data ]]; then
	temp=$(mktemp -d "${TMPDIR:-/tmp}/lemedia-demo.XXXXXX")
	data=$temp
fi
mkdir -p "$data"

# prefix marks each line with its program; it outlives Ctrl-C to show the last lines.
prefix() {
	trap '' INT
	awk -v p="$1" '{ print p $0; fflush() }'
}

# listening: whether something accepts connections at host:port.
listening() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }

sim_pid="" app_pid=""
stop() {
	local rc=${1:-$?}
	trap - INT TERM EXIT
	echo
	echo "demo: stopping"
	for pid in $app_pid $sim_pid; do kill -TERM "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [[ -n $temp ]]; then rm -rf "$temp"; fi
	exit "$rc"
}
trap 'stop 0' INT TERM
trap stop EXIT

# shellcheck disable=SC2086 # DEMO_SIM_FLAGS is a list of flags
./bin/lemedia-sim -listen "$sim_addr" -download-time "$download" -v ${DEMO_SIM_FLAGS:-} \
	> >(prefix "[sim] ") 2>&1 &
sim_pid=$!
DATA_DIR=$data LISTEN_ADDR=$app_addr LOG_FORMAT=text ./bin/lemedia serve > >(prefix "[lemedia] ") 2>&1 &
app_pid=$!

for _ in $(seq 100); do
	if listening "$sim_addr" && DATA_DIR=$data LISTEN_ADDR=$app_addr ./bin/lemedia healthcheck >/dev/null 2>&1; then
		break
	fi
	if ! kill -0 "$app_pid" 2>/dev/null || ! kill -0 "$sim_pid" 2>/dev/null; then
		echo "demo: LeMedia or the simulator did not start (see above)" >&2
		exit 1
	fi
	sleep 0.2
done

cat <<EOF

================================================================================
 LeMedia demo: http://$app_addr        (data in $data)
 Simulated Radarr, Sonarr, Jellyfin and Plex: http://$sim_addr  (URLs and keys above, or open it)

 1. Open http://$app_addr and create the owner account.
 2. Admin > Services: add Radarr, Sonarr and Jellyfin (or Plex) with the URLs and
    keys the simulator printed; "Test connection" fills the profile, root folder
    and library choices. Keep the defaults and save each.
 3. Admin > Jobs: set "Request status sync" and "Library sync (recently added)"
    to every minute (or press "Run now" on them as you go).
 4. Find a film (e.g. "Paper Comets"), request it, approve it under Requests.
    The simulated Radarr downloads it in $download, Jellyfin and Plex then list
    it, and the next library sync marks it available.
 Try: curl -X POST 'http://$sim_addr/control/down?service=radarr' before
 approving (then /control/up), or /control/remove?tmdb=ID to delete a file.
 Ctrl-C stops both.
================================================================================

EOF

while kill -0 "$sim_pid" 2>/dev/null && kill -0 "$app_pid" 2>/dev/null; do
	sleep 1 &
	wait $! || true # a signal interrupts wait, so Ctrl-C is handled at once
done
echo "demo: LeMedia or the simulator stopped" >&2
exit 1
