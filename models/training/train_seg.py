#!/usr/bin/env python3
"""Train the segmentation network (paper 002 III-A; anisotropic U-Net and multi-model training after paper 003).

One run = one seed. Resumable (--resume picks up RUN/last.pt), bounded by --time-budget minutes and/or --max-steps.
Per epoch it appends loss and validation metrics to RUN/log.jsonl and keeps RUN/best.pt (best selection score).
Synthetic phantoms only: never a clinical model.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402
import unet  # noqa: E402
from common import JsonlLog, load_studies, pick_device, pick_validation, seed_everything  # noqa: E402
from infer import sliding_window  # noqa: E402
from metrics import SegAccumulator, selection_score  # noqa: E402

# Lesion voxels are rare (often <0.5% of a liver patch): weight them in CE, Dice handles the rest.
CLASS_WEIGHTS = [1.0, 1.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]


def parse_triplet(s):
    v = [int(t) for t in s.split(",")]
    if len(v) != 3:
        raise argparse.ArgumentTypeError(f"expected z,y,x, got {s}")
    return v


def dice_ce_loss(logits, target, weights):
    ce = F.cross_entropy(logits, target, weight=weights)
    prob = torch.softmax(logits, 1)
    onehot = F.one_hot(target, logits.shape[1]).permute(0, 4, 1, 2, 3).to(prob.dtype)
    dims = (0, 2, 3, 4)
    inter = (prob * onehot).sum(dims)
    sums = prob.sum(dims) + onehot.sum(dims)
    dice = (2 * inter + 1.0) / (sums + 1.0)
    present = onehot.sum(dims) > 0
    present[0] = False  # background Dice adds nothing
    # batch Dice over the foreground classes present in this batch (absent ones only pull probabilities to 0 via CE)
    dl = 1.0 - dice[present].mean() if present.any() else torch.zeros((), device=logits.device)
    return ce + dl, float(ce), float(dl)


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
        x = s.full(present)[(slice(None),) + box]
        prob = sliding_window(model, x, patch, overlap, device)
        acc.add(prob.argmax(0).astype(np.uint8), s.label[box], np.asarray(s.instances[box]))
    model.train()
    return acc.result()


def save_ckpt(path, model, opt, state):
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state, "config": model.config,
                "rng_torch": torch.get_rng_state()}, tmp)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True, help="training export dir (manifest.json + .npy)")
    ap.add_argument("--val", required=True, help="validation export dir (held-out phantom seeds)")
    ap.add_argument("--out", required=True, help="run dir: last.pt, best.pt, log.jsonl")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-budget", type=float, default=0, help="minutes of training for this run (0 = none)")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0 = none)")
    ap.add_argument("--steps-per-epoch", type=int, default=60)
    ap.add_argument("--patch", type=parse_triplet, default=[16, 80, 80], help="z,y,x training patch")
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--val-max", type=int, default=3,
                    help="validation studies evaluated after every epoch (the same ones each time, so epochs and "
                         "seeds compare; best.pt keeps the best)")
    ap.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--resume", action="store_true", help="continue from OUT/last.pt if present")
    ap.add_argument("--init", help="start weights from this checkpoint (continue the selected seed)")
    ap.add_argument("--train-limit", type=int, default=0, help="use only the first N training studies")
    a = ap.parse_args(argv)

    torch.set_num_threads(a.threads)
    seed_everything(a.seed)
    device = pick_device(a.device)
    os.makedirs(a.out, exist_ok=True)
    log = JsonlLog(os.path.join(a.out, "log.jsonl"))
    _, train = load_studies(a.train, a.train_limit, log=lambda m: log.write({"event": "warning", "message": m}))
    _, val = load_studies(a.val, log=lambda m: log.write({"event": "warning", "message": m}))

    val_epoch = pick_validation(val, a.val_max)
    model = unet.build(unet.SEG_CONFIG).to(device)
    pf = model.pool_factor()
    if any(p % f for p, f in zip(a.patch, pf)):
        sys.exit(f"--patch {a.patch} must be divisible by the pooling factors {pf} (z, y, x)")
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    weights = torch.tensor(CLASS_WEIGHTS, device=device)
    state = {"step": 0, "epoch": 0, "elapsed_s": 0.0, "best_score": -1.0, "seed": a.seed,
             "rng": None}
    last = os.path.join(a.out, "last.pt")
    if a.resume and os.path.exists(last):
        ck = torch.load(last, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        torch.set_rng_state(ck["rng_torch"])
        log.write({"event": "resume", "step": state["step"], "elapsed_s": state["elapsed_s"]})
    elif a.init:
        ck = torch.load(a.init, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        log.write({"event": "init", "from": a.init})
    rng = np.random.default_rng(a.seed)
    if state.get("rng"):
        rng.bit_generator.state = state["rng"]
    if state["step"] == 0:
        log.write({"event": "start", "task": "segmentation", "seed": a.seed, "device": str(device),
                   "torch": torch.__version__, "patch": a.patch, "batch": a.batch, "lr": a.lr,
                   "train_studies": len(train), "val_studies": len(val), "config": model.config,
                   "params": sum(p.numel() for p in model.parameters()), "synthetic": True})

    budget_s = a.time_budget * 60 if a.time_budget > 0 else float("inf")
    model.train()
    t_run = time.time()
    base_elapsed = state["elapsed_s"]
    losses = []
    done = False
    while not done:
        for _ in range(a.steps_per_epoch):
            x, y = data.batch(rng, train, a.patch, a.batch)
            logits = model(torch.from_numpy(x).to(device))
            loss, ce, dl = dice_ce_loss(logits, torch.from_numpy(y).to(device), weights)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append((float(loss), ce, dl))
            state["step"] += 1
            state["elapsed_s"] = base_elapsed + time.time() - t_run
            if (a.max_steps and state["step"] >= a.max_steps) or state["elapsed_s"] >= budget_s:
                done = True
                break
        state["epoch"] += 1
        t_val = time.time()
        metrics = evaluate(model, val_epoch, a.patch, 0.0, device, crop_liver=True)
        score = selection_score(metrics)
        state["elapsed_s"] = base_elapsed + time.time() - t_run
        state["rng"] = rng.bit_generator.state
        lo = np.array(losses) if losses else np.zeros((1, 3))
        rec = {"event": "epoch", "epoch": state["epoch"], "step": state["step"], "elapsed_s": round(state["elapsed_s"], 1),
               "loss": float(lo[:, 0].mean()), "ce": float(lo[:, 1].mean()), "dice_loss": float(lo[:, 2].mean()),
               "val_studies": [s.id for s in val_epoch], "final": done, "val_s": round(time.time() - t_val, 1),
               "val": metrics, "score": score}
        losses = []
        if score > state["best_score"]:
            state["best_score"] = score
            state["best_step"] = state["step"]
            save_ckpt(os.path.join(a.out, "best.pt"), model, opt, state)
            rec["best"] = True
        save_ckpt(last, model, opt, state)
        log.write(rec)
    log.write({"event": "end", "step": state["step"], "elapsed_s": round(state["elapsed_s"], 1),
               "best_score": state["best_score"], "best_step": state.get("best_step")})


if __name__ == "__main__":
    main()
