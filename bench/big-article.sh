#!/usr/bin/env bash
# bench/big-article.sh [SIZES_MB...]: one long article at a time (default 2 5 10 20 MB of
# paragraphs, then a single line of $LINE_MB MB, default 50, 0 for none), made of
# `newsgraph synth` articles joined by blank lines (by spaces for the single line). For each it prints wall time and peak RSS (/usr/bin/time -v) of:
#   extract  `newsgraph extract --format nquads` (clean, extract window by window, map, print)
#   build    `newsgraph build` into an empty store (bulk load), identity pass included
#   add      `newsgraph build` of the same article into a store holding another article (the
#            transactional path: a long article is bulk-loaded after its old graph is removed)
#   rebuild  the same again: the article's old graph removed step by step, then loaded
#   trig, turtle  `newsgraph export` of the built store (-o FILE): the external sort spills
#            runs of 64 MiB beside the output, so memory does not grow with the graph
# Linear scaling shows as time and RSS growing in proportion to the size (RSS has a floor:
# the lexicons, RocksDB's write buffers and the bulk loader's 256 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${NEWSGRAPH_BIN:-target/release/newsgraph}"
SIZES=("${@:-2 5 10 20}")
read -r -a SIZES <<<"${SIZES[*]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# enough synthetic articles for the largest size (about 1.5 KB of text each)
LINE_MB="${LINE_MB:-50}"
max=$LINE_MB
for s in "${SIZES[@]}"; do (( s > max )) && max=$s; done
"$BIN" synth --count $(( max * 800 )) --seed 11 >"$work/synth.jsonl"

# make SIZE_MB SEPARATOR FILE: articles joined by SEPARATOR, their own line breaks by SEPARATOR
# too when it is a space (one single line), cut to exactly SIZE_MB * 1,000,000 bytes
make() {
  python3 - "$work/synth.jsonl" "$1" "$2" "$3" <<'EOF'
import json, sys
src, mb, sep, out = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode().decode("unicode_escape"), sys.argv[4]
size = mb * 1_000_000
parts, n = [], 0
for line in open(src, encoding="utf-8"):
    t = json.loads(line)["text"].replace("\r\n", "\n")
    if sep == " ":
        t = t.replace("\n", " ")
    parts.append(t)
    n += len(t.encode()) + len(sep)
    if n >= size:
        break
data = sep.join(parts).encode()[:size].decode("utf-8", "ignore")
data += " " * (size - len(data.encode()))
open(out, "w", encoding="utf-8").write(data)
EOF
}

# run LABEL CMD...: prints LABEL, seconds, peak RSS in MB
run() {
  local label=$1
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time" || {
    tail -n 30 "$work/time" >&2
    return 1
  }
  awk -v l="$label" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
    /Maximum resident set size/ { m = $NF / 1024 }
    END { printf "  %-8s %7.1f s %7.0f MB\n", l, s, m }' "$work/time"
}

bench() {
  local file=$1
  echo "$2 ($(stat -c %s "$file") bytes)"
  run extract "$BIN" extract --format nquads "$file"
  rm -rf "$work/s"
  run build "$BIN" build -q --store "$work/s" "$file"
  run trig "$BIN" export --store "$work/s" --format trig -o "$work/out.trig"
  run turtle "$BIN" export --store "$work/s" --format turtle -o "$work/out.ttl"
  rm -f "$work/out.trig" "$work/out.ttl"
  rm -rf "$work/t"
  "$BIN" build -q --store "$work/t" examples/damascus-2019-03-18.txt
  run add "$BIN" build -q --store "$work/t" "$file"
  run rebuild "$BIN" build -q --store "$work/t" "$file"
}

for mb in "${SIZES[@]}"; do
  make "$mb" '\n\n' "$work/a.txt"
  bench "$work/a.txt" "${mb} MB of paragraphs"
done
if (( LINE_MB > 0 )); then
  make "$LINE_MB" ' ' "$work/line.txt"
  bench "$work/line.txt" "${LINE_MB} MB single line"
fi
