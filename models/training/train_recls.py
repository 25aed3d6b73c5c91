#!/usr/bin/env python3
"""Train the lesion reclassifier (paper 002 III-B): a small U-Net on liver-masked patches that returns per-voxel
class probabilities (background, liver, six lesion types), so the pipeline can compute the overlap score of
Eq. 10-11 and the volume-weighted type vote. --schemes shuffle (OP, ON, SP, SN: lesion shuffle) or noshuffle
(OP only, paper 002's "w/o LS" ablation). Resumable, time-budgeted, per-epoch JSONL log like train_seg.py.
Synthetic phantoms only: never a clinical model.
"""
import argparse
import collections
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shuffle  # noqa: E402
import unet  # noqa: E402
from common import JsonlLog, LESION_TYPES, load_studies, pick_device, seed_everything  # noqa: E402
from train_seg import CLASS_WEIGHTS, dice_ce_loss, parse_triplet, save_ckpt  # noqa: E402

MIN_KEEP_CC = 0.5  # paper 002 IV-B1: a candidate whose overlap volume is below 0.5 cm3 is discarded


@torch.no_grad()
def evaluate(model, cands, device, voxel_cc, batch_size=8):
    """Candidate-level: keep when the predicted lesion volume inside the candidate (Eq. 11 overlap) reaches
    min(0.5 cc, half the candidate's volume) -- small true lesions cannot reach 0.5 cc at all."""
    model.eval()
    kept_t = kept_f = n_t = n_f = type_ok = 0
    inter = collections.Counter()
    sums = collections.Counter()
    tsum = collections.Counter()
    for i in range(0, len(cands), batch_size):
        group = cands[i: i + batch_size]
        x = torch.from_numpy(np.stack([c["x"] for c in group])).to(device)
        pred = model(x).argmax(1).cpu().numpy()
        for c, p in zip(group, pred):
            cand = c["cand"]
            overlap_cc = float(((p >= 2) & cand).sum()) * voxel_cc
            keep = overlap_cc >= min(MIN_KEEP_CC, 0.5 * cand.sum() * voxel_cc)
            if c["truth"]:
                n_t += 1
                kept_t += keep
                if keep:
                    votes = np.bincount(p[cand & (p >= 2)], minlength=8)[2:]
                    type_ok += int(votes.argmax() + 2 == c["type"])
                for k in range(1, 8):
                    a, b = p == k, c["y"] == k
                    inter[k] += int((a & b).sum())
                    sums[k] += int(a.sum() + b.sum())
                    tsum[k] += int(b.sum())
            else:
                n_f += 1
                kept_f += keep
    model.train()
    names = ["background", "liver"] + LESION_TYPES
    return {
        "lesionRecall": kept_t / n_t if n_t else None,
        "fpRejection": (n_f - kept_f) / n_f if n_f else None,
        "lesionPrecision": kept_t / (kept_t + kept_f) if kept_t + kept_f else None,
        "typeAccuracy": type_ok / kept_t if kept_t else None,
        "liverDice": 2 * inter[1] / sums[1] if sums[1] else None,
        "lesionDice": {names[k]: 2 * inter[k] / sums[k] for k in range(2, 8) if tsum[k]},
        "trueCandidates": n_t, "lookAlikeCandidates": n_f,
    }


def score(r):
    return ((r["lesionRecall"] or 0) + (r["fpRejection"] or 0) + (r["typeAccuracy"] or 0)) / 3.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--val", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--schemes", choices=["shuffle", "noshuffle"], default="shuffle")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-budget", type=float, default=0, help="minutes (0 = none)")
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--steps-per-epoch", type=int, default=50)
    ap.add_argument("--patch", type=parse_triplet, default=[16, 48, 48])
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--train-limit", type=int, default=0)
    a = ap.parse_args(argv)

    torch.set_num_threads(a.threads)
    seed_everything(a.seed)
    device = pick_device(a.device)
    os.makedirs(a.out, exist_ok=True)
    log = JsonlLog(os.path.join(a.out, "log.jsonl"))
    warn = lambda m: log.write({"event": "warning", "message": m})  # noqa: E731
    manifest, train = load_studies(a.train, a.train_limit, log=warn)
    _, val = load_studies(a.val, log=warn)
    sp = manifest.get("spacingMm", [1.5, 1.5, 5.0])
    voxel_cc = sp[0] * sp[1] * sp[2] / 1000.0
    schemes = shuffle.SCHEMES_SHUFFLE if a.schemes == "shuffle" else shuffle.SCHEMES_NO_SHUFFLE
    cands = shuffle.validation_candidates(val, a.patch)

    model = unet.build(unet.RECLS_CONFIG).to(device)
    pf = model.pool_factor()
    if any(p % f for p, f in zip(a.patch, pf)):
        sys.exit(f"--patch {a.patch} must be divisible by the pooling factors {pf} (z, y, x)")
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    weights = torch.tensor(CLASS_WEIGHTS, device=device)
    state = {"step": 0, "epoch": 0, "elapsed_s": 0.0, "best_score": -1.0, "seed": a.seed, "rng": None}
    last = os.path.join(a.out, "last.pt")
    if a.resume and os.path.exists(last):
        ck = torch.load(last, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        torch.set_rng_state(ck["rng_torch"])
        log.write({"event": "resume", "step": state["step"], "elapsed_s": state["elapsed_s"]})
    rng = np.random.default_rng(a.seed)
    if state.get("rng"):
        rng.bit_generator.state = state["rng"]
    if state["step"] == 0:
        log.write({"event": "start", "task": "reclassification", "schemes": list(schemes), "seed": a.seed,
                   "device": str(device), "torch": torch.__version__, "patch": a.patch, "batch": a.batch,
                   "lr": a.lr, "train_studies": len(train), "val_studies": len(val),
                   "val_candidates": len(cands), "config": model.config,
                   "params": sum(p.numel() for p in model.parameters()), "synthetic": True})
    budget_s = a.time_budget * 60 if a.time_budget > 0 else float("inf")
    model.train()
    t_run = time.time()
    base = state["elapsed_s"]
    losses, counts = [], collections.Counter()
    done = False
    while not done:
        for _ in range(a.steps_per_epoch):
            x, y, sc = shuffle.batch(rng, train, a.patch, a.batch, schemes)
            counts.update(sc)
            loss, ce, dl = dice_ce_loss(model(torch.from_numpy(x).to(device)), torch.from_numpy(y).to(device), weights)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append((float(loss), ce, dl))
            state["step"] += 1
            state["elapsed_s"] = base + time.time() - t_run
            if (a.max_steps and state["step"] >= a.max_steps) or state["elapsed_s"] >= budget_s:
                done = True
                break
        state["epoch"] += 1
        t_val = time.time()
        m = evaluate(model, cands, device, voxel_cc)
        s = score(m)
        state["elapsed_s"] = base + time.time() - t_run
        state["rng"] = rng.bit_generator.state
        lo = np.array(losses)
        rec = {"event": "epoch", "epoch": state["epoch"], "step": state["step"],
               "elapsed_s": round(state["elapsed_s"], 1), "loss": float(lo[:, 0].mean()),
               "ce": float(lo[:, 1].mean()), "dice_loss": float(lo[:, 2].mean()), "schemes_seen": dict(counts),
               "val_s": round(time.time() - t_val, 1), "val": m, "score": s}
        losses, counts = [], collections.Counter()
        if s > state["best_score"]:
            state["best_score"] = s
            state["best_step"] = state["step"]
            save_ckpt(os.path.join(a.out, "best.pt"), model, opt, state)
            rec["best"] = True
        save_ckpt(last, model, opt, state)
        log.write(rec)
    log.write({"event": "end", "step": state["step"], "elapsed_s": round(state["elapsed_s"], 1),
               "best_score": state["best_score"], "best_step": state.get("best_step")})


if __name__ == "__main__":
    main()
