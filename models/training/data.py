"""Patch sampling for the segmentation network.

Patches are biased to lesions and the liver (lesions are a tiny fraction of the voxels), and the contrast phases are
dropped at random while NC is always kept, so one model serves NC-only screening and any phase subset with NC
(the presence channels tell the network which phases exist).
"""
import numpy as np

from common import BODY_HU, add_position, apply_presence, crop


def random_presence(rng, present, p_nc_only=0.3, p_drop=0.3):
    """NC always kept. With p_nc_only the study becomes NC-only, otherwise each other present phase drops with p_drop."""
    out = list(present)
    if rng.random() < p_nc_only:
        return [True, False, False, False]
    for c in range(1, 4):
        if out[c] and rng.random() < p_drop:
            out[c] = False
    return out


ORGAN_LABELS = (8, 12)  # raw export labels: spleen; other organ (inferior vena cava, gallbladder, stomach, pancreas)


P_LIVER = 0.3  # pick_centre's share of liver-centred patches (organ patches, when asked for, come out of it)


def pick_centre(rng, study, p_lesion=0.45, p_liver=P_LIVER, p_ends=0.15, p_organ=0.0, p_outside=0.0):
    """Where the next training patch is centred (z, y, x voxel); the rest (p = 1 - all five) is anywhere at random.

    p_ends: at the liver's cranial or caudal end, up to 10 slices beyond it, in-plane under a liver voxel. The 0.2.0
    model (sampler without this branch) labelled the heart above the dome -- in NC 35-45 HU, hypodense to liver like a
    lesion -- as HCC joined to the liver, and tissue below the tip as liver: both ends are rare in random patches.

    p_outside: a body voxel (NC above -500 HU) in a slice with no liver, anywhere in-plane. liver-seg 0.4.0 still
    labelled noisy fat between bowel loops below the liver, the spleen and the heart above the dome as liver on the
    pipeline's screening scans (docs/models.md, "Session 12"), which the coverage check then reports as a cut-off
    liver; a scan reaches up to 22 slices below the liver, which p_ends never shows and random patches rarely do.
    """
    r = rng.random()
    if r < p_lesion and study.lesion_index:
        # pick a lesion uniformly first, then a voxel of it, so small lesions are seen as often as large ones
        keys = sorted(study.lesion_index)
        vox = study.lesion_index[keys[rng.integers(len(keys))]][0]
        return vox[rng.integers(len(vox))]
    if r < p_lesion + p_liver and len(study.liver_voxels):
        return study.liver_voxels[rng.integers(len(study.liver_voxels))]
    if r < p_lesion + p_liver + p_ends and len(study.liver_voxels):
        c = study.liver_voxels[rng.integers(len(study.liver_voxels))].copy()
        lo, hi = int(study.liver_lo[0]), int(study.liver_hi[0]) - 1
        z = lo - int(rng.integers(-2, 11)) if rng.random() < 0.5 else hi + int(rng.integers(-2, 11))
        c[0] = min(max(z, 0), study.shape[0] - 1)
        return c
    if r < p_lesion + p_liver + p_ends + p_organ and len(study.liver_voxels):
        lo = np.maximum(study.liver_lo - np.array([0, 15, 15]), 0)
        hi = np.minimum(study.liver_hi + np.array([0, 15, 15]), np.array(study.shape))
        for _ in range(40):  # rejection sampling on the memory-mapped labels: a few voxel reads
            c = np.array([rng.integers(l, h) for l, h in zip(lo, hi)])
            if int(study.raw_label[tuple(c)]) in ORGAN_LABELS:
                return c
        return study.liver_voxels[rng.integers(len(study.liver_voxels))]
    if r < p_lesion + p_liver + p_ends + p_organ + p_outside and len(study.liver_voxels):
        lo, hi = int(study.liver_lo[0]), int(study.liver_hi[0])
        slices = [z for z in range(study.shape[0]) if z < lo or z >= hi]
        for _ in range(40 if slices else 0):  # rejection sampling on the memory-mapped NC image: a few voxel reads
            c = np.array([slices[rng.integers(len(slices))], rng.integers(study.shape[1]), rng.integers(study.shape[2])])
            if float(study.image_hu[(0,) + tuple(c)]) > BODY_HU:
                return c
    return np.array([rng.integers(s) for s in study.shape])


def sample_patch(rng, study, size, jitter=None, augment=True, phase_dropout=True, p_organ=0.0, p_noise=0.0,
                 p_outside=0.0, position=False):
    """Returns (x float32 [8, *size], y int64 [*size]); [9, *size] with position (LR_position last, flipped with the
    image so that the liver keeps its side of the body). Organ and outside patches come out of the liver share."""
    c = pick_centre(rng, study, p_liver=P_LIVER - p_organ - p_outside, p_organ=p_organ, p_outside=p_outside)
    jitter = jitter or [s // 4 for s in size]
    start = [int(c[d] - size[d] // 2 + rng.integers(-jitter[d], jitter[d] + 1)) for d in range(3)]
    x = study.patch(start, size)
    y = study.label_crop(start, size).astype(np.int64)
    present = random_presence(rng, study.present) if phase_dropout else study.present
    x = apply_presence(x, present)
    if position:
        x = add_position(x, start[2], study.x_range)
    if augment:
        x, y = augment_patch(rng, x, y, present)
        if p_noise and rng.random() < p_noise:
            x = add_noise(rng, x, present)
    return x, y


NOISE_HU = (5.0, 30.0)  # SD range of the added noise after its blur


def add_noise(rng, x, present):
    """Extra image noise, as the pipeline gives: the export renders each study with the noise that averaging to the
    working grid would leave, but the pipeline's trilinear resampling averages almost none, so its images carry about
    twice the noise (docs/models.md "Session 10"; noise is one difference, not shown to be the only one that matters).
    White Gaussian noise, blurred in-plane like the renderer's reconstruction kernel, SD
    uniform in NOISE_HU; added in HU units of the [-200, 400] window only where the image is not clipped (air and bone
    stay clipped, as noisy air still lies below -200 HU)."""
    from scipy.ndimage import gaussian_filter
    sd_hu = rng.uniform(*NOISE_HU)
    blur = rng.uniform(0.3, 1.0)
    for ch in range(4):
        if not present[ch]:
            continue
        n = gaussian_filter(rng.standard_normal(x[ch].shape).astype(np.float32), (0, blur, blur))
        n *= sd_hu * 2.0 / 600.0 / max(float(n.std()), 1e-6)
        inside = (x[ch] > -1.0) & (x[ch] < 1.0)
        x[ch] = np.where(inside, np.clip(x[ch] + n, -1.0, 1.0), x[ch])
    return x


def augment_patch(rng, x, y, present):
    # left-right and (rarely) cranio-caudal flips: not anatomical, but the patches are local and it helps lesion
    # appearance generalise on small cohorts. Every channel flips, LR_position too: a mirrored patch still tells which
    # of its voxels lie on the patient's right (a 12 cm patch alone does not: spleen and heart pass for liver)
    if rng.random() < 0.5:
        x, y = x[:, :, :, ::-1], y[:, :, ::-1]
    if rng.random() < 0.2:
        x, y = x[:, ::-1], y[::-1]
    # intensity: small per-phase shift/scale (scanner calibration and contrast timing vary)
    x = np.ascontiguousarray(x)
    for ch in range(4):
        if present[ch]:
            x[ch] = x[ch] * (1.0 + rng.normal(0, 0.05)) + rng.normal(0, 0.03)
    return x, np.ascontiguousarray(y)


def batch(rng, studies, size, n, **kw):
    xs, ys = [], []
    for _ in range(n):
        s = studies[rng.integers(len(studies))]
        x, y = sample_patch(rng, s, size, **kw)
        xs.append(x)
        ys.append(y)
    return np.stack(xs), np.stack(ys)
