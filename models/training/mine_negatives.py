"""Hard negatives for the reclassifier: the segmentation network's own false positives on an export.

Paper 002 trains the reclassifier on random lesion-free liver patches (ON) and shuffled patches, and asks it to remove
the segmentation's false positives. Our look-alike negatives (liver edge, vessels, random liver; shuffle.py) are
rejected 99% of the time on validation, yet in the pipeline the segmentation's false positives (mostly "Hem" at
blood-pool density in NC-only scans, docs/models.md) survive. So this script runs a trained segmentation network the
way the pipeline does at its high-sensitivity operating point (lesion probabilities x 3 before the argmax, Eq. 3) over
each study's liver box, separates the lesion voxels into 3D components and keeps those that touch no true lesion.
train_recls.py then centres some of its negative patches on them (--hard-negatives) and validates on those of the
held-out export (--val-hard-negatives). An extension of the paper, not part of it.

  mine_negatives.py --run RUNS/seg-seed2 --export EXPORT --out EXPORT/hard-negatives.npz [--max-studies N]

Output (npz): study (ids), centre [N,3] (z,y,x voxels), type [N] (the predicted label 2..7), offsets [N+1] and voxels
[M,3] (each component's voxels: voxels[offsets[i]:offsets[i+1]]). Synthetic phantoms only.
"""
import argparse
import os
import sys
import time

import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import load_studies, parse_triplet, pick_device, takes_position  # noqa: E402
from export_model import load_run  # noqa: E402
from infer import sliding_window  # noqa: E402
from train_seg import liver_box  # noqa: E402

FORMAT = "liverscreen-hard-negatives/1"


def components(prob, scale, min_voxels, max_voxels):
    """Eq. 3 then Eq. 2: lesion channels (2..7) x scale, argmax; then, like seg2det (Eq. 4-6), each lesion label's
    own 3D components (26-connected here; close enough for picking negatives). Yields (voxels [K,3] in the box,
    label) for components of min_voxels..max_voxels."""
    scaled = prob.copy()
    scaled[2:] *= scale
    lab = scaled.argmax(0)
    for label in range(2, 8):
        cc, _ = ndimage.label(lab == label, np.ones((3, 3, 3), bool))
        for i, sl in enumerate(ndimage.find_objects(cc), start=1):
            m = cc[sl] == i
            if min_voxels <= int(m.sum()) <= max_voxels:
                yield (np.argwhere(m) + np.array([s.start for s in sl])).astype(np.int32), label


def false_positives(study, prob, box, scale, min_voxels, max_voxels):
    """Components of the box that overlap no true lesion (grown by one voxel in-plane: a rim of a true lesion is not
    a look-alike)."""
    offset = np.array([s.start for s in box])
    truth = ndimage.binary_dilation(np.asarray(study.instances[box]) > 0, np.ones((1, 3, 3), bool))
    for vox, label in components(prob, scale, min_voxels, max_voxels):
        if not truth[tuple(vox.T)].any():
            yield vox + offset, label


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="segmentation run folder with best.pt (train_seg.py --out)")
    ap.add_argument("--export", required=True, help="training export (one folder, or several joined by commas)")
    ap.add_argument("--out", required=True, help="output .npz")
    ap.add_argument("--scale", type=float, default=3.0, help="lesion probability scale (Eq. 3; the pipeline's high point)")
    ap.add_argument("--max-studies", type=int, default=None, help="mine only the first N studies")
    ap.add_argument("--min-voxels", type=int, default=5, help="smaller components are ignored (noise)")
    ap.add_argument("--max-voxels", type=int, default=5689,
                    help="larger ones skip the reclassifier in the pipeline (64 cm3 at 1.5 x 1.5 x 5 mm)")
    ap.add_argument("--patch", type=parse_triplet, default=[16, 80, 80], help="sliding-window tile z,y,x (the card's patchSize)")
    ap.add_argument("--overlap", type=float, default=0.25, help="tile overlap (the card's overlap)")
    ap.add_argument("--device", default="cpu")
    a = ap.parse_args(argv)

    device = pick_device(a.device)
    model, _ = load_run(a.run, device)
    _, studies = load_studies(a.export, a.max_studies, log=lambda m: print(m, file=sys.stderr))
    ids, centres, types, offsets, voxels = [], [], [], [0], []
    t0 = time.time()
    for i, s in enumerate(studies, 1):
        box = liver_box(s)
        x = s.full(position=takes_position(model))[(slice(None),) + box]
        prob = sliding_window(model, x, a.patch, a.overlap, device)
        n = 0
        for vox, label in false_positives(s, prob, box, a.scale, a.min_voxels, a.max_voxels):
            ids.append(s.id)
            centres.append(vox.mean(0).round().astype(np.int32))
            types.append(label)
            voxels.append(vox.astype(np.int16))
            offsets.append(offsets[-1] + len(vox))
            n += 1
        print(f"[{i}/{len(studies)}] {s.id}: {n} false positives ({time.time() - t0:.0f} s)", flush=True)
    np.savez_compressed(a.out, format=FORMAT, run=os.path.abspath(a.run), scale=a.scale, study=np.array(ids),
                        centre=np.array(centres, np.int32).reshape(-1, 3), type=np.array(types, np.int8),
                        offsets=np.array(offsets, np.int64),
                        voxels=(np.concatenate(voxels) if voxels else np.zeros((0, 3), np.int16)))
    print(f"{len(ids)} false positives in {len(studies)} studies -> {a.out}")


def load(path):
    """{study id: [(centre [3], voxels [K,3], label), ...]} from a mine_negatives.py output."""
    d = np.load(path, allow_pickle=False)
    if str(d["format"]) != FORMAT:
        raise ValueError(f"{path}: format {d['format']!r}, expected {FORMAT!r}")
    out = {}
    off = d["offsets"]
    for i, sid in enumerate(d["study"]):
        out.setdefault(str(sid), []).append((d["centre"][i], d["voxels"][off[i]:off[i + 1]].astype(np.int32), int(d["type"][i])))
    return out


if __name__ == "__main__":
    main()
