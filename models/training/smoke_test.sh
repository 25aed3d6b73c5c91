#!/usr/bin/env bash
# CI smoke test of the training recipe (< 3 min on 2 cores): a tiny fake export, a few steps of each trainer
# (two segmentation seeds, the reclassifier with and without lesion shuffle), a resume, ONNX export, card checks.
# Prints "SMOKE TEST PASSED" / "SMOKE TEST FAILED: <step>" and exits 0 / 1.
# Needs Debian's PyTorch, numpy, scipy and onnx for /usr/bin/python3 (PYTHON overrides).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ls-train-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "SMOKE TEST FAILED: $1 (logs in output above)"; exit 1; }
step() { echo "== $1"; }

"$PY" -c "import torch, numpy, scipy, onnx" 2>/dev/null || fail "python deps missing for $PY (torch numpy scipy onnx)"
step "unit checks"
"$PY" "$HERE/tests/test_units.py" || fail "unit checks"
step "fake export"
"$PY" "$HERE/tests/make_fake_export.py" "$WORK/train" --studies 4 --seed 1 >/dev/null || fail "fake export"
"$PY" "$HERE/tests/make_fake_export.py" "$WORK/val" --studies 2 --seed 2 >/dev/null || fail "fake val export"
COMMON=(--train "$WORK/train" --val "$WORK/val" --threads 2 --device cpu)
step "segmentation: 2 seeds x 2 steps, then resume to step 3"
for s in 1 2; do
  "$PY" "$HERE/train_seg.py" "${COMMON[@]}" --out "$WORK/seg-$s" --seed $s --max-steps 2 --steps-per-epoch 2 \
    --patch 16,32,32 --batch 1 >"$WORK/seg-$s.out" 2>&1 || { cat "$WORK/seg-$s.out"; fail "train_seg seed $s"; }
done
"$PY" "$HERE/train_seg.py" "${COMMON[@]}" --out "$WORK/seg-1" --seed 1 --max-steps 3 --steps-per-epoch 2 \
  --patch 16,32,32 --batch 1 --resume >"$WORK/seg-r.out" 2>&1 || { cat "$WORK/seg-r.out"; fail "train_seg --resume"; }
grep -q '"event": "resume", "step": 2' "$WORK/seg-1/log.jsonl" || fail "resume did not continue from step 2"
grep -q '"event": "end", "step": 3' "$WORK/seg-1/log.jsonl" || fail "resume did not stop at step 3"
step "reclassifier with and without lesion shuffle: 2 steps each"
for v in shuffle noshuffle; do
  "$PY" "$HERE/train_recls.py" "${COMMON[@]}" --out "$WORK/recls-$v" --schemes $v --max-steps 2 --steps-per-epoch 2 \
    --batch 2 >"$WORK/recls-$v.out" 2>&1 || { cat "$WORK/recls-$v.out"; fail "train_recls $v"; }
done
step "export ONNX + cards"
"$PY" "$HERE/export_model.py" --task segmentation --runs "$WORK/seg-1" "$WORK/seg-2" --val "$WORK/val" \
  --out "$WORK/models/liver-seg" --name liver-seg --patch 16,64,64 >"$WORK/exp-seg.out" 2>&1 \
  || { cat "$WORK/exp-seg.out"; fail "export segmentation"; }
for v in shuffle noshuffle; do
  "$PY" "$HERE/export_model.py" --task reclassification --runs "$WORK/recls-$v" --val "$WORK/val" \
    --out "$WORK/models/recls-$v" --name "lesion-recls-$v" >"$WORK/exp-$v.out" 2>&1 \
    || { cat "$WORK/exp-$v.out"; fail "export reclassifier $v"; }
done
step "check cards and ONNX"
"$PY" "$HERE/check_card.py" "$WORK/models/liver-seg" "$WORK/models/recls-shuffle" "$WORK/models/recls-noshuffle" \
  || fail "card / ONNX check"
"$PY" - "$WORK/models/liver-seg/model.json" <<'PYEOF' || fail "segmentation card does not record both seeds"
import json, sys
t = json.load(open(sys.argv[1]))["training"]
assert sorted(t["seeds"]) == [1, 2] and t["selected"] in (1, 2), t
PYEOF
echo "SMOKE TEST PASSED"
