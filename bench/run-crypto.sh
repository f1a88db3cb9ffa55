#!/usr/bin/env bash
# Runs the cryptography benchmarks and the baselines they are compared with, back to back, on the
# same machine (openssl with -elapsed: wall-clock like BenchmarkDotNet and timeit). The baselines
# run both before and after the .NET benchmarks, so a change of load during the run shows up.
# Results go to bench/results/ (not committed). See bench/README.md.
# Usage: bench/run-crypto.sh [BenchmarkDotNet filter, default '*Cryptography*']
set -euo pipefail
cd "$(dirname "$0")"
filter="${1:-*Cryptography*}"
out=results
mkdir -p "$out"
baselines() {
    python3 python/fernet_bench.py
    openssl speed -elapsed -seconds 3 -evp aes-128-cbc -bytes 65536 2>/dev/null | tail -2
    openssl speed -elapsed -seconds 3 ecdsap256 2>/dev/null | tail -2
}
{ date -u +%FT%TZ; nproc; grep -m1 'model name' /proc/cpuinfo; uptime; } > "$out/machine.txt"
baselines | tee "$out/baselines-before.txt"
dotnet run -c Release --project Benchmarks -- --filter "$filter" --job short --artifacts "$out/bdn" | grep -E '^\|' | tee "$out/dotnet.txt"
baselines | tee "$out/baselines-after.txt"
uptime >> "$out/machine.txt"
