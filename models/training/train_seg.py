#!/usr/bin/env python3
"""Train the segmentation network (paper 002 III-A; anisotropic U-Net and multi-model training after paper 003).

One run = one seed. Resumable (--resume picks up RUN/last.pt), bounded by --time-budget minutes and/or --max-steps.
Per epoch it appends loss and validation metrics to RUN/log.jsonl and keeps RUN/best.pt (best selection score).
Synthetic phantoms only: never a clinical model.
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import unet  # noqa: E402
from common import (SEG_CHANNELS, TrainingRun, add_training_args, dice_ce_loss, load_studies,  # noqa: E402
                    pick_validation, takes_position)
from infer import sliding_window  # noqa: E402
from metrics import SegAccumulator, selection_score  # noqa: E402


def liver_box(s, margin=(2, 16, 16)):
    lo, hi = s.liver_lo, s.liver_hi
    return tuple(slice(max(0, int(l) - m), min(n, int(h) + m)) for l, h, m, n in zip(lo, hi, margin, s.shape))


def evaluate(model, studies, patch, overlap, device, nc_only=False, crop_liver=False):
    """crop_liver: evaluate only the liver's bounding box (+margin) -- the cheap per-epoch check for choosing
    epochs and seeds; the card's metrics use whole volumes, as the engine does."""
    model.eval()
    acc = SegAccumulator()
    for s in studies:
        present = [True, False, False, False] if nc_only else None
        box = liver_box(s) if crop_liver else tuple(slice(0, n) for n in s.shape)
        x = s.full(present, position=takes_position(model))[(slice(None),) + box]
        prob = sliding_window(model, x, patch, overlap, device)
        acc.add(prob.argmax(0).astype(np.uint8), s.label[box], np.asarray(s.instances[box]))
    model.train()
    return acc.result()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_training_args(ap, steps_per_epoch=60, patch=[16, 80, 80], batch=2)
    ap.add_argument("--val-max", type=int, default=3,
                    help="validation studies evaluated after every epoch (the same ones each time, so epochs and "
                         "seeds compare; best.pt keeps the best)")
    ap.add_argument("--organ-share", type=float, default=0.0,
                    help="share of patches centred on spleen / other-organ tissue beside the liver (data.pick_centre)")
    ap.add_argument("--outside-share", type=float, default=0.0,
                    help="share of patches centred on body tissue in slices without liver (data.pick_centre)")
    ap.add_argument("--noise-aug", type=float, default=0.0,
                    help="probability of extra image noise on a patch (data.add_noise: the pipeline's noisier images)")
    ap.add_argument("--lr-position", action="store_true",
                    help="a ninth input, LR_position (where a voxel lies across the body; docs/formats.md): the network "
                         "can tell spleen and heart from liver. Give it on every resume of the run; with --init of an "
                         "8-input model the new input's weights start at 0")
    a = ap.parse_args(argv)

    run = TrainingRun(a, "segmentation", unet.build)
    _, train = load_studies(a.train, a.train_limit, log=run.warn)
    _, val = load_studies(a.val, log=run.warn)
    val_epoch = pick_validation(val, a.val_max)
    config = {**unet.SEG_CONFIG, "in_ch": len(SEG_CHANNELS)} if a.lr_position else unet.SEG_CONFIG
    model = run.setup(config, {"train_studies": len(train), "val_studies": len(val),
                                        "organ_share": a.organ_share, "noise_aug": a.noise_aug,
                                        "outside_share": a.outside_share})
    device = run.device
    position = takes_position(model)

    def train_step(rng):
        x, y = data.batch(rng, train, a.patch, a.batch, p_organ=a.organ_share, p_noise=a.noise_aug,
                          p_outside=a.outside_share, position=position)
        logits = model(torch.from_numpy(x).to(device))
        loss, ce, dl = dice_ce_loss(logits, torch.from_numpy(y).to(device), run.weights)
        return loss, ce, dl, None

    def validate():
        metrics = evaluate(model, val_epoch, a.patch, 0.0, device, crop_liver=True)
        return metrics, selection_score(metrics)

    run.run(train_step, validate, lambda _: {"val_studies": [s.id for s in val_epoch]})


if __name__ == "__main__":
    main()
