#!/usr/bin/env python3
"""Pick the best run on validation, export it to ONNX (opset 17, dynamic batch and spatial axes) and write the
model card (docs/formats.md, liverscreen-model-card/1) with the validation metrics and every run in "training".

  export_model.py --task segmentation --runs RUN1 RUN2 ... --val VAL --out models/liver-seg --name liver-seg
  export_model.py --task reclassification --runs RUN --val VAL --out models/lesion-recls --name lesion-recls

Each RUN holds best.pt and log.jsonl from train_seg.py / train_recls.py. Synthetic phantoms only.
"""
import argparse
import copy
import datetime
import inspect
import json
import os
import shutil
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unet  # noqa: E402
from common import CARD_FORMAT, CLASSES, channels_for, MAX_HU, MIN_HU, load_studies, pick_validation, read_jsonl, \
    sha256_file  # noqa: E402

RECIPE = "models/training/train_all.sh"


def export_onnx(model, path, patch):
    wrapped = unet.WithSoftmax(copy.deepcopy(model).cpu()).eval()  # export on CPU whatever device trained it
    dummy = torch.zeros((1, model.config["in_ch"]) + tuple(patch), dtype=torch.float32)
    dyn = {0: "batch", 2: "z", 3: "y", 4: "x"}
    kw = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kw["dynamo"] = False  # PyTorch 2.9+ defaults to the dynamo exporter (needs onnxscript); keep the classic one
    torch.onnx.export(wrapped, dummy, path, opset_version=17, input_names=["image"], output_names=["probabilities"],
                      dynamic_axes={"image": dyn, "probabilities": dyn}, do_constant_folding=True, **kw)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    with torch.no_grad():
        ref = wrapped(dummy + 0.1).numpy()
    try:  # numerical check where Python onnxruntime exists (GPU machine); C# tests check it through our engine
        import onnxruntime as ort
        out = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, {"image": (dummy + 0.1).numpy()})[0]
        return float(np.abs(out - ref).max())
    except ImportError:
        return None


def load_run(run, device):
    ck = torch.load(os.path.join(run, "best.pt"), map_location=device, weights_only=False)
    model = unet.build(ck["config"]).to(device)
    model.load_state_dict(ck["model"])
    model.eval()
    return model, ck["state"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", choices=["segmentation", "reclassification"], required=True)
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--val", required=True)
    ap.add_argument("--train-export", default="", help="recorded in the card")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--patch", default="", help="z,y,x card patchSize (default: the training patch)")
    ap.add_argument("--overlap", type=float, default=0.25)
    ap.add_argument("--eval-max", type=int, default=8, help="val studies used for selection and card metrics")
    ap.add_argument("--select-by", choices=["log", "eval"], default="log",
                    help="rank runs by their last logged validation epoch (log) or evaluate each again (eval)")
    ap.add_argument("--note", default="", help="free text recorded in the card's training field")
    ap.add_argument("--whole-volume", action="store_true",
                    help="card metrics on whole volumes (default: the liver's bounding box + margin, 5x cheaper; "
                         "lesions outside the liver are dropped by detection anyway)")
    ap.add_argument("--val-hard-negatives", metavar="NPZ",
                    help="reclassifier: the segmentation's false positives mined on --val (mine_negatives.py); the "
                         "card then also reports how many of them the model rejects (segFpRejection)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    manifest, val_all = load_studies(a.val)
    # segmentation metrics run whole volumes through sliding windows: a chosen subset; reclassifier candidates are
    # cheap patches: every validation study
    val = pick_validation(val_all, a.eval_max) if a.task == "segmentation" else val_all
    spacing = manifest.get("spacingMm")

    runs = []
    for r in a.runs:
        if not os.path.exists(os.path.join(r, "best.pt")):
            print(f"skipping {r}: no best.pt", file=sys.stderr)
            continue
        model, state = load_run(r, device)
        log = read_jsonl(os.path.join(r, "log.jsonl"))
        start = next((e for e in log if e.get("event") == "start"), {})
        patch = [int(v) for v in a.patch.split(",")] if a.patch else start.get("patch")
        epochs = [e for e in log if e.get("event") == "epoch"]
        if a.select_by == "log" and epochs:
            # every epoch was validated on the same studies: the checkpoint's own epoch, found by its step, needs no
            # second pass. That is the best epoch for a best.pt the run saved, and the final one when a run's last.pt
            # is exported as its best.pt (docs/models.md); the best score only when no epoch has the checkpoint's step.
            own = [e for e in epochs if e["step"] == state["step"]]
            top = own[-1] if own else max(epochs, key=lambda e: e["score"])
            metrics, score = top["val"], top["score"]
        elif a.task == "segmentation":
            import train_seg
            from metrics import selection_score
            metrics = train_seg.evaluate(model, val, patch, 0.0, device)
            score = selection_score(metrics)
        else:
            import train_recls
            sp = spacing or [1.5, 1.5, 5.0]
            cands, _ = train_recls.validation_set(val, patch, a.val_hard_negatives, lambda m: print(m, file=sys.stderr))
            metrics = train_recls.evaluate(model, cands, device, sp[0] * sp[1] * sp[2] / 1000.0)
            score = train_recls.score(metrics)
        runs.append({"dir": r, "seed": state["seed"], "steps": state["step"], "bestStep": state.get("best_step"),
                     "elapsedS": round(state["elapsed_s"], 1), "score": score, "selectionMetrics": metrics,
                     "patch": patch, "device": start.get("device"), "torch": start.get("torch"),
                     "schemes": start.get("schemes"), "model": model})
        print(f"{r}: seed {state['seed']} step {state['step']} score {score:.4f}", flush=True)
    if not runs:
        sys.exit("no run with best.pt")
    best = max(runs, key=lambda x: x["score"])
    model, patch = best["model"], best["patch"]

    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, "model.onnx")
    max_diff = export_onnx(model, onnx_path, patch)
    # card metrics: the selected model, evaluated the way the engine runs it
    if a.task == "segmentation":
        import train_seg
        crop = not a.whole_volume
        m = train_seg.evaluate(model, val, patch, a.overlap, device, crop_liver=crop)
        nc = train_seg.evaluate(model, val, patch, a.overlap, device, nc_only=True, crop_liver=crop)
        metrics = {"cohort": f"synthetic phantoms, held-out seeds ({len(val)} studies of {a.val}: "
                             f"{sum(bool(s.lesions) for s in val)} with lesions; each with its own "
                             f"phases; sliding window {patch} overlap {a.overlap}; "
                             f"{'whole volumes' if a.whole_volume else 'liver bounding box + margin 16 px, 2 slices'})",
                   "liverDice": m["liverDice"], "lesionDice": m["lesionDice"],
                   "lesionRecall": m["lesionRecall"], "lesionPrecision": m["lesionPrecision"],
                   "lesionTypeAccuracy": m["lesionTypeAccuracy"], "truthLesions": m["truthLesions"],
                   "ncOnly": {k: nc[k] for k in ("liverDice", "lesionDice", "lesionRecall", "lesionPrecision",
                                                 "lesionTypeAccuracy")}}
    else:
        import train_recls
        sp = spacing or [1.5, 1.5, 5.0]
        cands, _ = train_recls.validation_set(val, patch, a.val_hard_negatives, lambda msg: print(msg, file=sys.stderr))
        m = train_recls.evaluate(model, cands, device, sp[0] * sp[1] * sp[2] / 1000.0)
        seg_fp = (f" and {m['segFpCandidates']} false positives of the segmentation network (the "
                  f"{train_recls.VAL_HARD_PER_STUDY} largest per study at the high-sensitivity point, mine_negatives.py)"
                  ) if m["segFpCandidates"] else ""
        metrics = {"cohort": f"synthetic phantoms, held-out seeds ({len(val)} studies of {a.val}): "
                             f"{m['trueCandidates']} true lesions and {m['lookAlikeCandidates']} look-alike "
                             f"candidates (liver edge, vessels, random liver){seg_fp}; keep = Eq. 11 overlap >= "
                             "min(0.5 cc, half the candidate)",
                   **{k: m[k] for k in ("liverDice", "lesionDice", "lesionRecall", "lesionPrecision", "fpRejection",
                                        "typeAccuracy")},
                   **({"segFpRejection": m["segFpRejection"]} if m["segFpCandidates"] else {})}
    card = {
        "format": CARD_FORMAT, "name": a.name, "version": a.version, "sha256": sha256_file(onnx_path),
        "task": a.task, "synthetic": True,
        "inputs": [{"name": "image", "dtype": "float32", "shape": [-1, model.config["in_ch"], -1, -1, -1]}],
        "outputs": [{"name": "probabilities", "dtype": "float32", "shape": [-1, 8, -1, -1, -1]}],
        "axisOrder": "NCZYX", "channels": channels_for(model.config["in_ch"]), "workingSpacingMm": spacing,
        "normalization": {"kind": "window", "minHu": int(MIN_HU), "maxHu": int(MAX_HU)},
        "classes": CLASSES, "patchSize": patch, "overlap": a.overlap, "metrics": metrics,
        "training": {
            "recipe": RECIPE, "seeds": [r["seed"] for r in runs], "selected": best["seed"],
            "selection": "best validation score (segmentation: mean of liver Dice, mean lesion-type Dice and lesion "
                         "F1; reclassification: mean of lesion recall, look-alike rejection and type accuracy)",
            "trainExport": a.train_export, "valExport": a.val, "exportedUtc": datetime.datetime.utcnow()
            .strftime("%Y-%m-%dT%H:%M:%SZ"), "poolFactor": model.pool_factor(), "architecture": model.config,
            "onnxOpset": 17, "onnxVsTorchMaxAbsDiff": max_diff, "note": a.note,
            "runs": [{k: v for k, v in r.items() if k not in ("model", "dir")} for r in runs],
            "logs": [f"training-log-seed{r['seed']}.jsonl" for r in runs],
        },
    }
    if best.get("schemes"):
        card["training"]["schemes"] = best["schemes"]
    for r in runs:
        shutil.copyfile(os.path.join(r["dir"], "log.jsonl"), os.path.join(a.out, f"training-log-seed{r['seed']}.jsonl"))
    with open(os.path.join(a.out, "model.json"), "w") as f:
        json.dump(card, f, indent=2)
    print(json.dumps({"out": a.out, "selectedSeed": best["seed"], "metrics": metrics}, indent=1))


if __name__ == "__main__":
    main()
