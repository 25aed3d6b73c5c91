#!/usr/bin/env bash
# Reproduce the LiverScreen reference models from scratch (synthetic phantoms only -- NOT for clinical use).
#
#   models/training/train_all.sh [options]
#     --work DIR            scratch dir for the export, checkpoints and logs (default: ./.work/train-all)
#     --train-export DIR    use an existing training export (skip the phantom generation); also --val-export DIR
#     --studies N           training studies to generate (default 150; mixed preset), --val-studies N (default 30)
#     --spacing x,y,z       working spacing in mm for the export (default 1.5,1.5,5.0)
#     --minutes M           training budget in minutes, all models together (default 106; the whole recipe with
#                           generation, mining and exports stays within 2.5 h on 2 CPU cores: generating the
#                           pipeline-mode export, ~6.5 s per mixed study, takes ~20 of them)
#     --device D            auto | cpu | cuda (default auto)
#     --seeds "1 2 3"       segmentation seeds (default 1 2 3)
#     --models DIR          where the selected models and cards go (default: models/ of this repository)
#     --note TEXT           recorded in every card
#
# Schedule (all steps resumable: rerunning the same command continues where it stopped):
#   A  segmentation seed 1, reclassifier (lesion shuffle), reclassifier (no shuffle)   -> a usable set early
#   B  the other segmentation seeds
#   C  keep the best seed on validation (paper 003) and continue it; mine its false positives on the validation
#      export; continue both reclassifiers (validated on those false positives too)
#   D  export ONNX + model cards (validation metrics, every seed in "training") into models/*/
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
WORK="$ROOT/.work/train-all"; TRAIN=""; VAL=""; STUDIES=150; VAL_STUDIES=30; SPACING="1.5,1.5,5.0"
MINUTES=106; DEVICE=auto; SEEDS="1 2 3"; MODELS="$ROOT/models"; NOTE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK="$2"; shift 2;; --train-export) TRAIN="$2"; shift 2;; --val-export) VAL="$2"; shift 2;;
    --studies) STUDIES="$2"; shift 2;; --val-studies) VAL_STUDIES="$2"; shift 2;; --spacing) SPACING="$2"; shift 2;;
    --minutes) MINUTES="$2"; shift 2;; --device) DEVICE="$2"; shift 2;; --seeds) SEEDS="$2"; shift 2;;
    --models) MODELS="$2"; shift 2;; --note) NOTE="$2"; shift 2;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2;;
  esac
done
mkdir -p "$WORK"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$WORK/train_all.log"; }
# fraction of the budget in minutes (awk: bash has no floats)
budget() { awk -v m="$MINUTES" -v f="$1" 'BEGIN { printf "%.2f", m * f }'; }

if [ -z "$TRAIN" ]; then
  TRAIN="$WORK/export/train"; VAL="$WORK/export/val"
  if [ ! -f "$TRAIN/manifest.json" ]; then
    log "generating $STUDIES training phantoms (mixed preset, seed 1000) at $SPACING mm"
    "$ROOT/liverscreen" synth --preset mixed --studies "$STUDIES" --seed 1000 \
      --export-training "$TRAIN" --spacing "$SPACING" --export-only
  fi
  if [ ! -f "$VAL/manifest.json" ]; then
    log "generating $VAL_STUDIES held-out validation phantoms (mixed preset, seed 9000)"
    "$ROOT/liverscreen" synth --preset mixed --studies "$VAL_STUDIES" --seed 9000 \
      --export-training "$VAL" --spacing "$SPACING" --export-only
  fi
fi
[ -n "$VAL" ] || { echo "--val-export is required with --train-export" >&2; exit 2; }
COMMON=(--train "$TRAIN" --val "$VAL" --device "$DEVICE")
# seeds get 8% each for the paper-003 selection; the selected seed continues to 44% (lesions are learned late);
# each reclassifier gets 10% to learn lesion types on multi-phase studies, then continues on all to 18%
SEG_EACH=$(budget 0.08); SEG_MORE=$(budget 0.44); RECLS_A=$(budget 0.10); RECLS_C=$(budget 0.18)
# the reclassifiers' type curriculum (docs/models.md, "Lesion types"): lesion types drawn evenly and weighted by
# their inverse voxel share; stage A on multi-phase studies only (types are told apart by enhancement), stage C on
# every study with phase dropout at a lower rate, so NC-only candidates are learned without losing the types
TYPES=(--type-balanced --type-weights inverse-share)
FIRST=${SEEDS%% *}

seg() { # seed, cumulative minutes, extra flags
  log "segmentation seed $1 up to $2 min"
  "$PY" "$HERE/train_seg.py" "${COMMON[@]}" --out "$WORK/runs/seg-seed$1" --seed "$1" --time-budget "$2" --resume \
    "${@:3}" > "$WORK/runs/seg-seed$1.out" 2>&1
}
recls() { # variant, cumulative minutes, extra flags
  log "reclassifier ($1) up to $2 min"
  "$PY" "$HERE/train_recls.py" "${COMMON[@]}" --out "$WORK/runs/recls-$1" --schemes "$1" --seed 1 \
    --time-budget "$2" --resume "${@:3}" > "$WORK/runs/recls-$1.out" 2>&1
}
mkdir -p "$WORK/runs"
log "budget $MINUTES min: seg seeds $SEG_EACH min each, best seed to $SEG_MORE min, reclassifiers $RECLS_C min each"
# A
seg "$FIRST" "$SEG_EACH"
recls shuffle "$RECLS_A" "${TYPES[@]}" --multiphase-only --lr-schedule cosine
recls noshuffle "$RECLS_A" "${TYPES[@]}" --multiphase-only --lr-schedule cosine
# B
for s in $SEEDS; do [ "$s" = "$FIRST" ] || seg "$s" "$SEG_EACH"; done
# C
RUNS=(); for s in $SEEDS; do RUNS+=("$WORK/runs/seg-seed$s"); done
BEST="$("$PY" "$HERE/select_run.py" "${RUNS[@]}")"
BEST_SEED="${BEST##*seed}"
log "best segmentation seed on validation: $BEST_SEED; continuing it"
# the continuation anneals (cosine over its budget; it restarts warm from the seed phase's constant rate)
seg "$BEST_SEED" "$SEG_MORE" --lr-schedule cosine
# the selected network's own false positives (high-sensitivity point; mine_negatives.py, an extension of paper 002):
# stage C and the cards count how many of the held-out ones the reclassifiers reject, shown as the pipeline shows
# them. Training on them (train_recls.py --hard-negatives) raised that rejection but lost lesions and specificity in
# the pipeline evaluation (docs/models.md, session 9), so it is not part of the recipe. Mined once: a rerun keeps them.
mine() { # export, output (kept when it exists)
  [ -s "$2" ] && return 0
  log "mining the segmentation false positives of $1"
  "$PY" "$HERE/mine_negatives.py" --run "$WORK/runs/seg-seed$BEST_SEED" --export "$1" --out "$2.tmp.npz" \
    --device "$DEVICE" > "$2.out" 2>&1 && mv "$2.tmp.npz" "$2"
}
mine "$VAL" "$WORK/runs/hard-negatives-val.npz"
HARD=(--val-hard-negatives "$WORK/runs/hard-negatives-val.npz")
recls shuffle "$RECLS_C" "${TYPES[@]}" "${HARD[@]}" --lr-schedule cosine --lr 5e-4
recls noshuffle "$RECLS_C" "${TYPES[@]}" "${HARD[@]}" --lr-schedule cosine --lr 5e-4
# D
"$HERE/export_all.sh" --train-export "$TRAIN" --val-export "$VAL" --runs "$WORK/runs" --models "$MODELS" \
  --seeds "$SEEDS" --note "$NOTE" --device "$DEVICE"
log "done: models in $MODELS/{liver-seg,lesion-recls,lesion-recls-noshuffle}"
