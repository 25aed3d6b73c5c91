#!/usr/bin/env bash
# Export the trained runs of train_all.sh into models/*/ (ONNX + model.json + training logs) and check the cards.
#   export_all.sh --train-export DIR --val-export DIR --runs DIR [--models DIR] [--seeds "1 2 3"] [--note TEXT]
# EVAL_MAX (default 8): validation studies for the segmentation card's metrics (whole-volume sliding windows).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
MODELS="$ROOT/models"; SEEDS="1 2 3"; NOTE=""; DEVICE=cpu
while [ $# -gt 0 ]; do
  case "$1" in
    --train-export) TRAIN="$2"; shift 2;; --val-export) VAL="$2"; shift 2;; --runs) RUNS="$2"; shift 2;;
    --models) MODELS="$2"; shift 2;; --seeds) SEEDS="$2"; shift 2;; --note) NOTE="$2"; shift 2;;
    --device) DEVICE="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ "$DEVICE" = auto ] && DEVICE=$("$PY" -c "import torch; print('cuda' if torch.cuda.is_available() else 'cpu')")
SEG=(); for s in $SEEDS; do [ -f "$RUNS/seg-seed$s/best.pt" ] && SEG+=("$RUNS/seg-seed$s"); done
COMMON=(--val "$VAL" --train-export "$TRAIN" --note "$NOTE" --device "$DEVICE" --eval-max "${EVAL_MAX:-8}")
"$PY" "$HERE/export_model.py" --task segmentation --runs "${SEG[@]}" "${COMMON[@]}" \
  --out "$MODELS/liver-seg" --name liver-seg
DIRS=("$MODELS/liver-seg")
for v in shuffle noshuffle; do
  [ -f "$RUNS/recls-$v/best.pt" ] || { echo "no reclassifier run $v yet" >&2; continue; }
  name=lesion-recls; [ "$v" = noshuffle ] && name=lesion-recls-noshuffle
  "$PY" "$HERE/export_model.py" --task reclassification --runs "$RUNS/recls-$v" "${COMMON[@]}" \
    --out "$MODELS/$name" --name "$name"
  DIRS+=("$MODELS/$name")
done
"$PY" "$HERE/check_card.py" "${DIRS[@]}"
