#!/usr/bin/env bash
# bench/corpus.sh N [--build-only]: builds N synthetic articles and prints throughput, peak RSS, the ratio
# to Oxigraph's own bulk load of the same quads, and extraction MB/s per core.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v oxigraph >/dev/null || python3 -m pip install --quiet oxigraph
exec python3 bench/corpus.py "${1:-1000}" "${@:2}" --bin "${NEWSGRAPH_BIN:-target/release/newsgraph}"
