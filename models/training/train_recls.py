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

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shuffle  # noqa: E402
import unet  # noqa: E402
from common import LESION_TYPES, TrainingRun, add_training_args, dice_ce_loss, inverse_share_weights, load_studies  # noqa: E402

MIN_KEEP_CC = 0.5  # paper 002 IV-B1: a candidate whose overlap volume is below 0.5 cm3 is discarded
VAL_HARD_PER_STUDY = 3  # mined false positives per validation study (the largest: the ones that can survive Eq. 11)


@torch.no_grad()
def evaluate(model, cands, device, voxel_cc, batch_size=8):
    """Candidate-level: keep when the predicted lesion volume inside the candidate (Eq. 11 overlap) reaches
    min(0.5 cc, half the candidate's volume) -- small true lesions cannot reach 0.5 cc at all."""
    model.eval()
    kept_t = kept_f = n_t = n_f = 0
    seg_fp = collections.Counter()  # the segmentation network's own false positives: seen, kept
    votes = collections.Counter()  # (true type, voted type, multi-phase study) of kept true lesions
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
                    voted = int(np.bincount(p[cand & (p >= 2)], minlength=8)[2:].argmax()) + 2
                    votes[(c["type"], voted, bool(c.get("multiPhase")))] += 1
                for k in range(1, 8):
                    a, b = p == k, c["y"] == k
                    inter[k] += int((a & b).sum())
                    sums[k] += int(a.sum() + b.sum())
                    tsum[k] += int(b.sum())
            elif c.get("kind") == "seg-fp":
                seg_fp["seen"] += 1
                seg_fp["kept"] += keep
            else:
                n_f += 1
                kept_f += keep
    model.train()
    names = ["background", "liver"] + LESION_TYPES
    return {
        "lesionRecall": kept_t / n_t if n_t else None,
        "fpRejection": (n_f - kept_f) / n_f if n_f else None,
        "lesionPrecision": kept_t / (kept_t + kept_f) if kept_t + kept_f else None,
        "typeAccuracy": type_accuracy(votes),
        # types are told apart by enhancement: NC alone leaves little to see
        "typeAccuracyMultiPhase": type_accuracy({k: n for k, n in votes.items() if k[2]}),
        "typeVotes": type_votes(votes, names),
        "liverDice": 2 * inter[1] / sums[1] if sums[1] else None,
        "lesionDice": {names[k]: 2 * inter[k] / sums[k] for k in range(2, 8) if tsum[k]},
        "trueCandidates": n_t, "lookAlikeCandidates": n_f,
        # separate from fpRejection, so runs validated with and without mined false positives still compare
        "segFpRejection": (seg_fp["seen"] - seg_fp["kept"]) / seg_fp["seen"] if seg_fp["seen"] else None,
        "segFpCandidates": seg_fp["seen"],
    }


def type_accuracy(votes):
    """Share of kept true lesions whose volume-weighted vote is their type; votes: {(true, voted, ...): count}."""
    n = sum(votes.values())
    return sum(c for k, c in votes.items() if k[0] == k[1]) / n if n else None


def type_votes(votes, names):
    """{true type: {voted type: count}} over every kept true lesion (multi-phase or not)."""
    pairs = collections.Counter()
    for (t, v, _), n in votes.items():
        pairs[(t, v)] += n
    out = {}
    for (t, v), n in sorted(pairs.items()):
        out.setdefault(names[t], {})[names[v]] = n
    return out


def score(r):
    """Mean of recall, rejection and type accuracy; rejection averages the look-alikes and, when validated with
    them, the segmentation network's false positives (so a run without them scores as before)."""
    rejection = r["fpRejection"] or 0
    if r.get("segFpRejection") is not None:
        rejection = (rejection + r["segFpRejection"]) / 2.0
    return ((r["lesionRecall"] or 0) + rejection + (r["typeAccuracy"] or 0)) / 3.0


def attach_hard_negatives(studies, path, log, min_voxels=0):
    """Hands each study its mined false positives (mine_negatives.py output) of at least min_voxels before
    shuffle.prepare indexes it."""
    if not path:
        return 0
    import mine_negatives
    mined = mine_negatives.load(path)
    by_id = {s.id: s for s in studies}
    unknown = [sid for sid in mined if sid not in by_id]
    if unknown:
        log(f"{path}: {len(unknown)} studies not in the export (e.g. {unknown[0]}): was it mined from another export?")
    n = 0
    for sid, items in mined.items():
        items = [h for h in items if len(h[1]) >= min_voxels]
        if sid in by_id and items:
            by_id[sid].hard_negatives = items
            by_id[sid].__dict__.pop("recls", None)  # an index shuffle.prepare built before would not hold them
            n += len(items)
    return n


def validation_set(val, patch, hard_negatives, log):
    """The fixed validation candidates of train_recls.py and of the card (export_model.py): true lesions, look-alikes
    and, given the validation export's mined false positives, the VAL_HARD_PER_STUDY largest of each study.
    Returns (candidates, number of mined false positives attached)."""
    mined = attach_hard_negatives(val, hard_negatives, log)
    return shuffle.validation_candidates(val, patch, hard_per_study=VAL_HARD_PER_STUDY if mined else 0), mined


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_training_args(ap, steps_per_epoch=50, patch=[16, 48, 48], batch=4)
    ap.add_argument("--schemes", choices=["shuffle", "noshuffle"], default="shuffle",
                    help="shuffle: OP, ON, SP, SN drawn evenly (lesion shuffle); noshuffle: OP only (paper 002 w/o LS)")
    ap.add_argument("--type-balanced", action="store_true",
                    help="OP/SP/SN patches draw a lesion type uniformly first, then a lesion of it (default: a lesion)")
    ap.add_argument("--type-weights", choices=["flat", "inverse-share"], default="flat",
                    help="cross-entropy weights of the lesion types: flat 4 each, or by the inverse of each type's "
                         "voxel share in sampled training batches (common.inverse_share_weights)")
    ap.add_argument("--multiphase-only", action="store_true",
                    help="train on the studies with a contrast phase only, without phase dropout: the first stage of "
                         "the type curriculum (NC alone barely separates the types; docs/models.md)")
    ap.add_argument("--hard-negatives", metavar="NPZ",
                    help="the segmentation network's false positives on the training export (mine_negatives.py): "
                         "ON patches are centred on them --hard-share of the time")
    ap.add_argument("--hard-share", type=float, default=0.5,
                    help="share of ON patches centred on a mined false positive (from studies that have one)")
    ap.add_argument("--val-hard-negatives", metavar="NPZ",
                    help="mined false positives of the validation export: up to 3 per study join the validation "
                         "candidates (kind seg-fp, logged as segFpRejection)")
    a = ap.parse_args(argv)

    run = TrainingRun(a, "reclassification", unet.build)
    manifest, train = load_studies(a.train, a.train_limit, log=run.warn)
    if a.multiphase_only:
        multi = [s for s in train if any(s.present[1:])]
        if multi:
            train = multi
        else:
            run.warn("--multiphase-only: no training study has a contrast phase, so every study is used")
    _, val = load_studies(a.val, log=run.warn)
    sp = manifest.get("spacingMm", [1.5, 1.5, 5.0])
    voxel_cc = sp[0] * sp[1] * sp[2] / 1000.0
    # the pipeline discards every candidate whose overlap stays under 0.5 cm3 (Eq. 11), so a smaller false positive
    # can never survive it: training on those would spend the hard patches on what is already removed
    n_hard = attach_hard_negatives(train, a.hard_negatives, run.warn, min_voxels=int(np.ceil(MIN_KEEP_CC / voxel_cc)))
    hard_share = a.hard_share if n_hard else 0.0
    schemes = shuffle.SCHEMES_SHUFFLE if a.schemes == "shuffle" else shuffle.SCHEMES_NO_SHUFFLE
    cands, n_val_hard = validation_set(val, a.patch, a.val_hard_negatives, run.warn)
    by_type = shuffle.lesions_by_type(train) if a.type_balanced else None
    weights = None
    if a.type_weights == "inverse-share":
        # counted on 200 batches from a stream of its own: the training stream (and so resumes) stay as they were
        probe = np.random.default_rng(a.seed + 7919)
        counts = np.zeros(8)
        for _ in range(200):
            _, y, _ = shuffle.batch(probe, train, a.patch, a.batch, schemes, by_type=by_type, hard_share=hard_share)
            counts += np.bincount(y.ravel(), minlength=9)[:8]  # hard-negative voxels (8) are not a class
        weights = inverse_share_weights(counts)
    model = run.setup(unet.RECLS_CONFIG, {"schemes": list(schemes), "train_studies": len(train),
                                          "val_studies": len(val), "val_candidates": len(cands),
                                          "type_balanced": a.type_balanced, "type_weights": a.type_weights,
                                          "multiphase_only": a.multiphase_only, "hard_negatives": n_hard,
                                          "hard_share": hard_share, "val_hard_negatives": n_val_hard}, weights)
    device = run.device

    def train_step(rng):
        x, y, sc = shuffle.batch(rng, train, a.patch, a.batch, schemes, by_type=by_type,
                                 phase_dropout=not a.multiphase_only, hard_share=hard_share)
        loss, ce, dl = dice_ce_loss(model(torch.from_numpy(x).to(device)), torch.from_numpy(y).to(device), run.weights)
        return loss, ce, dl, sc

    def validate():
        m = evaluate(model, cands, device, voxel_cc)
        return m, score(m)

    def schemes_seen(extras):
        counts = collections.Counter()
        for sc in extras:
            counts.update(sc)
        return {"schemes_seen": dict(counts)}

    run.run(train_step, validate, schemes_seen)


if __name__ == "__main__":
    main()
