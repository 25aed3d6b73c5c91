#!/usr/bin/env python3
"""Fit the lesion typing model: a multinomial logistic regression from a lesion's enhancement pattern to its type
(HCC, ICC, Meta, Hem, Other, Cyst), which the pipeline multiplies with the reclassifier's volume-weighted type vote
(workers/LiverScreen.Detection/Typing; an extension of paper 002, docs/models.md "Session 16").

Features (EnhancementFeatures.cs computes the same on the pipeline's candidates; change both together): per phase
NC, AP, VP, DP: (lesion mean - liver mean) / 100 HU, (core mean - lesion mean) / 50 HU, presence (0, 0, 0 when
missing); then NC lesion mean / 100 HU and ln(volume cm3) / 5. Core: the mask eroded by one voxel in-plane
(4-neighbourhood); liver: the voxels labelled liver (lesions excluded).

Every true lesion of the export gives three masks (as labelled, eroded and dilated by one voxel in-plane; the
pipeline's candidates are never the exact truth), and every multi-phase one its features again with each contrast
phase dropped at random (--dropout-copies), so one model serves every phase set. Deterministic (--seed); seconds
to fit, minutes to read the export. Writes <out>/typing.json with validation type accuracy. Synthetic phantoms only:
never a clinical model.

  train_typing.py --train EXPORT/train --val EXPORT/val --out models/lesion-typing --version 0.1.0
"""
import argparse
import json
import os
import sys

import numpy as np
from scipy.ndimage import binary_dilation, binary_erosion

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import EXPORT_FORMAT, LESION_TYPES, PHASES  # noqa: E402

FIRST_LESION_LABEL, LAST_LESION_LABEL, LIVER_LABEL = 2, 7, 1
N_FEATURES = 4 * 3 + 2
IN_PLANE = np.zeros((3, 3, 3), bool)
IN_PLANE[1] = [[0, 1, 0], [1, 1, 1], [0, 1, 0]]


def features(image, present, mask, liver_mean, voxel_cc):
    """EnhancementFeatures.Compute for one mask. image: [4, Z, Y, X] HU; liver_mean: 4 floats (nan when absent)."""
    f = np.zeros(N_FEATURES, np.float32)
    core = binary_erosion(mask, structure=IN_PLANE)
    for c in range(4):
        if not present[c] or np.isnan(liver_mean[c]):
            continue
        ch = np.asarray(image[c])
        mean = float(ch[mask].mean())
        core_mean = float(ch[core].mean()) if core.any() else mean
        f[3 * c: 3 * c + 3] = [(mean - liver_mean[c]) / 100.0, (core_mean - mean) / 50.0, 1.0]
    f[12] = float(np.asarray(image[0])[mask].mean()) / 100.0
    f[13] = np.log(max(mask.sum() * voxel_cc, 1e-3)) / 5.0
    return f


def read_export(root, log):
    """[(study id, type index 0..5, present flags, [features of the labelled, eroded, dilated mask])]."""
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    if manifest.get("format") != EXPORT_FORMAT:
        raise SystemExit(f"{root}/manifest.json: format {manifest.get('format')!r}, expected {EXPORT_FORMAT}")
    voxel_cc = float(np.prod(manifest["spacingMm"])) / 1000.0
    rows = []
    for i, e in enumerate(manifest["studies"]):
        image = np.load(os.path.join(root, e["image"]), mmap_mode="r")
        label = np.load(os.path.join(root, e["label"]))
        inst = np.load(os.path.join(root, e["instances"]))
        present = [bool(p) for p in e["phasesPresent"]]
        liver = label == LIVER_LABEL
        liver_mean = [float(np.asarray(image[c])[liver].mean()) if present[c] and liver.any() else np.nan
                      for c in range(4)]
        for lid in np.unique(inst):
            if lid == 0:
                continue
            mask = inst == lid
            lab = label[mask]
            lab = lab[(lab >= FIRST_LESION_LABEL) & (lab <= LAST_LESION_LABEL)]
            if not len(lab):
                continue
            t = int(np.bincount(lab).argmax()) - FIRST_LESION_LABEL
            variants = [mask]
            eroded = binary_erosion(mask, structure=IN_PLANE)
            if eroded.any():
                variants.append(eroded)
            variants.append(binary_dilation(mask, structure=IN_PLANE) & (label != 0))
            rows.append((e["id"], t, present, [features(image, present, m, liver_mean, voxel_cc) for m in variants]))
        if (i + 1) % 20 == 0:
            log(f"{root}: {i + 1}/{len(manifest['studies'])} studies, {len(rows)} lesions")
    return rows


def design(rows, rng, dropout_copies, dropout):
    xs, ys = [], []
    for _, t, present, variants in rows:
        for f in variants:
            xs.append(f)
            ys.append(t)
            if any(present[1:]):
                for _ in range(dropout_copies):
                    g = f.copy()
                    for c in (1, 2, 3):
                        if present[c] and rng.random() < dropout:
                            g[3 * c: 3 * c + 3] = 0
                    xs.append(g)
                    ys.append(t)
    return np.stack(xs), np.array(ys)


def fit(x, y, l2, iters, lr, class_weights):
    """Softmax regression by full-batch gradient descent (convex: the seed only changes the augmentation)."""
    xb = np.c_[x, np.ones(len(x))]
    w = np.zeros((xb.shape[1], len(LESION_TYPES)))
    onehot = np.eye(len(LESION_TYPES))[y]
    sw = class_weights[y][:, None]
    for _ in range(iters):
        z = xb @ w
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        grad = xb.T @ ((p - onehot) * sw) / sw.sum()
        grad[:-1] += l2 * w[:-1]
        w -= lr * grad
    return w[:-1].T, w[-1]


def predict(weights, bias, x):
    return (x @ weights.T + bias).argmax(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--val", required=True)
    ap.add_argument("--out", required=True, help="folder for typing.json (models/lesion-typing)")
    ap.add_argument("--version", required=True)
    ap.add_argument("--name", default="lesion-typing")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--iters", type=int, default=6000)
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--dropout", type=float, default=0.3, help="chance of dropping each contrast phase per copy")
    ap.add_argument("--dropout-copies", type=int, default=4)
    ap.add_argument("--note", default="")
    a = ap.parse_args()
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    rng = np.random.default_rng(a.seed)
    train, val = read_export(a.train, log), read_export(a.val, log)
    x, y = design(train, rng, a.dropout_copies, a.dropout)
    counts = np.bincount(y, minlength=len(LESION_TYPES)).astype(float)
    # types weighted by inverse frequency: Meta outnumbers Hem 5 to 1 in the export
    class_weights = np.where(counts > 0, counts.sum() / np.maximum(counts, 1) / len(LESION_TYPES), 0.0)
    weights, bias = fit(x, y, a.l2, a.iters, a.lr, class_weights)
    train_acc = float((predict(weights, bias, x) == y).mean())
    xv = np.stack([v[0] for _, _, _, v in val])
    yv = np.array([t for _, t, _, _ in val])
    pv = predict(weights, bias, xv)
    multi = np.array([any(p[1:]) for _, _, p, _ in val])
    malignant = lambda k: k < 3  # noqa: E731  HCC, ICC, Meta
    confusion = {}
    for t, p in zip(yv, pv):
        confusion.setdefault(LESION_TYPES[t], {}).setdefault(LESION_TYPES[p], 0)
        confusion[LESION_TYPES[t]][LESION_TYPES[p]] += 1
    metrics = {
        "validationLesions": int(len(yv)),
        "typeAccuracy": float((pv == yv).mean()),
        "typeAccuracyMultiPhase": float((pv == yv)[multi].mean()) if multi.any() else None,
        "typeAccuracyNcOnly": float((pv == yv)[~multi].mean()) if (~multi).any() else None,
        "malignancyAccuracy": float((malignant(pv) == malignant(yv)).mean()),
        "confusion": confusion,
        "trainingRows": int(len(y)),
        "trainingAccuracy": train_acc,
    }
    os.makedirs(a.out, exist_ok=True)
    model = {
        "format": "liverscreen-lesion-typing/1",
        "name": a.name,
        "version": a.version,
        "synthetic": True,
        "intendedUse": "Synthetic-phantom reference model for LiverScreen development. NOT for clinical use.",
        "types": LESION_TYPES,
        "features": [f"{p}_{k}" for p in PHASES for k in ("lesion_minus_liver", "core_minus_lesion", "present")]
        + ["NC_lesion", "ln_volume_cc"],
        "weights": [[round(float(v), 6) for v in row] for row in weights],
        "bias": [round(float(v), 6) for v in bias],
        "validation": metrics,
        "training": {"train": os.path.abspath(a.train), "val": os.path.abspath(a.val), "seed": a.seed, "l2": a.l2,
                     "iters": a.iters, "lr": a.lr, "dropout": a.dropout, "dropoutCopies": a.dropout_copies,
                     "note": a.note},
    }
    with open(os.path.join(a.out, "typing.json"), "w") as f:
        json.dump(model, f, indent=2)
        f.write("\n")
    log(json.dumps(metrics))


if __name__ == "__main__":
    main()
