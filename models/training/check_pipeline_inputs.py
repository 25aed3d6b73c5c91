"""A segmentation checkpoint on the pipeline's own inputs: the aligned NC volumes an `evaluate --keep-work` run keeps.

The training export renders each phantom straight onto the working grid; the pipeline reads DICOM and resamples it.
This runs a checkpoint the way the C# segment stage does (body crop at -500 HU + 4 voxels, tile starts of
TileGrid.Starts, nnU-Net Gaussian blending; on liver-seg 0.3.0 it reproduces the pipeline's labels.lsvol voxel for
voxel) and compares the liver (labels 1..7) with the phantom's truth per slice, as area (the two grids differ):
  - first/last slice: liver area there / largest (the coverage check calls > 0.35 "cut off"),
  - area error: sum over slices of |predicted - true area| / true volume,
  - left: liver volume on the patient's left of the body's midline (LPS x above the centre of the NC body), predicted
    and true (the liver lies mostly on the right; spleen, stomach and heart labelled liver show up here).
Synthetic phantoms only. Session 10 used it to find the 0.3.0 model's noise problem (docs/models.md).

  check_pipeline_inputs.py --run RUNS/seg-seed2 --work WORK/screening-seed7200-256x48x5
"""
import argparse
import glob
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BODY_HU, add_position, body_x_range, normalise_hu, pick_device, takes_position  # noqa: E402
from export_model import load_run  # noqa: E402

LSVOL_TYPES = {1: np.uint8, 2: np.int16, 3: np.float32}


def read_lsvol(path):
    """(array [Z, Y, X], spacing x, y, z mm) of a LiverScreen volume file (LiverScreen.Imaging.VolumeFile)."""
    b = open(path, "rb").read()
    if b[:8] != b"LSVOL1\0\0":
        raise ValueError(f"{path}: not an .lsvol file")
    nx, ny, nz = np.frombuffer(b[16:28], "<i4")
    spacing = np.frombuffer(b[28:52], "<f8")
    dtype = LSVOL_TYPES.get(b[8])
    if dtype is None:
        raise ValueError(f"{path}: voxel type {b[8]} not handled here")
    return np.frombuffer(b[148:], dtype).reshape(nz, ny, nx), spacing


def column_x_lps(path, n):
    """LPS x (mm) of each of the n grid columns of an .lsvol file (axis-aligned grids: Direction is identity)."""
    b = open(path, "rb").read(148)
    spacing_x, origin_x, dir_xx = (np.frombuffer(b[28:36], "<f8")[0], np.frombuffer(b[52:60], "<f8")[0],
                                   np.frombuffer(b[76:84], "<f8")[0])
    return origin_x + dir_xx * spacing_x * np.arange(n)


def tile_starts(size, patch, overlap=0.25):
    """LiverScreen.Inference.Volumes.TileGrid.Starts (volumes at least one tile long)."""
    if size <= patch:
        return [0]
    count = math.ceil((size - patch) / max(1.0, patch * (1 - overlap))) + 1
    step = (size - patch) / (count - 1)
    return [int(math.floor(step * i + 0.5)) for i in range(count)]


def gaussian(n):
    """One axis of LiverScreen.Inference.Volumes.GaussianImportance (sigma = n / 8, centre n // 2)."""
    g = np.exp(-((np.arange(n) - n // 2) ** 2) / (2 * (n / 8) ** 2))
    return g / g.max()


@torch.no_grad()
def segment(model, x, patch):
    w = gaussian(patch[0])[:, None, None] * gaussian(patch[1])[None, :, None] * gaussian(patch[2])[None, None, :]
    w = np.maximum(w, 1e-6).astype(np.float32)
    shape = x.shape[1:]
    acc, weight = None, np.zeros(shape, np.float32)
    tiles = [(z, y, xx) for z in tile_starts(shape[0], patch[0]) for y in tile_starts(shape[1], patch[1])
             for xx in tile_starts(shape[2], patch[2])]
    for i in range(0, len(tiles), 4):
        group = tiles[i:i + 4]
        inp = np.stack([x[:, z:z + patch[0], y:y + patch[1], xx:xx + patch[2]] for z, y, xx in group])
        p = torch.softmax(model(torch.from_numpy(inp)), 1).numpy()
        if acc is None:
            acc = np.zeros((p.shape[1],) + tuple(shape), np.float32)
        for (z, y, xx), pp in zip(group, p):
            acc[:, z:z + patch[0], y:y + patch[1], xx:xx + patch[2]] += pp * w
            weight[z:z + patch[0], y:y + patch[1], xx:xx + patch[2]] += w
    return acc / weight


def liver_labels(model, nc, patch, x_range):
    """Argmax labels of the body box (everything outside it background), as the pipeline's segment stage.
    x_range: body_x_range(nc), the whole volume's body across the grid (LR_position, as the engine's ChannelPacker)."""
    x = normalise_hu(np.concatenate([nc[None].astype(np.float32), np.zeros((3,) + nc.shape, np.float32)]),
                     [True, False, False, False])
    body = nc > BODY_HU
    ys, xs = np.nonzero(body.any((0, 2)))[0], np.nonzero(body.any((0, 1)))[0]
    y0, y1 = max(0, ys[0] - 4), min(nc.shape[1], ys[-1] + 5)
    x0, x1 = max(0, xs[0] - 4), min(nc.shape[2], xs[-1] + 5)
    if takes_position(model):
        x = add_position(x, 0, x_range)
    labels = np.zeros(nc.shape, np.uint8)
    labels[:, y0:y1, x0:x1] = segment(model, x[:, :, y0:y1, x0:x1], patch).argmax(0)
    return labels


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="run folder with best.pt")
    ap.add_argument("--work", required=True, help="a cohort folder of an `evaluate --keep-work` run (holds chunk-*/)")
    ap.add_argument("--patch", default="16,80,80", help="z,y,x tile (the card's patchSize)")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    model, _ = load_run(a.run, pick_device("cpu"))
    patch = [int(v) for v in a.patch.split(",")]
    errors, lefts = [], []
    for path in sorted(glob.glob(f"{a.work}/chunk-*/screen/store/batches/*/studies/*/align/nc.lsvol")):
        study = path.split("/")[-3]
        chunk = path.split("/screen/")[0]
        nc, spacing = read_lsvol(path)
        truth, truth_spacing = read_lsvol(f"{chunk}/input/{study}/labels/NC.lsvol")
        x_range = body_x_range(nc)
        lab = liver_labels(model, nc, patch, x_range)
        pa = ((lab >= 1) & (lab <= 7)).sum((1, 2)) * spacing[0] * spacing[1]
        ta = ((truth >= 1) & (truth <= 7)).sum((1, 2)) * truth_spacing[0] * truth_spacing[1]
        err = float(np.abs(pa - ta).sum() / ta.sum())
        errors.append(err)
        columns = column_x_lps(path, nc.shape[2])
        first, last = x_range
        midline = columns[(first + last) // 2]
        voxel_cc, truth_voxel_cc = np.prod(spacing) / 1000, np.prod(truth_spacing) / 1000
        left = float(((lab >= 1) & (lab <= 7)).sum((0, 1))[columns > midline].sum() * voxel_cc)
        truth_path = f"{chunk}/input/{study}/labels/NC.lsvol"
        true_left = float(((truth >= 1) & (truth <= 7)).sum((0, 1))[column_x_lps(truth_path, truth.shape[2]) > midline].sum()
                          * truth_voxel_cc)
        lefts.append((left, true_left))
        print(f"{study}: first/last slice {pa[0] / pa.max():.2f}/{pa[-1] / pa.max():.2f} "
              f"(truth {ta[0] / ta.max():.2f}/{ta[-1] / ta.max():.2f}), area error {err:.2f}, "
              f"volume ratio {pa.sum() / ta.sum():.2f}, left of midline {left:.0f} cc (truth {true_left:.0f})", flush=True)
    if not errors:
        sys.exit(f"no kept pipeline inputs under {a.work} (run `evaluate --cohort ... --keep-work`)")
    excess = np.mean([max(0.0, l - t) for l, t in lefts])
    print(f"{len(errors)} studies: mean area error {np.mean(errors):.3f}, mean excess liver left of the midline "
          f"{excess:.0f} cc (synthetic phantoms)")


if __name__ == "__main__":
    main()
