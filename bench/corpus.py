#!/usr/bin/env python3
"""Corpus benchmark: builds N synthetic articles with newsgraph and prints, side by side,
articles/s, triples/s, peak RSS, the time and peak RSS of adding one article to the store
built, the ratio of newsgraph's full build time to Oxigraph's own bulk load of the same N-Quads (the store-bound limit), and the extraction-only throughput in
MB of article text per second on one core (the best of 5 runs of `extract --format json`, the
extraction stage's own output), with that of `extract --format nquads` (mapping and N-Quads
writing added). Then, on the store it built, the time of each
bundled query (`newsgraph queries`): each run 3 times with `--format tsv`, the
median in ms, process start included; the start itself is timed alone (`query --sparql
'ASK {}'` on the same store) and printed first. `evidence` needs an item: the country with
the smallest IRI, a heavily mentioned entity.

    bench/corpus.py N [--bin target/release/newsgraph] [--build-only]

Needs the `oxigraph` CLI for the comparison (pip install oxigraph); without it that column is
left out. A benchmark, not a test: numbers vary with the machine's load.
"""
import argparse
import json
import os
import statistics
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd, **kw):
    """Runs cmd; returns (seconds, peak RSS in MB of this child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, **kw)
    dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, max(peak, before) / 1024


def run_alone(cmd, **kw):
    """Runs cmd; returns (seconds, its own peak RSS in MB), measured by GNU time when present
    (the children's maximum that `run` reads covers every earlier child too)."""
    if not os.path.exists("/usr/bin/time"):
        return run(cmd, **kw)
    with tempfile.NamedTemporaryFile("r") as out:
        t = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *cmd], check=True, **kw)
        dt = time.perf_counter() - t
        return dt, int(out.read().split()[-1]) / 1024


def query_times(binary, store):
    """[(label, median ms, rows)] of the process start alone, then of each bundled query, then of
    the parameterised queries for the busiest participant and speaker (by IRI and by surname)."""
    def median_ms(args):
        times = []
        rows = 0
        for _ in range(3):
            t = time.perf_counter()
            out = subprocess.run([binary, "query", "--store", store, "--format", "tsv", *args],
                                 check=True, stdout=subprocess.PIPE).stdout
            times.append((time.perf_counter() - t) * 1000)
            rows = max(out.count(b"\n") - 1, 0)
        return statistics.median(times), rows

    def first_row(sparql):
        lines = subprocess.run([binary, "query", "--store", store, "--format", "tsv", "--sparql", sparql],
                               check=True, capture_output=True, text=True).stdout.splitlines()[1:]
        return lines[0].split("\t") if lines else None

    out = [("start (ASK {})", *median_ms(["--sparql", "ASK {}"]))]
    names = [l for l in subprocess.run([binary, "queries"], check=True, capture_output=True,
                                       text=True).stdout.splitlines() if l and not l[0].isspace()]
    item = first_row("SELECT ?c WHERE { ?c a <http://schema.org/Country> } ORDER BY ?c LIMIT 1")
    for name in names:
        args = [name]
        if name == "evidence":
            if not item:
                continue
            args += ["--param", "item=" + item[0].strip().strip("<>")]
        out.append((name, *median_ms(args)))
    ng = "https://w3id.org/newsgraph/ontology#"
    for query, param, predicate in (("who-met-whom", "person", "participant"), ("claims", "speaker", "speaker")):
        busiest = first_row(f"SELECT ?p (MAX(?n) AS ?name) (COUNT(*) AS ?c) WHERE {{ ?x <{ng}{predicate}> ?p . "
                            f"?p <http://schema.org/name> ?n }} GROUP BY ?p ORDER BY DESC(?c) LIMIT 1")
        if not busiest:
            continue
        iri = busiest[0].strip("<>")
        surname = busiest[1].split("\"")[1].split()[-1]
        out.append((f"{query} {param}=<IRI>", *median_ms([query, "--param", f"{param}={iri}"])))
        out.append((f"{query} {param}={surname}", *median_ms([query, "--param", f"{param}={surname}"])))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--bin", default="target/release/newsgraph")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--build-only", action="store_true",
                    help="only the build and the added article: no export, Oxigraph load or queries")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="ngbench-")
    try:
        corpus = os.path.join(tmp, "corpus.jsonl")
        with open(corpus, "wb") as f:
            subprocess.run([args.bin, "synth", "--count", str(args.n), "--seed", str(args.seed)], check=True, stdout=f)
        text_mb = sum(len(json.loads(l)["text"].encode()) for l in open(corpus, encoding="utf-8")) / 1e6

        # extraction only, one core, process start included: the text to the extraction (the
        # data model, written as JSON Lines), then the text to its graph as N-Quads (mapping
        # and writing included); each the best of 5 runs, the ones least disturbed by the
        # machine's other work (runs of one binary varied by 30%)
        # (not with --build-only)
        env = dict(os.environ, RAYON_NUM_THREADS="1")
        with open(os.devnull, "wb") as devnull:
            def best(fmt):
                return min(run([args.bin, "extract", "--format", fmt, "--jsonl", corpus], stdout=devnull, env=env)[0]
                           for _ in range(5))
            if not args.build_only:
                t_extract = best("json")
                t_extract_nq = best("nquads")

        # full build into a fresh store (all cores)
        store = os.path.join(tmp, "store")
        t_build, rss = run([args.bin, "build", "--quiet", "--store", store, "--jsonl", corpus], stderr=subprocess.DEVNULL)
        # one more article (another seed: a new URL) into the store just built: the cost of an
        # incremental build on a big store
        one = os.path.join(tmp, "one.jsonl")
        with open(one, "wb") as f:
            subprocess.run([args.bin, "synth", "--count", "1", "--seed", str(args.seed + 1)], check=True, stdout=f)
        t_one, rss_one = run_alone([args.bin, "build", "--quiet", "--store", store, "--jsonl", one], stderr=subprocess.DEVNULL)
        if args.build_only:
            print(f"articles        {args.n}")
            print(f"text            {text_mb:.1f} MB")
            print(f"build           {t_build:.2f} s  ({args.n / t_build:.0f} articles/s)")
            print(f"peak RSS        {rss:.0f} MB")
            print(f"add 1 article   {t_one:.2f} s, peak RSS {rss_one:.0f} MB")
            return
        nq = os.path.join(tmp, "all.nq")
        subprocess.run([args.bin, "export", "--store", store, "--format", "nquads", "-o", nq], check=True)
        quads = sum(1 for _ in open(nq, "rb"))

        # Oxigraph alone loading the same quads
        t_ox = None
        if shutil.which("oxigraph"):
            t_ox, _ = run(["oxigraph", "load", "--location", os.path.join(tmp, "ox"), "--file", nq],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        print(f"articles        {args.n}")
        print(f"text            {text_mb:.1f} MB")
        print(f"quads           {quads}")
        print(f"build           {t_build:.2f} s  ({args.n / t_build:.0f} articles/s, {quads / t_build:.0f} triples/s)")
        print(f"peak RSS        {rss:.0f} MB")
        print(f"add 1 article   {t_one:.2f} s, peak RSS {rss_one:.0f} MB")
        if t_ox:
            print(f"oxigraph load   {t_ox:.2f} s  (build / oxigraph load = {t_build / t_ox:.2f})")
        print(f"extraction      {t_extract:.2f} s on 1 core = {text_mb / t_extract:.2f} MB/s per core "
              f"(text -> extraction, JSON out; best of 5)")
        print(f"  and mapping   {t_extract_nq:.2f} s on 1 core = {text_mb / t_extract_nq:.2f} MB/s per core "
              f"(text -> N-Quads; best of 5)")
        print("queries         median of 3 runs, ms, process start included (--format tsv)")
        for name, ms, rows in query_times(args.bin, store):
            print(f"  {name:<30}{ms:8.0f} ms {rows:8d} rows")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
