#!/usr/bin/env python3
"""Checks that the project's scorer (bench/evaluate.py) gives the shared evaluator's figures.

    check-scorer.py BIN [CORPUS]

Runs both on CORPUS (default ../shared/corpus/dev, beside the repository) and fails when their
overall F1 differ by more than 0.001; any other line that differs is shown. The corpus must be
there (exit 2 otherwise). The shared evaluator (../shared/eval/evaluate.py) is optional: without
it there is nothing to compare with, which is said, and the check passes.
"""
import os
import subprocess
import sys

TOLERANCE = 0.001


def overall(lines):
    for line in reversed(lines):
        if line.startswith("overall_f1 "):
            return float(line.split()[1])
    return None


def run(scorer, binary, corpus):
    done = subprocess.run(
        [sys.executable, scorer, "--bin", binary, "--corpus", corpus],
        capture_output=True, text=True,
    )
    lines = done.stdout.strip().splitlines()
    if overall(lines) is None:
        print(f"check-scorer.py: {scorer} gave no overall_f1 (exit {done.returncode}):\n"
              f"{done.stderr.strip()}", file=sys.stderr)
        sys.exit(1)
    return lines


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: check-scorer.py BIN [CORPUS]", file=sys.stderr)
        sys.exit(2)
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.normpath(os.path.join(here, "..", "..", "shared"))
    binary = sys.argv[1]
    corpus = sys.argv[2] if len(sys.argv) == 3 else os.path.join(shared, "corpus", "dev")
    if not os.path.isdir(os.path.join(corpus, "gold")):
        print(f"check-scorer.py: no corpus with gold at {corpus}", file=sys.stderr)
        sys.exit(2)
    theirs_path = os.path.join(shared, "eval", "evaluate.py")
    ours = run(os.path.join(here, "evaluate.py"), binary, corpus)
    if not os.path.isfile(theirs_path):
        print(f"bench/evaluate.py on {corpus}: {ours[-1]}; no shared evaluator at "
              f"{theirs_path} to compare it with")
        return
    theirs = run(theirs_path, binary, corpus)
    for a, b in zip(theirs, ours):
        if a != b:
            print(f"  shared:  {a}\n  ours:    {b}")
    if len(theirs) != len(ours):
        print(f"  shared printed {len(theirs)} lines, ours {len(ours)}")
    diff = abs(overall(theirs) - overall(ours))
    if diff > TOLERANCE:
        print(f"check-scorer.py: on {corpus} bench/evaluate.py gives {ours[-1]}, the shared "
              f"evaluator {theirs[-1]}: they differ by more than {TOLERANCE}", file=sys.stderr)
        sys.exit(1)
    print(f"bench/evaluate.py and the shared evaluator agree on {corpus}: {ours[-1]}")


if __name__ == "__main__":
    main()
