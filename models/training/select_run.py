#!/usr/bin/env python3
"""Print the run dir whose best epoch (validated on the same studies for every seed) scored best: paper 003's keep-the-best-of-several-seeds.
Usage: select_run.py RUN1 RUN2 ..."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import read_jsonl  # noqa: E402

best, best_score = None, -1.0
for run in sys.argv[1:]:
    epochs = [e for e in read_jsonl(os.path.join(run, "log.jsonl")) if e.get("event") == "epoch"]
    if not epochs:
        continue
    s = max(e["score"] for e in epochs)
    print(f"{run}: best validation score {s:.4f}", file=sys.stderr)
    if s > best_score:
        best, best_score = run, s
if best is None:
    sys.exit("no run has a validation epoch")
print(best)
