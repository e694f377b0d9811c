#!/usr/bin/env python3
"""Scores newsgraph on a corpus with the shared evaluator when it is available
(../shared/eval/evaluate.py), failing below a minimum overall F1.

    score.py BIN CORPUS MIN
"""
import os
import subprocess
import sys

binary, corpus, minimum = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
evaluator = os.path.join(here, "..", "..", "shared", "eval", "evaluate.py")
if not os.path.exists(evaluator):
    print(f"(no evaluator at {evaluator}: {corpus} not scored)")
    sys.exit(0)
out = subprocess.run([sys.executable, evaluator, "--bin", binary, "--corpus", corpus, "--min", minimum],
                     capture_output=True, text=True)
print("\n".join(out.stdout.strip().splitlines()[-6:]))
if out.returncode != 0:
    print(f"{corpus}: overall F1 below {minimum}", file=sys.stderr)
sys.exit(out.returncode)
