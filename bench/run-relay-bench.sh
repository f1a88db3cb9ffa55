#!/usr/bin/env bash
# Relay benchmark: each peer server in turn on 127.0.0.1 with the same throwaway certificate, driven
# by bench/LoadGen in a separate process; writes bench/RESULTS.md.
#
#   bench/run-relay-bench.sh              full run (~6-8 min on 2 cores)
#   QUICK=1 bench/run-relay-bench.sh      smoke run (~2 min): fewer rooms, steps and idle connections
#
# Knobs (environment): SERVERS (comma list, default raw-kestrel,signalr,node-ws), ROOMS, RATES (msg/s per
# client, one step each), WARMUP, MEASURE, DRAIN (seconds), P99_MS, ATTEMPTS (tries of a failing step),
# CONNECTIONS (idle test), QUIET_WAIT/QUIET_CORES (wait for a quiet machine), OUT (work folder).
# Results of servers not run this time are kept from the last run in $OUT/results and reported again.
#
# "pychat-e2e" is the same relay driven through ClientLib with every client's cryptography on the
# clock (E2E_ROOMS rooms, steps E2E_RATES: a delivery costs the receiver an ECDSA verify), reported
# against `openssl speed ecdsap256` measured in the same run; with "pychat" the run also times how
# fast a room of 10 gets keyed and rekeyed after a leave (KEYING_TRIALS).
# "pychat" is the PyChat relay (src/Relay, Release) on 127.0.0.1 with the same certificate, driven
# through the real protocol with payloads encrypted and signed before each step's clock starts. The
# relay's per-connection frame rate limit (200/s by default, PROTOCOL.md §8) and its registrations per
# address (20 an hour) are raised for the run: the peers have neither, and every client here registers
# from 127.0.0.1 at rates past them.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The exact command, with the knobs that were set, for RESULTS.md.
COMMAND=""
for v in QUICK SERVERS ROOMS RATES E2E_ROOMS E2E_RATES KEYING_TRIALS WARMUP MEASURE DRAIN P99_MS ATTEMPTS CONNECTIONS QUIET_WAIT QUIET_CORES OUT; do
  if [ -n "$(printenv "$v" || true)" ]; then COMMAND+="$v=$(printenv "$v") "; fi
done
COMMAND+="bench/run-relay-bench.sh"

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  ROOMS=${ROOMS:-10}; RATES=${RATES:-10,40,80,160,320}; WARMUP=${WARMUP:-1}; MEASURE=${MEASURE:-2}; CONNECTIONS=${CONNECTIONS:-500}
else
  ROOMS=${ROOMS:-20}; RATES=${RATES:-5,10,20,40,60,80,100,120,160,200,240,320}; WARMUP=${WARMUP:-1}; MEASURE=${MEASURE:-5}; CONNECTIONS=${CONNECTIONS:-2000}
fi
E2E_ROOMS=${E2E_ROOMS:-4}; E2E_RATES=${E2E_RATES:-5,10,20,30,40,60,80,120}; KEYING_TRIALS=${KEYING_TRIALS:-10}
DRAIN=${DRAIN:-2}; P99_MS=${P99_MS:-50}; ATTEMPTS=${ATTEMPTS:-3}; QUIET_WAIT=${QUIET_WAIT:-120}; QUIET_CORES=${QUIET_CORES:-0.3}
SERVERS=${SERVERS:-raw-kestrel,signalr,node-ws,pychat,pychat-e2e}
REPORT_SERVERS=raw-kestrel,signalr,node-ws,pychat,pychat-e2e
OUT=${OUT:-bench/.out}
mkdir -p "$OUT/results" "$OUT/logs" "$OUT/certs"
# Every connection is a descriptor on both sides; 2000 idle connections need more than the usual 1024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "== build (Release)"
for p in bench/LoadGen/PyChat.Bench.LoadGen.csproj bench/Peers/RawKestrel/PyChat.Bench.Peers.RawKestrel.csproj \
         bench/Peers/SignalR/PyChat.Bench.Peers.SignalR.csproj src/Relay/PyChat.Relay.csproj; do
  dotnet build "$p" -c Release -nologo -v quiet -clp:ErrorsOnly
done
LOADGEN=bench/LoadGen/bin/Release/net10.0/PyChat.Bench.LoadGen

echo "== npm ci (ws)"
(cd bench/Peers/node-ws && npm ci --no-audit --no-fund --silent)

echo "== certificate (throwaway ECDSA P-256 CA and server certificate for 127.0.0.1)"
CA=$OUT/certs/ca.pem; CERT=$OUT/certs/server.pem; KEY=$OUT/certs/server.key
(
  cd "$OUT/certs"
  curve=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${curve[@]}" -keyout ca.key -out ca.pem -days 2 -subj "/CN=PyChat bench CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
  openssl req "${curve[@]}" -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
  rm -f server.csr ca.srl
)
# The PyChat relay is its own CA and vouches for its certificate folder (it checks that ca.key and
# ca.crt pair up and issued server.crt), so it gets the same CA and server certificate with the CA key.
PYCHAT=$(cd "$OUT" && pwd)/pychat PYCHAT_CERTS=$(cd "$OUT" && pwd)/pychat/certs
rm -rf "$PYCHAT" && mkdir -p "$PYCHAT_CERTS" && chmod 700 "$PYCHAT_CERTS"
cp "$OUT/certs/ca.pem" "$PYCHAT_CERTS/ca.crt"; cp "$OUT/certs/ca.key" "$PYCHAT_CERTS/ca.key"
cp "$CERT" "$PYCHAT_CERTS/server.crt"; cp "$KEY" "$PYCHAT_CERTS/server.key"; chmod 600 "$PYCHAT_CERTS"/*.key
rm -f "$OUT/certs/ca.key"

SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap stop_server EXIT

# start_server NAME LOG: starts the server in the background (as its own process, so /proc/PID is the
# server), waits for its "LISTENING <port>" line, sets SERVER_PID and SERVER_PORT.
start_server() {
  local name=$1 log=$2
  rm -f "$log" # else the wait below could read a previous run's port before the new server writes
  case "$name" in
    raw-kestrel) bench/Peers/RawKestrel/bin/Release/net10.0/PyChat.Bench.Peers.RawKestrel --port 0 --cert "$CERT" --key "$KEY" >"$log" 2>&1 & ;;
    signalr)     bench/Peers/SignalR/bin/Release/net10.0/PyChat.Bench.Peers.SignalR --port 0 --cert "$CERT" --key "$KEY" >"$log" 2>&1 & ;;
    node-ws)     node bench/Peers/node-ws/server.js --port 0 --cert "$CERT" --key "$KEY" >"$log" 2>&1 & ;;
    pychat)      rm -rf "$PYCHAT/data"
                 src/Relay/bin/Release/net10.0/PyChat.Relay --urls https://127.0.0.1:0 \
                   --Relay:CertificateDirectory "$PYCHAT_CERTS" --Relay:DataDirectory "$PYCHAT/data" \
                   --Relay:FramesPerSecond 1000000 --Relay:FrameBurst 1000000 --Relay:RegistrationsPerAddress 1000000 --Relay:MaxConnectionsPerAddress 0 \
                   --Logging:LogLevel:Default Warning >"$log" 2>&1 & ;;
    *) echo "unknown server '$name' (see the PyChat seam at the top of this script)" >&2; return 1 ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 300); do
    SERVER_PORT=$(sed -n -e 's/^LISTENING \([0-9]*\)$/\1/p' -e 's|^PyChat relay listening on wss://127.0.0.1:\([0-9]*\)/ws$|\1|p' "$log" 2>/dev/null | head -1)
    [ -n "$SERVER_PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not start; its log:" >&2; cat "$log" >&2; return 1
}
# wait_for_quiet: the machine is shared (builds, tests, other benchmarks). Wait, at most QUIET_WAIT
# seconds, until everything else uses under QUIET_CORES of CPU over 2 s; each step's table row shows
# the CPU others took anyway ("other cores").
busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
wait_for_quiet() {
  local deadline=$((SECONDS + QUIET_WAIT)) a b cores
  while :; do
    a=$(busy_jiffies); sleep 2; b=$(busy_jiffies)
    cores=$(awk -v d=$((b - a)) 'BEGIN{printf "%.2f", d / 200}')
    if awk -v c="$cores" -v q="$QUIET_CORES" 'BEGIN{exit !(c < q)}'; then return 0; fi
    if [ "$SECONDS" -ge "$deadline" ]; then echo "   machine still busy ($cores cores used by others); measuring anyway" >&2; return 0; fi
    echo "   machine busy ($cores cores used by others); waiting" >&2
  done
}
target_of() { case "$1" in signalr) echo signalr ;; pychat|pychat-e2e) echo "$1" ;; *) echo ws ;; esac; }
server_of() { case "$1" in pychat-e2e) echo pychat ;; *) echo "$1" ;; esac; }
url_of() { case "$1" in signalr) echo "https://127.0.0.1:$2/hub" ;; *) echo "wss://127.0.0.1:$2/ws" ;; esac; }

FAILED=0
IFS=, read -ra RUN <<<"$SERVERS"
for name in "${RUN[@]}"; do
  rm -f "$OUT/results/$name".*.json
  server=$(server_of "$name")
  common=(--name "$name" --target "$(target_of "$name")" --ca "$CA")
  rooms=$ROOMS rates=$RATES
  [ "$name" = pychat-e2e ] && rooms=$E2E_ROOMS rates=$E2E_RATES

  if [ "$name" != pychat-e2e ]; then # the same relay as "pychat": its idle memory is measured there
    echo "== $name: idle connections ($CONNECTIONS)"
    wait_for_quiet
    start_server "$server" "$OUT/logs/$name.idle.log"
    timeout 300 "$LOADGEN" idle "${common[@]}" --url "$(url_of "$server" "$SERVER_PORT")" --server-pid "$SERVER_PID" \
      --connections "$CONNECTIONS" --out "$OUT/results/$name.idle.json" || { echo "$name idle test failed" >&2; FAILED=1; }
    stop_server
  fi

  # A fresh server for the load steps, so its peak RSS is the load's and not the idle test's.
  echo "== $name: load ($rooms rooms of 10, steps $rates msg/s per client)"
  wait_for_quiet
  start_server "$server" "$OUT/logs/$name.load.log"
  timeout 420 "$LOADGEN" load "${common[@]}" --url "$(url_of "$server" "$SERVER_PORT")" --server-pid "$SERVER_PID" \
    --rooms "$rooms" --rates "$rates" --warmup "$WARMUP" --measure "$MEASURE" --drain "$DRAIN" --p99-ms "$P99_MS" --attempts "$ATTEMPTS" \
    --out "$OUT/results/$name.load.json" || { echo "$name load test failed" >&2; FAILED=1; }
  stop_server
  grep -h "dropped" "$OUT/logs/$name".*.log || true

  if [ "$name" = pychat ]; then
    echo "== pychat: keying ($KEYING_TRIALS rooms of 10 keyed, then rekeyed after a leave)"
    rm -f "$OUT/results/pychat.keying.json"
    wait_for_quiet
    start_server pychat "$OUT/logs/pychat.keying.log"
    timeout 300 "$LOADGEN" keying --url "$(url_of pychat "$SERVER_PORT")" --ca "$CA" --trials "$KEYING_TRIALS" \
      --out "$OUT/results/pychat.keying.json" || { echo "pychat keying test failed" >&2; FAILED=1; }
    stop_server
  fi
  if [ "$name" = pychat-e2e ]; then
    # The ceiling of client-side cryptography: P-256 verifies per second on one core (CPU time).
    echo "== openssl speed ecdsap256"
    wait_for_quiet
    speed=$(openssl speed -seconds 3 ecdsap256 2>/dev/null | awk '/256 bits ecdsa/ {print $(NF-1), $NF; exit}')
    printf '{ "SignsPerSecond": %s, "VerifiesPerSecond": %s, "Command": "openssl speed -seconds 3 ecdsap256" }\n' ${speed% *} ${speed#* } \
      > "$OUT/results/openssl.json"
  fi
done

MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -sr), .NET $(dotnet --version), Node $(node --version)"
echo "== report"
"$LOADGEN" report --dir "$OUT/results" --servers "$REPORT_SERVERS" --floor raw-kestrel \
  --machine "$MACHINE" --command "$COMMAND" --out bench/RESULTS.md
exit "$FAILED"
