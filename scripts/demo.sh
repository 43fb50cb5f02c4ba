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
#   DEMO_PROVISION      0: leave Admin > Services empty, to add the services by hand
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

# Keys for this run, given to the simulator and to LeMedia.
radarr_key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
sonarr_key=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
plex_key=$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')

# shellcheck disable=SC2086 # DEMO_SIM_FLAGS is a list of flags
./bin/lemedia-sim -listen "$sim_addr" -download-time "$download" -v \
	-radarr-key "$radarr_key" -sonarr-key "$sonarr_key" -plex-key "$plex_key" ${DEMO_SIM_FLAGS:-} \
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

services="by hand (DEMO_PROVISION=0)"
if [[ ${DEMO_PROVISION:-1} != 0 ]]; then
	# The headless CLI, as a deployment would; keys go on standard input.
	add() { DATA_DIR=$data ./bin/lemedia service add "$@" >/dev/null; }
	echo "$radarr_key" | add -kind radarr -name "Simulated Radarr" -url "http://$sim_addr/radarr" -quality-profile 1 -root-folder /movies
	echo "$sonarr_key" | add -kind sonarr -name "Simulated Sonarr" -url "http://$sim_addr/sonarr" -quality-profile 1 -root-folder /tv -language-profile 1
	echo "$plex_key" | add -kind plex -name "Simulated Plex" -url "http://$sim_addr/plex" -libraries 1,2
	services="already added: Radarr, Sonarr and Plex (Admin > Services)"
fi

cat <<EOF

================================================================================
 LeMedia demo: http://$app_addr        (data in $data)
 Simulated Radarr, Sonarr, Jellyfin and Plex: http://$sim_addr  (URLs and keys above, or open it)
 Services: $services

 1. Open http://$app_addr and create the owner account.
 2. Admin > Services lists the simulated services (add Jellyfin by hand if you
    like: "Test connection" fills its library choices).
 3. Find a film (e.g. "Paper Comets") and request it: the owner's requests are
    approved at once and sent to the simulated Radarr, which downloads it in
    $download; Plex then lists it.
 4. Admin > Jobs: press "Run now" on "Request status sync" (download progress)
    and "Library sync (recently added)" (available), or set them to every
    minute. The request page and the film page then say Available.
 Try: curl -X POST 'http://$sim_addr/control/down?service=radarr' before
 requesting (then /control/up), or /control/remove?tmdb=ID to delete a file
 and run "Library sync (full)": the request becomes deleted.
 Ctrl-C stops both.
================================================================================

EOF

while kill -0 "$sim_pid" 2>/dev/null && kill -0 "$app_pid" 2>/dev/null; do
	sleep 1 &
	wait $! || true # a signal interrupts wait, so Ctrl-C is handled at once
done
echo "demo: LeMedia or the simulator stopped" >&2
exit 1
