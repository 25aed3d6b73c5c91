"""Liver-masked patches for the reclassifier with paper 002's lesion shuffle (section III-B, IV-B1, Fig. 4).

Four schemes, all inside one patient's liver:
  OP  original positive: a patch cropped around a lesion (random offset);
  ON  original negative: a lesion-free liver patch, biased to look-alikes (liver edge, vessels) and random texture,
      and (hard_share > 0) to the segmentation network's own false positives, shown with the liver as the pipeline
      shows them (mine_negatives.py; not in the paper);
  SP  shuffled positive: a lesion transplanted (with its mask) into an ON patch of the same patient;
  SN  shuffled negative: the lesion of an OP patch replaced by liver texture of the same patient.
Voxels outside the liver read -1 (the normalised value of -200 HU) in the channels of present phases; absent phases
stay 0 everywhere (formats.md). Targets: 0 outside the liver, 1 liver, 2..7 lesion types.
"""
import zlib

import numpy as np
from scipy import ndimage

from common import AORTA, FIRST_LESION_CLASS, HARD_NEGATIVE, LABEL_MAP, PORTAL_VEIN, apply_presence, crop
from data import random_presence

SCHEMES_SHUFFLE = ("OP", "ON", "SP", "SN")
SCHEMES_NO_SHUFFLE = ("OP",)  # paper 002 "w/o LS": only randomly cropped patches around the lesions


def prepare(study, margin=4, cap=5000):
    """Per-study index of lesions and look-alike locations, computed once inside the liver's bounding box and
    capped at `cap` voxels per kind (memory: hundreds of studies)."""
    if hasattr(study, "recls"):
        return study.recls
    lo = np.maximum(study.liver_lo - np.array([1, margin, margin]), 0)
    hi = np.minimum(study.liver_hi + np.array([1, margin, margin]), study.shape)
    box = tuple(slice(int(a), int(b)) for a, b in zip(lo, hi))
    raw = np.asarray(study.raw_label[box])
    lab = LABEL_MAP[raw]
    liver = lab >= 1
    edge = liver & ~ndimage.binary_erosion(liver, np.ones((1, 3, 3), bool), iterations=2)
    vessels = np.isin(raw, [PORTAL_VEIN, AORTA])
    near_vessel = liver & ndimage.binary_dilation(vessels, np.ones((1, 3, 3), bool), iterations=3)
    rng = np.random.default_rng(zlib.crc32(study.id.encode()))

    def pick(mask):
        v = np.argwhere(mask)
        if len(v) > cap:
            v = v[rng.choice(len(v), cap, replace=False)]
        return (v + lo).astype(np.int32)

    study.recls = {"lesions": study.lesion_index, "edge": pick(edge & (lab == 1)),
                   "vessel": pick(near_vessel & (lab == 1)), "liver": pick(lab == 1),
                   # [(centre, voxels [K,3], predicted label)] attached by train_recls.py from mine_negatives.py
                   "hard": list(getattr(study, "hard_negatives", []))}
    return study.recls


def _start(centre, size):
    return [int(centre[d] - size[d] // 2) for d in range(3)]


def masked_patch(study, start, size):
    x = study.patch(start, size)
    y = study.label_crop(start, size).astype(np.int64)
    m = y >= 1  # liver + lesions
    inst = crop(study.instances, start, size, 0)
    return x, m, y, inst


def finish(x, m, y, present):
    for c in range(4):
        if present[c]:
            x[c][~m] = -1.0
    y = y.copy()
    y[~m] = 0
    return apply_presence(x, present), y


def negative_centre(rng, idx, kind=None):
    kind = kind or ["edge", "vessel", "liver"][rng.integers(3)]
    pool = idx[kind] if len(idx[kind]) else idx["liver"]
    if not len(pool):
        return None, kind
    return pool[rng.integers(len(pool))], kind


def hard_negative(rng, idx):
    """A random mined false positive of the study: (a random voxel of it as the patch centre, so the look-alike sits
    anywhere in the patch as a candidate does after the pipeline's shifts; its voxels [K,3])."""
    vox = idx["hard"][rng.integers(len(idx["hard"]))][1]
    return vox[rng.integers(len(vox))], vox


def component_mask(vox, start, size):
    """bool [*size]: the voxels (z, y, x; volume coordinates) that fall inside the patch at start."""
    out = np.zeros(size, bool)
    rel = vox - np.asarray(start)
    rel = rel[((rel >= 0) & (rel < np.asarray(size))).all(1)]
    out[tuple(rel.T)] = True
    return out


def hard_patch(study, vox, centre, size):
    """masked_patch centred on a mined false positive, with the false positive added to the liver mask: the
    pipeline masks with the PREDICTED liver and lesions, which include the false positive, and most of them lie
    outside the true liver (neighbouring organs; docs/models.md), where a truth-masked patch would read -1."""
    start = _start(centre, size)
    x, m, y, _ = masked_patch(study, start, size)
    fp = component_mask(vox, start, size)
    return x, m | fp, y, fp


def original_negative(rng, study, size, tries=8, hard=False):
    """hard: centre on one of the study's mined false positives (when it has any) instead of a look-alike."""
    idx = prepare(study)
    best = None
    for _ in range(tries):
        if hard and idx["hard"]:
            c, vox = hard_negative(rng, idx)
            x, m, y, fp = hard_patch(study, vox, c, size)
            y = y.copy()
            y[fp & (y < FIRST_LESION_CLASS)] = HARD_NEGATIVE  # a target the loss weighs on its own (common.py)
        else:
            c, kind = negative_centre(rng, idx)
            if c is None:
                return None
            x, m, y, inst = masked_patch(study, _start(c, size), size)
        if not ((y >= FIRST_LESION_CLASS) & (y < HARD_NEGATIVE)).any():
            return x, m, y, c
        best = (x, m, y, c)
    return best  # a liver too full of lesions: accept a patch that holds some


def original_positive(rng, study, size, lid=None, jitter=True):
    idx = prepare(study)
    if not idx["lesions"]:
        return None
    if lid is None:
        keys = list(idx["lesions"])
        lid = keys[rng.integers(len(keys))]
    vox, ltype = idx["lesions"][lid]
    c = vox.mean(0).round().astype(int)
    if jitter:
        j = [1, size[1] // 5, size[2] // 5]
        c = c + np.array([rng.integers(-j[d], j[d] + 1) for d in range(3)])
    x, m, y, inst = masked_patch(study, _start(c, size), size)
    return x, m, y, inst, lid, ltype


def sample(rng, study, size, schemes, phase_dropout=True, augment=True, scheme=None, lid=None, hard=False):
    """Returns (x [8,*size] float32, y [*size] int64, scheme). lid: the lesion for OP/SP/SN (default: one at random).
    hard: an ON patch is centred on a mined false positive of the study, when it has any."""
    idx = prepare(study)
    scheme = scheme or schemes[rng.integers(len(schemes))]
    if scheme in ("OP", "SP", "SN") and not idx["lesions"]:
        scheme = "ON"
    if scheme == "ON":
        r = original_negative(rng, study, size, hard=hard)
        if r is None:  # no liver at all: fall back to a plain crop
            x, m, y, _ = masked_patch(study, [0, 0, 0], size)
        else:
            x, m, y, _ = r
    elif scheme == "OP":
        x, m, y, _, _, _ = original_positive(rng, study, size, lid=lid)
    elif scheme == "SP":
        x, m, y, _ = original_negative(rng, study, size) or masked_patch(study, [0, 0, 0], size)
        xl, ml, yl, il, lid, ltype = original_positive(rng, study, size, lid=lid, jitter=False)
        lm = il == lid
        if rng.random() < 0.5:  # vary the transplanted lesion's orientation
            xl, lm = xl[:, :, :, ::-1], lm[:, :, ::-1]
        if rng.random() < 0.5:
            xl, lm = xl[:, :, ::-1], lm[:, ::-1]
        # a small random shift keeps the lesion off the exact patch centre
        sh = (0, int(rng.integers(-size[1] // 8, size[1] // 8 + 1)), int(rng.integers(-size[2] // 8, size[2] // 8 + 1)))
        lm = np.roll(lm, sh, axis=(0, 1, 2))
        xl = np.roll(xl, sh, axis=(1, 2, 3))
        lm &= m  # transplant into liver only (paper 002: "lesion-free liver area")
        x = x.copy()
        x[:4, lm] = xl[:4, lm]
        y = y.copy()
        y[lm] = ltype
    else:  # SN
        x, m, y, inst, lid, ltype = original_positive(rng, study, size, lid=lid)
        les = y >= 2
        neg = original_negative(rng, study, size)
        x = x.copy()
        liv = (y == 1) & m
        for c in range(4):
            if not study.present[c]:
                continue
            mu = float(x[c][liv].mean()) if liv.any() else 0.0
            sd = float(x[c][liv].std()) if liv.any() else 0.02
            x[c][les] = (mu + rng.normal(0, sd, int(les.sum()))).astype(np.float32)
        if neg is not None:  # real liver texture from a lesion-free place of the same liver, where it is liver
            xn, mn, yn, _ = neg
            use = les & (yn == 1)
            x[:4, use] = xn[:4, use]
        y = y.copy()
        y[les] = 1
    present = random_presence(rng, study.present) if phase_dropout else study.present
    x, y = finish(x, m, y, present)
    if augment:
        if rng.random() < 0.5:
            x, y = x[:, :, :, ::-1], y[:, :, ::-1]
        if rng.random() < 0.5:
            x, y = x[:, :, ::-1], y[:, ::-1]
        x = np.ascontiguousarray(x)
        for c in range(4):
            if present[c]:
                inside = y > 0
                x[c][inside] = x[c][inside] * (1.0 + rng.normal(0, 0.05)) + rng.normal(0, 0.03)
    return np.ascontiguousarray(x), np.ascontiguousarray(y), scheme


def lesions_by_type(studies):
    """{lesion class 2..7: [(study, lesion id), ...]} over every training lesion, for type-balanced batches."""
    out = {}
    for s in studies:
        for lid, (_, ltype) in prepare(s)["lesions"].items():
            out.setdefault(ltype, []).append((s, lid))
    return out


def batch(rng, studies, size, n, schemes, by_type=None, hard_share=0.0, **kw):
    """Scheme first, then a study that can provide it: most phantoms (screening) have no lesion, and drawing the
    study first would turn most OP/SP/SN draws into ON.

    by_type (from lesions_by_type): OP/SP/SN draw a lesion type uniformly first, then a lesion of that type. Drawn by
    lesion, a batch holds HCC's and Meta's share of the lesions (56 and 71 of 226 in the 300-study export) and HCC's
    share of the lesion voxels (a third), and both networks settled on "every lesion is HCC" (docs/models.md)."""
    with_lesions = [s for s in studies if s.lesion_index] or studies
    with_hard = [s for s in studies if prepare(s)["hard"]] if hard_share > 0 else []
    types = sorted(by_type) if by_type else []
    xs, ys, sc = [], [], []
    for _ in range(n):
        scheme = schemes[rng.integers(len(schemes))]
        lid = None
        hard = False
        if scheme != "ON" and types:
            pairs = by_type[types[rng.integers(len(types))]]
            s, lid = pairs[rng.integers(len(pairs))]
        elif scheme == "ON" and with_hard and rng.random() < hard_share:
            # hard_share of the ON patches: centred on a mined false positive of a study that has some
            s, hard = with_hard[rng.integers(len(with_hard))], True
        else:
            pool = studies if scheme == "ON" else with_lesions
            s = pool[rng.integers(len(pool))]
        x, y, k = sample(rng, s, size, schemes, scheme=scheme, lid=lid, hard=hard, **kw)
        xs.append(x)
        ys.append(y)
        sc.append(k + "-hard" if hard else k)
    return np.stack(xs), np.stack(ys), sc


def validation_candidates(studies, size, negatives_per_study=3, seed=12345, hard_per_study=0):
    """A fixed candidate set: every true lesion (centred OP patch, candidate mask = the lesion) and look-alike
    negatives (edge, vessel, random liver; candidate mask = a small 3-voxel-radius blob at the centre). With
    hard_per_study, also the study's largest mined false positives of the segmentation network (kind "seg-fp",
    candidate mask = the false positive, as in the pipeline); chosen without the random stream, so the other
    candidates stay the same with or without them."""
    rng = np.random.default_rng(seed)
    out = []
    zz, yy, xx = np.meshgrid(*[np.arange(s) - s // 2 for s in size], indexing="ij")
    blob = (zz == 0) & (yy ** 2 + xx ** 2 <= 9) | (np.abs(zz) == 1) & (yy ** 2 + xx ** 2 <= 4)
    for s in studies:
        idx = prepare(s)
        for lid in idx["lesions"]:
            x, m, y, inst, _, ltype = original_positive(rng, s, size, lid=lid, jitter=False)
            xf, yf = finish(x, m, y, s.present)
            out.append({"study": s.id, "x": xf, "y": yf, "cand": inst == lid, "truth": True, "type": ltype,
                        "multiPhase": any(s.present[1:])})
        for k in range(negatives_per_study):
            kind = ["edge", "vessel", "liver"][k % 3]
            c, _ = negative_centre(rng, idx, kind)
            if c is None:
                continue
            x, m, y, inst = masked_patch(s, _start(c, size), size)
            if (y[blob] >= 2).any():
                continue
            xf, yf = finish(x, m, y, s.present)
            out.append({"study": s.id, "x": xf, "y": yf, "cand": blob & m, "truth": False, "type": 0, "kind": kind})
        for c, vox, _ in sorted(idx["hard"], key=lambda h: -len(h[1]))[:hard_per_study]:
            x, m, y, cand = hard_patch(s, vox, c, size)
            if not cand.any():
                continue
            xf, yf = finish(x, m, y, s.present)
            out.append({"study": s.id, "x": xf, "y": yf, "cand": cand, "truth": False, "type": 0, "kind": "seg-fp"})
    return out
