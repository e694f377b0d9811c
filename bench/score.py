#!/usr/bin/env python3
"""Scores newsgraph on a corpus with the project's scorer (bench/evaluate.py) and fails below a
minimum overall F1: the quality guards of .ci/run.

    score.py BIN CORPUS MIN [--lang fr|en]

Prints the corpus totals (one line per metric, then `overall_f1 X`) and the articles that failed.
Exits 1 when the score is below MIN, and 2 when it cannot score: no scorer, no binary, no corpus
folder, or a corpus without gold files. A guard that cannot run fails; it never passes unscored.
"""
import os
import subprocess
import sys

USAGE = "usage: score.py BIN CORPUS MIN [--lang fr|en]"


def fail(message):
    print(f"score.py: {message}", file=sys.stderr)
    sys.exit(2)


def main():
    args = sys.argv[1:]
    if len(args) not in (3, 5) or (len(args) == 5 and args[3] != "--lang"):
        fail(USAGE)
    binary, corpus, minimum = args[:3]
    try:
        float(minimum)
    except ValueError:
        fail(f"MIN must be a number, not {minimum!r} ({USAGE})")
    scorer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluate.py")
    if not os.path.isfile(scorer):
        fail(f"no scorer at {scorer}: {corpus} cannot be scored")
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        fail(f"no newsgraph binary at {binary} (cargo build --release): {corpus} cannot be scored")
    gold = os.path.join(corpus, "gold")
    if not os.path.isdir(corpus):
        fail(f"no corpus folder at {corpus}")
    if not os.path.isdir(gold) or not any(n.endswith(".json") for n in os.listdir(gold)):
        fail(f"no gold files in {gold}: {corpus} cannot be scored")

    print(f"{corpus}{' (' + args[4] + ')' if len(args) == 5 else ''}, guard {minimum}:")
    cmd = [sys.executable, scorer, "--bin", binary, "--corpus", corpus, "--min", minimum]
    cmd += args[3:]
    done = subprocess.run(cmd, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    # the per-article lines are left out, except the articles that failed
    metrics = ("persons", "countries", "meeting_pairs", "pairs_nodate", "claims")
    totals = [
        line for line in lines
        if (line.split() or [""])[0] in metrics
        or line.startswith(("articles that failed:", "overall_f1 "))
        or ": ERROR " in line
    ]
    print("\n".join(totals))
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)
    if not lines or not lines[-1].startswith("overall_f1 "):
        print(f"score.py: {corpus}: the scorer gave no overall_f1 (exit {done.returncode})",
              file=sys.stderr)
        sys.exit(done.returncode or 2)
    if done.returncode != 0:
        print(f"{corpus}: {lines[-1]}, below {minimum}", file=sys.stderr)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
