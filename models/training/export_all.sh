#!/usr/bin/env bash
# Export the trained runs of train_all.sh into models/*/ (ONNX + model.json + training logs) and check the cards;
# fit the lesion typing model (models/lesion-typing/typing.json, train_typing.py).
#   export_all.sh --train-export DIR --val-export DIR --runs DIR [--models DIR] [--seeds "1 2 3"] [--note TEXT] [--device cpu|cuda|auto]
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
    -h|--help) sed -n '2,4p' "$0"; exit 0;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
[ "$DEVICE" = auto ] && DEVICE=$("$PY" -c "import torch; print('cuda' if torch.cuda.is_available() else 'cpu')")
[ -n "${TRAIN:-}" ] && [ -n "${VAL:-}" ] && [ -n "${RUNS:-}" ] || { sed -n '2,4p' "$0" >&2; exit 2; }
SEG=(); for s in $SEEDS; do [ -f "$RUNS/seg-seed$s/best.pt" ] && SEG+=("$RUNS/seg-seed$s"); done
[ ${#SEG[@]} -gt 0 ] || { echo "export_all: no segmentation run with best.pt under $RUNS (seeds: $SEEDS)" >&2; exit 1; }
COMMON=(--val "$VAL" --train-export "$TRAIN" --note "$NOTE" --device "$DEVICE" --eval-max "${EVAL_MAX:-8}")
"$PY" "$HERE/export_model.py" --task segmentation --runs "${SEG[@]}" "${COMMON[@]}" \
  --out "$MODELS/liver-seg" --name liver-seg
DIRS=("$MODELS/liver-seg")
for v in shuffle noshuffle; do
  [ -f "$RUNS/recls-$v/best.pt" ] || { echo "no reclassifier run $v yet" >&2; continue; }
  name=lesion-recls; [ "$v" = noshuffle ] && name=lesion-recls-noshuffle
  HARD=(); [ -f "$RUNS/hard-negatives-val.npz" ] && HARD=(--val-hard-negatives "$RUNS/hard-negatives-val.npz")
  "$PY" "$HERE/export_model.py" --task reclassification --runs "$RUNS/recls-$v" "${COMMON[@]}" "${HARD[@]}" \
    --out "$MODELS/$name" --name "$name"
  DIRS+=("$MODELS/$name")
done
# the lesion typing model (an extension of paper 002: the reclassifier's type vote times the enhancement pattern):
# fitted in minutes from the exports alone, no run needed
"$PY" "$HERE/train_typing.py" --train "$TRAIN" --val "$VAL" --out "$MODELS/lesion-typing" --version "${TYPING_VERSION:-0.1.0}" \
  --note "$NOTE"
# a card that does not match its model or the contract fails the export (exit 1, every problem printed)
"$PY" "$HERE/check_card.py" "${DIRS[@]}" || { echo "export_all: card check FAILED (see FAIL lines above)" >&2; exit 1; }
echo "export_all: exported and checked ${DIRS[*]}; lesion typing model in $MODELS/lesion-typing"
