#!/usr/bin/env bash
# Runs the cryptography benchmarks and the baselines they are compared with, back to back, on the
# same machine (openssl with -elapsed: wall-clock like BenchmarkDotNet and timeit). Results go to bench/results/ (not committed). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")"
out=results
mkdir -p "$out"
{ date -u +%FT%TZ; nproc; grep -m1 'model name' /proc/cpuinfo; uptime; } > "$out/machine.txt"
python3 python/fernet_bench.py | tee "$out/python-fernet.txt"
openssl speed -elapsed -seconds 3 -evp aes-128-cbc -bytes 65536 2>/dev/null | tail -2 | tee "$out/openssl-aes.txt"
openssl speed -elapsed -seconds 3 ecdsap256 2>/dev/null | tail -2 | tee "$out/openssl-ecdsa.txt"
dotnet run -c Release --project Benchmarks -- --filter '*Cryptography*' --job short --artifacts "$out/bdn" | grep -E '^\|' | tee "$out/dotnet.txt"
uptime >> "$out/machine.txt"
