#!/usr/bin/env bash
# Issue 10's relay benchmarks (acknowledged Publish, durable room log, resume), both in one run:
#
#   bench/run-durable-bench.sh            6–12 min on 2 cores; tables to $OUT/tables.md (copy into RESULTS.md by hand)
#   PARTS=resume bench/run-durable-bench.sh
#
# 1. "load": the same stepped load (bench/LoadGen `load`, target pychat: ROOMS rooms of 10, payloads encrypted and
#    signed before each step's clock) against three relays, fresh for each run, LOAD_ROUNDS rounds in alternating
#    order (ABC, CBA, ...) so drift of the shared machine hits all three alike:
#      pychat-before  the relay at commit $BEFORE (protocol v1: no acknowledgements, no room log), driven by the
#                     load generator of the same commit (it speaks v1; its scenario code is the same as this one's);
#      pychat         this relay, protocol v2: every Publish acknowledged after the SQLite room log committed it;
#      pychat-memory  this relay with --Relay:RoomLog:Storage Memory: acknowledgements and the log in memory only.
#    With RELAYS (a comma-separated list, default pychat-before,pychat,pychat-memory) also, issue 13:
#      pychat-redis    this relay with its rooms in Redis (--Relay:Cluster:Redis; a private redis-server started here,
#                      appendonly yes, appendfsync everysec): one node;
#      pychat-cluster  two such nodes on the same Redis, the clients spread over both (the second hands its clients'
#                      frames to the first, the leader); "server cores" is the leader's process only.
#    The $BEFORE build is made in a detached worktree at BEFORE_DIR (default: a temporary one, removed at the end;
#    an existing BEFORE_DIR at that commit is used as it is and kept).
# 2. "resume": RESUME_ROOMS rooms of 10 (bench/LoadGen `resume`), then the relay is stopped with SIGTERM (1012) and
#    started again on the same port and data folder, then again with SIGKILL; the generator times every member's
#    reconnect, login and ResumeRoom from the moment the new relay accepts TCP connections.
#
# Knobs (environment): PARTS (load,resume), BEFORE, BEFORE_DIR, LOAD_ROUNDS, ROOMS, RATES, WARMUP, MEASURE, DRAIN,
# P99_MS, ATTEMPTS, RESUME_ROOMS, RESUME_MESSAGES, RESUME_PARALLEL, QUIET_WAIT, QUIET_CORES, OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

COMMAND=""
for v in PARTS RELAYS BEFORE BEFORE_DIR LOAD_ROUNDS ROOMS RATES WARMUP MEASURE DRAIN P99_MS ATTEMPTS RESUME_ROOMS RESUME_MESSAGES RESUME_PARALLEL QUIET_WAIT QUIET_CORES OUT; do
  if [ -n "$(printenv "$v" || true)" ]; then COMMAND+="$v=$(printenv "$v") "; fi
done
COMMAND+="bench/run-durable-bench.sh"

PARTS=${PARTS:-load,resume}
RELAYS=${RELAYS:-pychat-before,pychat,pychat-memory}
BEFORE=${BEFORE:-a7185ea}
LOAD_ROUNDS=${LOAD_ROUNDS:-2}
ROOMS=${ROOMS:-20}; RATES=${RATES:-20,40,60,80,100,120,140,160,200}; WARMUP=${WARMUP:-1}; MEASURE=${MEASURE:-3}; DRAIN=${DRAIN:-2}
P99_MS=${P99_MS:-50}; ATTEMPTS=${ATTEMPTS:-2}
RESUME_ROOMS=${RESUME_ROOMS:-200}; RESUME_MESSAGES=${RESUME_MESSAGES:-2}; RESUME_PARALLEL=${RESUME_PARALLEL:-64}
QUIET_WAIT=${QUIET_WAIT:-20}; QUIET_CORES=${QUIET_CORES:-0.3}
OUT=${OUT:-bench/.out/durable}
mkdir -p "$OUT/results" "$OUT/logs" "$OUT/certs"
OUT=$(cd "$OUT" && pwd)
# 2,000 clients are 2,000 descriptors on each side; the relay sizes its connection limits from the same limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "== $(date -u '+%F %T') UTC, open-file limit $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== build (Release)"
for p in bench/LoadGen/PyChat.Bench.LoadGen.csproj src/Relay/PyChat.Relay.csproj; do
  dotnet build "$p" -c Release -nologo -v quiet -clp:ErrorsOnly
done
LOADGEN=bench/LoadGen/bin/Release/net10.0/PyChat.Bench.LoadGen
RELAY=src/Relay/bin/Release/net10.0/PyChat.Relay

REMOVE_BEFORE=""
cleanup() {
  stop_server
  stop_redis
  if [ -n "$REMOVE_BEFORE" ]; then git worktree remove --force "$REMOVE_BEFORE" || true; fi
}
if [[ ",$PARTS," == *,load,* && ",$RELAYS," == *,pychat-before,* ]]; then
  BEFORE_SHA=$(git rev-parse --verify "$BEFORE^{commit}")
  if [ -z "${BEFORE_DIR:-}" ]; then
    BEFORE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pychat-before.XXXXXX") && rmdir "$BEFORE_DIR"
  fi
  if [ -d "$BEFORE_DIR" ]; then
    [ "$(git -C "$BEFORE_DIR" rev-parse HEAD)" = "$BEFORE_SHA" ] || { echo "$BEFORE_DIR is not at $BEFORE" >&2; exit 1; }
  else
    echo "== worktree of $BEFORE at $BEFORE_DIR"
    git worktree add --detach "$BEFORE_DIR" "$BEFORE_SHA" >/dev/null
    REMOVE_BEFORE=$BEFORE_DIR
  fi
  echo "== build $BEFORE (Release)"
  for p in bench/LoadGen/PyChat.Bench.LoadGen.csproj src/Relay/PyChat.Relay.csproj; do
    (cd "$BEFORE_DIR" && dotnet build "$p" -c Release -nologo -v quiet -clp:ErrorsOnly)
  done
fi

echo "== certificate (throwaway ECDSA P-256 CA and server certificate for 127.0.0.1)"
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
CA=$OUT/certs/ca.pem
# The relay is its own CA and checks that ca.key, ca.crt and server.crt belong together (see run-relay-bench.sh).
CERTS=$OUT/relay/certs DATA=$OUT/relay/data
rm -rf "$OUT/relay" && mkdir -p "$CERTS" && chmod 700 "$CERTS"
cp "$OUT/certs/ca.pem" "$CERTS/ca.crt"; cp "$OUT/certs/ca.key" "$CERTS/ca.key"
cp "$OUT/certs/server.pem" "$CERTS/server.crt"; cp "$OUT/certs/server.key" "$CERTS/server.key"; chmod 600 "$CERTS"/*.key
rm -f "$OUT/certs/ca.key"

REDIS_PID="" REDIS_PORT=""
start_redis() {
  [ -z "$REDIS_PID" ] || return 0
  REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$OUT/redis" && mkdir -p "$OUT/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$OUT/redis" --save '' --appendonly yes --appendfsync everysec \
    --daemonize no >"$OUT/logs/redis.log" 2>&1 &
  REDIS_PID=$!
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done
}
stop_redis() {
  [ -n "$REDIS_PID" ] || return 0
  kill -TERM "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""
}
EDGE_PID=""
SERVER_PID=""
stop_server() {
  if [ -n "$EDGE_PID" ]; then
    kill -TERM "$EDGE_PID" 2>/dev/null || true; wait "$EDGE_PID" 2>/dev/null || true; EDGE_PID=""
  fi
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap cleanup EXIT

# start_relay NAME PORT LOG: pychat-before, pychat or pychat-memory on 127.0.0.1:PORT (0: any), the data folder
# kept (a restart finds it); sets SERVER_PID, writes it to $OUT/relay.pid at once, waits for the listening line and
# sets SERVER_PORT. The relay's limits that every client on 127.0.0.1 would hit are lifted, as in run-relay-bench.sh.
start_relay() {
  local name=$1 port=$2 log=$3 binary=$RELAY extra=()
  case "$name" in
    pychat-before) binary=$BEFORE_DIR/$RELAY ;;
    pychat) ;;
    pychat-memory) extra=(--Relay:RoomLog:Storage Memory) ;;
    pychat-redis|pychat-cluster|pychat-edge)
      start_redis
      extra=(--Relay:Cluster:Redis "127.0.0.1:$REDIS_PORT")
      [ "$name" = pychat-edge ] && DATA_OF=$DATA.edge
      ;;
    *) echo "unknown relay '$name'" >&2; return 1 ;;
  esac
  rm -f "$log"
  "$binary" --urls "https://127.0.0.1:$port" --Relay:CertificateDirectory "$CERTS" --Relay:DataDirectory "${DATA_OF:-$DATA}" \
    --Relay:FramesPerSecond 1000000 --Relay:FrameBurst 1000000 --Relay:RegistrationsPerAddress 1000000 --Relay:MaxConnectionsPerAddress 0 \
    "${extra[@]}" --Logging:LogLevel:Default Warning >"$log" 2>&1 &
  SERVER_PID=$!
  DATA_OF=""
  echo "$SERVER_PID" > "$OUT/relay.pid.new" && mv -f "$OUT/relay.pid.new" "$OUT/relay.pid" # whole, for the generator
  for _ in $(seq 600); do
    SERVER_PORT=$(sed -n 's|^PyChat relay listening on wss://127.0.0.1:\([0-9]*\)/ws$|\1|p' "$log" 2>/dev/null | head -1)
    [ -n "$SERVER_PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "$name did not start; its log:" >&2; cat "$log" >&2; return 1
}
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

FAILED=0
if [[ ",$PARTS," == *,load,* ]]; then
  rm -f "$OUT/results/"*.load.json
  IFS=, read -r -a order <<< "$RELAYS"
  for round in $(seq "$LOAD_ROUNDS"); do
    for name in "${order[@]}"; do
      echo "== round $round, $name: load ($ROOMS rooms of 10, steps $RATES msg/s per client) $(date -u +%T)"
      loadgen=$LOADGEN
      [ "$name" = pychat-before ] && loadgen=$BEFORE_DIR/$LOADGEN
      wait_for_quiet
      rm -rf "$DATA" "$DATA.edge"
      [ -z "$REDIS_PORT" ] || redis-cli -p "$REDIS_PORT" flushall >/dev/null
      urls=""
      if [ "$name" = pychat-cluster ]; then
        # The edge first, then the leader-to-be's pid in SERVER_PID: the edge waits for no one, and leads only if alone.
        start_relay pychat-redis 0 "$OUT/logs/$name.$round.leader.log"
        leader_pid=$SERVER_PID leader_port=$SERVER_PORT
        start_relay pychat-edge 0 "$OUT/logs/$name.$round.edge.log"
        EDGE_PID=$SERVER_PID SERVER_PID=$leader_pid
        urls="wss://127.0.0.1:$leader_port/ws,wss://127.0.0.1:$SERVER_PORT/ws"
      else
        start_relay "$name" 0 "$OUT/logs/$name.$round.load.log"
        urls="wss://127.0.0.1:$SERVER_PORT/ws"
      fi
      timeout 300 "$loadgen" load --name "$name" --target pychat --url "$urls" --ca "$CA" --server-pid "$SERVER_PID" \
        --rooms "$ROOMS" --rates "$RATES" --warmup "$WARMUP" --measure "$MEASURE" --drain "$DRAIN" --p99-ms "$P99_MS" --attempts "$ATTEMPTS" \
        --out "$OUT/results/$name.$round.load.json" || { echo "$name load failed" >&2; FAILED=1; }
      stop_server
    done
    reversed=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do reversed+=("${order[i]}"); done
    order=("${reversed[@]}") # the next round in the reverse order
  done
fi

if [[ ",$PARTS," == *,resume,* ]]; then
  echo "== resume: $RESUME_ROOMS rooms of 10, SIGTERM then SIGKILL $(date -u +%T)"
  wait_for_quiet
  rm -rf "$DATA" "$OUT/results/resume.json"
  start_relay pychat 0 "$OUT/logs/resume.0.log"
  port=$SERVER_PORT
  log=$OUT/logs/resume.loadgen.log
  "$LOADGEN" resume --url "wss://127.0.0.1:$port/ws" --ca "$CA" --pid-file "$OUT/relay.pid" --rooms "$RESUME_ROOMS" \
    --messages "$RESUME_MESSAGES" --parallel "$RESUME_PARALLEL" --rounds term,kill --out "$OUT/results/resume.json" >"$log" 2>&1 &
  gen=$!
  for signal in TERM KILL; do
    round=$(echo "$signal" | tr 'A-Z' 'a-z')
    until grep -q "^READY $round$" "$log"; do
      kill -0 "$gen" 2>/dev/null || { cat "$log" >&2; echo "resume generator ended early" >&2; FAILED=1; break 2; }
      sleep 0.05
    done
    started=$(date +%s%N)
    kill -"$signal" "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    echo "   SIG$signal: relay exited after $(( ($(date +%s%N) - started) / 1000000 )) ms" | tee -a "$OUT/logs/resume.script.log"
    SERVER_PID=""
    start_relay pychat "$port" "$OUT/logs/resume.$round.log"
  done
  wait "$gen" || { echo "resume generator failed" >&2; FAILED=1; }
  cat "$log"
  stop_server
fi

echo "== tables -> $OUT/tables.md"
MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -sr), .NET $(dotnet --version)"
{
  echo "- Date: $(date -u '+%F %H:%M') UTC; machine: $MACHINE; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Command: \`$COMMAND\`"
  echo
  "$LOADGEN" durable-report --dir "$OUT/results" --servers "$RELAYS" --baseline "${RELAYS%%,*}" --out "$OUT/tables.body.md" >/dev/null
  cat "$OUT/tables.body.md"
} > "$OUT/tables.md"
cat "$OUT/tables.md"
exit "$FAILED"
