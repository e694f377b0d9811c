#!/usr/bin/env bash
# Seeds fuzz/corpus/{extract,ingest} from the example, the articles of tests/data/eval/2026-11-a
# and a synthetic JSON Lines feed. Needs a release build of the tool (`cargo build --release`).
set -euo pipefail
cd "$(dirname "$0")"
bin="${CARGO_TARGET_DIR:-../target}/release/newsgraph"
mkdir -p corpus/extract corpus/ingest corpus/extraction_json corpus/query
cp ../examples/*.txt ../tests/data/eval/2026-11-a/*.txt corpus/extract/
cp ../examples/*.meta.json ../tests/data/eval/2026-11-a/*.meta.json corpus/ingest/
"$bin" synth --count 5 --seed 1 >corpus/ingest/synth.jsonl
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%s\n' "$line" >"corpus/ingest/synth-$i.jsonl"
done <corpus/ingest/synth.jsonl
printf '{"text": 3}\n\n{"text": "Le général Omar Diallo a parlé.", "published": "2024-13-01"}\n{"id": "x", "text": "a", "lang": "de"}\n' >corpus/ingest/bad.jsonl
for f in ../examples/*.txt ../tests/data/eval/2026-11-a/*.txt; do
  "$bin" extract "$f" >"corpus/extraction_json/$(basename "$f" .txt).json"
done
cp ../queries/*.rq corpus/query/
printf 'SELECT * { ?s ?p ?o FILTER(((?o > 1))) }' >corpus/query/filter.rq
printf 'INSERT DATA { <a:b> <a:c> <a:d> }' >corpus/query/update.rq
echo "seeded: $(ls corpus/extract | wc -l) extract, $(ls corpus/ingest | wc -l) ingest, $(ls corpus/extraction_json | wc -l) extraction_json, $(ls corpus/query | wc -l) query"
