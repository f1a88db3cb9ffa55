#!/usr/bin/env bash
# Runs the test suite several times in a row while every core is kept busy by background load, and
# reports each run's failures. A test that passes only on a quiet machine fails here first.
#
#   tests/stress.sh [RUNS] [dotnet test arguments...]
#
#   tests/stress.sh 5                                   # the whole suite, 5 times
#   tests/stress.sh 20 --filter "FullyQualifiedName~RoomLimitTests"
#
# LOAD=N sets the number of busy-loop processes (default: one per core). Exit status 0 only when every
# run passed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

runs=${1:-5}
shift || true
load=${LOAD:-$(nproc)}
out=$(mktemp -d -t pychat-stress.XXXXXX)

dotnet build PyChat.sln -c Release -v quiet -nologo >"$out/build.log" || { cat "$out/build.log"; exit 1; }

hogs=()
stop_load() { [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null || true; }
trap stop_load EXIT
for _ in $(seq "$load"); do
  ( while :; do :; done ) &
  hogs+=($!)
done
echo "stress: $runs runs, $load busy-loop processes on $(nproc) cores; results in $out"

passed_runs=0
for run in $(seq "$runs"); do
  started=$SECONDS
  set +e
  dotnet test PyChat.sln -c Release --no-build --logger trx --results-directory "$out/run$run" "$@" >"$out/run$run.log" 2>&1
  status=$?
  set -e
  summary=$(python3 - "$out/run$run" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = 0
names = []
for f in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(f).getroot()
    c = root.find(".//{*}Counters")
    if c is not None:
        passed += int(c.get("passed", 0))
        failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    for r in root.iter():
        if r.tag.endswith("UnitTestResult") and r.get("outcome") == "Failed":
            names.append(r.get("testName"))
print(f"{passed} passed, {failed} failed")
for n in sorted(names):
    print(f"    FAILED {n}")
PY
)
  echo "run $run/$runs ($((SECONDS - started)) s, exit $status): $summary"
  if [ "$status" -eq 0 ]; then
    passed_runs=$((passed_runs + 1))
  elif ! grep -q FAILED <<<"$summary"; then
    tail -n 20 "$out/run$run.log" | sed 's/^/    /'
  fi
done

echo "stress: $passed_runs of $runs runs passed"
[ "$passed_runs" -eq "$runs" ]
