#!/usr/bin/env bash
# CI smoke test of the training recipe (aim: under 3 min on 2 cores): unit checks, a tiny fake export, a few steps
# of each trainer (two segmentation seeds + a resume, the reclassifier with and without lesion shuffle), ONNX export
# and card checks -- all in one Python process (tests/smoke.py).
# Prints "SMOKE TEST PASSED" or "SMOKE TEST FAILED: <reason>" and exits 0 / 1.
# Needs Debian's PyTorch, numpy, scipy and onnx for /usr/bin/python3 (PYTHON overrides).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
if ! "$PY" -c "import torch, numpy, scipy, onnx" 2>/dev/null; then
  echo "SMOKE TEST FAILED: python deps missing for $PY (torch numpy scipy onnx)"; exit 1
fi
start=$(date +%s)
if "$PY" -W ignore "$HERE/tests/smoke.py"; then
  echo "SMOKE TEST PASSED ($(( $(date +%s) - start )) s)"
else
  echo "SMOKE TEST FAILED: see the output above ($(( $(date +%s) - start )) s)"; exit 1
fi
