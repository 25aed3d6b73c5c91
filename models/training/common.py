"""Shared constants and helpers for the LiverScreen training recipe.

Everything here follows docs/formats.md: the training export (liverscreen-training-export/1) we read and the
model card (liverscreen-model-card/1) we write. Models trained here are trained on SYNTHETIC PHANTOMS only.
"""
import hashlib
import json
import os
import random
import zlib

import numpy as np

EXPORT_FORMAT = "liverscreen-training-export/1"
CARD_FORMAT = "liverscreen-model-card/1"
PHASES = ["NC", "AP", "VP", "DP"]
CHANNELS = PHASES + [p + "_present" for p in PHASES]
CLASSES = ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst"]
LESION_TYPES = CLASSES[2:]
FIRST_LESION_CLASS = 2  # CLASSES index of HCC; every class from here on is a lesion type
N_CLASSES = len(CLASSES)
# A training-target value beyond the classes, for the reclassifier's hard negatives (shuffle.original_negative): the
# voxels of a mined false positive. The loss reads it as background and adds a term against lesion mass there.
HARD_NEGATIVE = N_CLASSES
N_CHANNELS = len(CHANNELS)
# The segmentation network's extra input (docs/formats.md, model card "channels"): where a voxel lies across the body,
# -1 at the patient's right edge to +1 at the left edge. A 16 x 80 x 80 patch (12 cm in-plane) of spleen, stomach or
# heart looks like liver; liver-seg 0.4.0 labelled them liver, and ~80% of its excess liver lay on the patient's left
# (docs/models.md, "Session 13"). The body is the NC voxels above BODY_HU, as the engine's body crop.
LR_POSITION = "LR_position"
SEG_CHANNELS = CHANNELS + [LR_POSITION]
BODY_HU = -500.0
MIN_HU, MAX_HU = -200.0, 400.0
# Export labels are SegmentationLabel ids 0..12; the organs 8..12 (spleen, kidney, aorta, portal vein, other organ)
# are background for these models: the pipeline only needs the liver for cropping.
LABEL_MAP = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0], dtype=np.int64)
PORTAL_VEIN = 11
AORTA = 10


def seed_everything(seed):
    import torch
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name):
    import torch
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def normalise_hu(image_hu, present):
    """Window [-200, 400] HU -> [-1, 1] per phase; a missing phase is all 0 (formats.md).

    image_hu: float32 [4, Z, Y, X]; present: 4 bools. Returns float32 [8, Z, Y, X] with presence channels.
    """
    img = np.clip(image_hu, MIN_HU, MAX_HU)
    img = (img - MIN_HU) / (MAX_HU - MIN_HU) * 2.0 - 1.0
    out = np.zeros((N_CHANNELS,) + image_hu.shape[1:], dtype=np.float32)
    for c in range(4):
        if present[c]:
            out[c] = img[c]
            out[4 + c] = 1.0
    return out


def apply_presence(x, present):
    """Zero the image channels of absent phases and set presence flags (x: [8, ...] normalised, modified copy)."""
    x = x.copy()
    for c in range(4):
        if not present[c]:
            x[c] = 0.0
        x[4 + c] = 1.0 if present[c] else 0.0
    return x


def body_x_range(nc_hu):
    """(first, last) column (x index) holding an NC voxel above BODY_HU anywhere in the volume ([Z, Y, X] HU)."""
    cols = np.nonzero((np.asarray(nc_hu) > BODY_HU).any(axis=(0, 1)))[0]
    return (int(cols[0]), int(cols[-1])) if len(cols) else (0, int(nc_hu.shape[-1]) - 1)


def lateral_ramp(x_start, n, x_range):
    """LR_position of columns x_start .. x_start + n - 1: linear in the column, -1 at the body's first column and +1 at
    its last (grid x runs along LPS +x, towards the patient's left, as in the export and the engine's working grid);
    beyond the body (padding included) the line continues. LiverScreen.Inference ChannelPacker computes the same."""
    lo, hi = x_range
    half = max((hi - lo) / 2.0, 1.0)
    return ((np.arange(x_start, x_start + n, dtype=np.float64) - (lo + hi) / 2.0) / half).astype(np.float32)


def add_position(x, x_start, x_range):
    """Appends the LR_position channel to x ([C, Z, Y, X], column 0 of x is grid column x_start)."""
    ramp = lateral_ramp(x_start, x.shape[-1], x_range)
    return np.concatenate([x, np.broadcast_to(ramp, x.shape[1:])[None]], 0)


def channels_for(in_ch):
    """The card's channel names for a network with in_ch inputs: 8 (phases + flags) or 9 (+ LR_position)."""
    if in_ch == len(CHANNELS):
        return CHANNELS
    if in_ch == len(SEG_CHANNELS):
        return SEG_CHANNELS
    raise ValueError(f"no channel layout with {in_ch} inputs (8: {CHANNELS}; 9: {SEG_CHANNELS})")


def takes_position(model):
    """Whether a segmentation network reads LR_position as its last input (train_seg.py --lr-position)."""
    return model.config["in_ch"] == len(SEG_CHANNELS)


def widen_inputs(weights, model):
    """Checkpoint weights for a model with more input channels than the checkpoint: the first convolution's missing
    input channels start at 0, so the widened network computes what the checkpoint did (session 13 continued
    liver-seg 0.4.0, 8 inputs, with LR_position). Any other difference is left for load_state_dict to report."""
    target = model.state_dict()
    out = dict(weights)
    for k, w in weights.items():
        t = target.get(k)
        if t is not None and w.dim() == 5 and t.dim() == 5 and w.shape[1] < t.shape[1] and w.shape[0] == t.shape[0] \
                and w.shape[2:] == t.shape[2:]:
            grown = t.new_zeros(t.shape)
            grown[:, : w.shape[1]] = w
            out[k] = grown
    return out


class Study:
    """One study of the export. Images, labels and instances stay memory-mapped (a 300-study export is ~16 GB);
    only small indexes are kept: the liver's bounding box and up to MAX_INDEX liver voxels, and each lesion's voxels.
    """

    MAX_INDEX = 20000

    def __init__(self, root, entry):
        self.id = entry["id"]
        self.setting = entry.get("setting", "")
        self.patient_class = entry.get("patientClass", "")
        self.present = [bool(p) for p in entry["phasesPresent"]]
        if len(self.present) != 4 or not self.present[0]:
            raise ValueError(f"study {self.id}: phasesPresent {entry['phasesPresent']} (4 flags, NC required) "
                             f"in {root}/manifest.json")
        self.image_hu = np.load(os.path.join(root, entry["image"]), mmap_mode="r")
        self.raw_label = np.load(os.path.join(root, entry["label"]), mmap_mode="r")
        inst_path = entry.get("instances")
        if self.image_hu.ndim != 4 or self.image_hu.shape[0] != 4 or self.image_hu.shape[1:] != self.raw_label.shape:
            raise ValueError(f"study {self.id}: image {self.image_hu.shape} / label {self.raw_label.shape} do not "
                             f"match [4,Z,Y,X] / [Z,Y,X] in {root}")
        self.instances = (np.load(os.path.join(root, inst_path), mmap_mode="r") if inst_path
                          else np.zeros(self.raw_label.shape, np.uint8))
        self.lesions = entry.get("lesions", [])
        self.shape = tuple(self.raw_label.shape)
        self._x_range = None
        lab = np.asarray(self.raw_label)
        if lab.max() > 12:
            raise ValueError(f"study {self.id}: label id {int(lab.max())} > 12 in {root}/{entry['label']}")
        liver = (lab >= 1) & (lab <= 7)
        zz, yy, xx = np.nonzero(liver)
        rng = np.random.default_rng(zlib.crc32(self.id.encode()))
        if len(zz):
            self.liver_lo = np.array([zz.min(), yy.min(), xx.min()])
            self.liver_hi = np.array([zz.max(), yy.max(), xx.max()]) + 1
            v = np.stack([zz, yy, xx], 1).astype(np.int32)
            self.liver_voxels = v[rng.choice(len(v), self.MAX_INDEX, replace=False)] if len(v) > self.MAX_INDEX else v
        else:
            self.liver_lo, self.liver_hi = np.zeros(3, int), np.array(self.shape)
            self.liver_voxels = np.zeros((0, 3), np.int32)
        inst = np.asarray(self.instances)
        self.lesion_index = {}
        for lid in np.unique(inst[liver]) if len(zz) else []:
            if lid == 0:
                continue
            m = inst == lid
            vox = np.argwhere(m).astype(np.int32)
            ltype = int(np.bincount(LABEL_MAP[lab[m]], minlength=8)[2:].argmax()) + 2
            self.lesion_index[int(lid)] = (vox, ltype)

    @property
    def x_range(self):
        """body_x_range of the study's NC image, computed once (reads the whole NC volume)."""
        if self._x_range is None:
            self._x_range = body_x_range(self.image_hu[0])
        return self._x_range

    @property
    def label(self):
        """Whole-volume class map 0..7 (organs folded into background); computed on demand."""
        return LABEL_MAP[np.asarray(self.raw_label)].astype(np.uint8)

    def label_crop(self, start, size):
        return LABEL_MAP[crop(self.raw_label, start, size, 0)].astype(np.uint8)

    def patch(self, start, size):
        """float32 [8, *size] at start (z, y, x; may leave the volume: outside reads as air, -1, for present phases)."""
        x = np.zeros((N_CHANNELS,) + tuple(size), dtype=np.float32)
        hu = crop(self.image_hu, start, size, MIN_HU)
        x[:4] = normalise_hu(hu, self.present)[:4]
        for c in range(4):
            if self.present[c]:
                x[4 + c] = 1.0
        return x

    def full(self, present=None, position=False):
        """float32 [8, Z, Y, X] for the whole volume with the given phase presence (default: the study's own);
        [9, ...] with position (the LR_position channel last)."""
        x = normalise_hu(np.asarray(self.image_hu, dtype=np.float32), self.present)
        x = apply_presence(x, present) if present is not None else x
        return add_position(x, 0, self.x_range) if position else x


def load_manifest(root):
    path = os.path.join(root, "manifest.json")
    with open(path) as f:
        m = json.load(f)
    if m.get("format") != EXPORT_FORMAT:
        raise ValueError(f"{path}: format {m.get('format')!r}, expected {EXPORT_FORMAT!r}")
    if m.get("phaseOrder", PHASES) != PHASES:
        raise ValueError(f"{path}: phaseOrder {m.get('phaseOrder')} != {PHASES}")
    return m


def load_studies(roots, limit=None, log=print):
    """roots: one export dir or several joined by commas (e.g. a screening and a diagnosis export)."""
    studies, first = [], None
    for root in roots.split(","):
        m = load_manifest(root)
        if first is not None and m.get("spacingMm") != first.get("spacingMm"):
            raise ValueError(f"{root}: spacing {m.get('spacingMm')} differs from {first.get('spacingMm')}")
        first = first or m
        for e in m["studies"]:
            if limit and len(studies) >= limit:
                break
            try:
                studies.append(Study(root, e))
            except (ValueError, OSError) as ex:  # one broken study never stops the run
                log(f"skipping study {e.get('id')} of {root}: {ex}")
    if not studies:
        raise ValueError(f"{roots}: no usable studies")
    return first, studies


def pick_validation(studies, n):
    """n studies for cheap validation, deterministic: lesion-bearing studies first (alternating diagnosis and
    screening where both exist), then lesion-free ones, at least one of those when the cohort has any."""
    if not n or n >= len(studies):
        return list(studies)
    with_l = [s for s in studies if s.lesions]
    diag = [s for s in with_l if s.present[1] or s.present[2]]
    scr = [s for s in with_l if s not in diag]
    order = []
    for i in range(max(len(diag), len(scr))):
        order += ([diag[i]] if i < len(diag) else []) + ([scr[i]] if i < len(scr) else [])
    normal = [s for s in studies if not s.lesions]
    k = n - 1 if normal and n > 1 else n
    picked = order[:k]
    return picked + normal[: n - len(picked)]


def crop(arr, start, size, fill):
    """Crop arr[..., z, y, x] at start (may be out of bounds) to size, padding with fill."""
    lead = arr.shape[:-3]
    out = np.full(lead + tuple(size), fill, dtype=arr.dtype)
    src, dst = [], []
    for d in range(3):
        s, n, L = start[d], size[d], arr.shape[-3 + d]
        a, b = max(s, 0), min(s + n, L)
        if b <= a:
            return out
        src.append(slice(a, b))
        dst.append(slice(a - s, b - s))
    out[(Ellipsis,) + tuple(dst)] = arr[(Ellipsis,) + tuple(src)]
    return out


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class JsonlLog:
    def __init__(self, path):
        self.path = path
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)

    def write(self, rec):
        with open(self.path, "a") as f:
            f.write(json.dumps(rec) + "\n")
        print(json.dumps(rec), flush=True)


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


# ---------------------------------------------------------------------------------------------------------------------
# The training loop shared by train_seg.py and train_recls.py: flags, resume / init, time budget, per-epoch
# validation and logging, best.pt / last.pt. Checkpoint keys (model, opt, state, config, rng_torch) and the log
# events (start, resume, init, epoch, end, warning) are part of the recipe's contract: export_model.py, select_run.py
# and the committed training logs read them.
# ---------------------------------------------------------------------------------------------------------------------

# Lesion voxels are rare (often <0.5% of a liver patch): weight them in CE, Dice handles the rest.
CLASS_WEIGHTS = [1.0, 1.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]


def inverse_share_weights(voxel_counts, base=4.0, cap=16.0):
    """Cross-entropy weights with the lesion types scaled by the inverse of their voxel share in training batches:
    type k gets base * median(lesion-type counts) / count_k, clipped to [1, cap]; background and liver keep
    CLASS_WEIGHTS. voxel_counts: per-class voxel counts (length 8) of sampled training targets. A type never seen
    keeps `base`. On the 300-study export with type-balanced batches: HCC 3.3, ICC 2.4, Meta 5.1, Hem 1.6 (large
    lesions fill the patch), Other 7.1, Cyst 16 (small)."""
    counts = np.asarray(voxel_counts, float)
    w = np.array(CLASS_WEIGHTS, float)
    seen = [k for k in range(FIRST_LESION_CLASS, len(w)) if counts[k] > 0]
    if seen:
        med = float(np.median(counts[seen]))
        for k in seen:
            w[k] = float(np.clip(base * med / counts[k], 1.0, cap))
    return w.tolist()


def parse_triplet(s):
    import argparse
    v = [int(t) for t in s.split(",")]
    if len(v) != 3:
        raise argparse.ArgumentTypeError(f"expected z,y,x, got {s}")
    return v


def add_training_args(ap, steps_per_epoch, patch, batch, lr=2e-3):
    """The flags every trainer takes (defaults per task)."""
    ap.add_argument("--train", required=True, help="training export dir (manifest.json + .npy); several joined by commas")
    ap.add_argument("--val", required=True, help="validation export dir (held-out phantom seeds)")
    ap.add_argument("--out", required=True, help="run dir: last.pt, best.pt, log.jsonl")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-budget", type=float, default=0,
                    help="minutes of training for this run, cumulative over resumes (0 = none)")
    ap.add_argument("--max-steps", type=int, default=0, help="stop at this step count, cumulative over resumes (0 = none)")
    ap.add_argument("--steps-per-epoch", type=int, default=steps_per_epoch, help="steps between validations")
    ap.add_argument("--patch", type=parse_triplet, default=list(patch), help="z,y,x training patch")
    ap.add_argument("--batch", type=int, default=batch)
    ap.add_argument("--lr", type=float, default=lr)
    ap.add_argument("--lr-schedule", choices=["constant", "cosine"], default="constant",
                    help="cosine: from --lr down to --lr/20 over the run's limit (--max-steps or --time-budget, "
                         "whichever is nearer); a resume with a larger limit restarts warm (SGDR)")
    ap.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    ap.add_argument("--threads", type=int, default=2, help="CPU threads for PyTorch")
    ap.add_argument("--resume", action="store_true", help="continue from OUT/last.pt if present")
    ap.add_argument("--init", help="start weights from this checkpoint (.pt) or exported model (.onnx, e.g. models/liver-seg/"
                    "model.onnx) to continue a selected run under new settings")
    ap.add_argument("--train-limit", type=int, default=0, help="use only the first N training studies")


def dice_ce_loss(logits, target, weights):
    """Weighted cross-entropy + batch soft Dice over the foreground classes present in the batch + soft Dice of any lesion.
    Returns (loss tensor, ce float, dice-loss float)."""
    import torch
    import torch.nn.functional as F
    hard = target == HARD_NEGATIVE
    target = torch.where(hard, torch.zeros_like(target), target)
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
    # Any-lesion region term (the "regions" of nnU-Net's BraTS set-up): soft Dice of the summed lesion-type
    # probabilities against the union of lesion labels. Without it a lesion voxel whose probability is spread over
    # the six types (0.6 in all, 0.1-0.2 each) stays liver under argmax, and lesion Dice sat at 0 for 1000 CPU steps;
    # detection (paper 002 Eq. 2-3) scales exactly this summed mass, so the network should learn it first.
    lesion_t = (target >= FIRST_LESION_CLASS).to(prob.dtype)
    lesion_p = prob[:, FIRST_LESION_CLASS:].sum(1)  # the summed lesion mass, also for the hard-negative term
    if lesion_t.sum() > 0:
        dl = dl + 1.0 - (2 * (lesion_p * lesion_t).sum() + 1.0) / (lesion_p.sum() + lesion_t.sum() + 1.0)
    if hard.any():
        # Hard negatives (the segmentation's own false positives): the class-weighted CE makes a lesion predicted on a
        # background voxel 3-16 times cheaper than a missed lesion voxel, and the Dice terms barely see it, so the
        # network kept calling them lesions. Mean -log(1 - lesion mass) over their voxels, as heavy as the rest.
        ce = ce - torch.log((1.0 - lesion_p[hard]).clamp_min(1e-6)).mean()
    return ce + dl, float(ce), float(dl)


def onnx_state_dict(path):
    """The weights of an ONNX file that export_model.py wrote, as this package's state dict: a shipped model (or one a
    site brings under the same architecture) can be fine-tuned without the checkpoint it came from. export_onnx wraps
    the network in unet.WithSoftmax (attribute "net") and keeps parameter names (InstanceNorm is not folded into the
    convolutions), so each initializer is a parameter under the "net." prefix."""
    import onnx
    import onnx.numpy_helper
    import torch
    prefix = "net."
    out = {i.name[len(prefix):]: torch.from_numpy(onnx.numpy_helper.to_array(i).copy())
           for i in onnx.load(path).graph.initializer if i.name.startswith(prefix)}
    if not out:
        raise SystemExit(f"--init {path}: no initializer named {prefix}* (not exported by export_model.py?)")
    return out


def save_ckpt(path, model, opt, state):
    """Atomic write (tmp + rename): a run killed mid-save keeps its previous checkpoint."""
    import torch
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state, "config": model.config,
                "rng_torch": torch.get_rng_state()}, tmp)
    os.replace(tmp, path)


def _val_key(info):
    """What identifies a run's validation set in its start info (absent and zero counts alike)."""
    return {k: info[k] for k in ("val_studies", "val_candidates", "val_hard_negatives") if info.get(k)}


class TrainingRun:
    """One seed of one trainer: set-up from the parsed flags, then `run(train_step, validate)`.

    train_step(rng) -> (loss tensor, ce, dice_loss, extra): one optimiser step's forward pass; extra is anything the
    task wants summed per epoch (e.g. the shuffle schemes drawn) or None.
    validate() -> (metrics dict, score float): the same validation set every epoch, so best.pt is comparable across
    epochs and seeds.
    """

    def __init__(self, a, task, build_model):
        import torch
        self.a = a
        torch.set_num_threads(a.threads)
        seed_everything(a.seed)
        self.device = pick_device(a.device)
        os.makedirs(a.out, exist_ok=True)
        self.log = JsonlLog(os.path.join(a.out, "log.jsonl"))
        self.task = task
        self.build_model = build_model

    def warn(self, message):
        self.log.write({"event": "warning", "message": message})

    def setup(self, config, start_info, class_weights=None):
        """Builds the model and optimiser, checks the patch, restores last.pt (--resume) or --init weights, and logs
        "start" (with start_info: cohort sizes etc.) on a fresh run. class_weights: CE weights (default CLASS_WEIGHTS)."""
        import sys

        import torch
        a = self.a
        self.model = self.build_model(config).to(self.device)
        pf = self.model.pool_factor()
        if any(p % f for p, f in zip(a.patch, pf)):
            sys.exit(f"--patch {a.patch} must be divisible by the pooling factors {pf} (z, y, x)")
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=a.lr, weight_decay=1e-4)
        self.weights = torch.tensor(class_weights or CLASS_WEIGHTS, device=self.device, dtype=torch.float32)
        self.state = {"step": 0, "epoch": 0, "elapsed_s": 0.0, "best_score": -1.0, "seed": a.seed, "rng": None}
        self.last = os.path.join(a.out, "last.pt")
        # what this run trains under; logged on start and on every resume (a resume may change them: train_all.sh's stages)
        settings = {"lr": a.lr, "lr_schedule": a.lr_schedule,
                    "class_weights": [round(float(w), 3) for w in self.weights], **start_info}
        if a.resume and os.path.exists(self.last):
            ck = torch.load(self.last, map_location=self.device, weights_only=False)
            self.model.load_state_dict(ck["model"])
            self.opt.load_state_dict(ck["opt"])
            self.state = ck["state"]
            torch.set_rng_state(ck["rng_torch"])
            self.log.write({"event": "resume", "step": self.state["step"], "elapsed_s": self.state["elapsed_s"], **settings})
            # best.pt is the best epoch on ONE validation set: when a resume validates on another (train_all.sh's
            # stage C adds the mined false positives), earlier scores do not compare and best.pt restarts here
            before = self.state.get("val_key")
            if before is None:  # checkpoints from before val_key: the run's start line holds its validation set
                before = _val_key(next((r for r in read_jsonl(self.log.path) if r.get("event") == "start"), {}))
            if before != _val_key(start_info):
                self.state["best_score"] = -1.0
                self.warn(f"the validation set changed ({before} -> {_val_key(start_info)}): best.pt restarts from "
                          f"step {self.state['step']}")
        elif getattr(a, "init", None):
            weights = (onnx_state_dict(a.init) if a.init.endswith(".onnx")
                       else torch.load(a.init, map_location=self.device, weights_only=False)["model"])
            # strict: an architecture that differs fails here, naming the keys; only added input channels are grown
            self.model.load_state_dict(widen_inputs(weights, self.model))
            self.log.write({"event": "init", "from": a.init})
        self.state["val_key"] = _val_key(start_info)
        # the sampler's stream continues across resumes (its state is in every checkpoint)
        self.rng = np.random.default_rng(a.seed)
        if self.state.get("rng"):
            self.rng.bit_generator.state = self.state["rng"]
        if self.state["step"] == 0:
            self.log.write({"event": "start", "task": self.task, "seed": a.seed, "device": str(self.device),
                            "torch": torch.__version__, "patch": a.patch, "batch": a.batch, **settings, "config": self.model.config,
                            "params": sum(p.numel() for p in self.model.parameters()), "synthetic": True})
        return self.model

    def progress(self):
        """Fraction of the run done: the larger of step / --max-steps and elapsed / --time-budget (0 when unbounded)."""
        a, st = self.a, self.state
        f = [st["step"] / a.max_steps] if a.max_steps else []
        f += [st["elapsed_s"] / (a.time_budget * 60)] if a.time_budget > 0 else []
        return min(1.0, max(f, default=0.0))

    def learning_rate(self):
        a = self.a
        if a.lr_schedule == "constant":
            return a.lr
        final = a.lr / 20
        return final + 0.5 * (a.lr - final) * (1 + np.cos(np.pi * self.progress()))

    def _limits_reached(self):
        return self.progress() >= 1.0

    def run(self, train_step, validate, epoch_extra=None):
        """Epochs of --steps-per-epoch steps until --max-steps or --time-budget (both cumulative over resumes), each
        followed by validation, an "epoch" log line, best.pt when the score improved and last.pt."""
        import time
        a, st, model, opt = self.a, self.state, self.model, self.opt
        model.train()
        t_run = time.time()
        base_elapsed = st["elapsed_s"]
        # a run resumed after it already reached its limits (e.g. train_all.sh rerun) adds no step and no epoch
        done = self._limits_reached()
        while not done:
            losses, extras = [], []
            for _ in range(a.steps_per_epoch):
                loss, ce, dl, extra = train_step(self.rng)
                lr = self.learning_rate()
                for g in opt.param_groups:
                    g["lr"] = lr
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                losses.append((float(loss), ce, dl))
                extras.append(extra)
                st["step"] += 1
                st["elapsed_s"] = base_elapsed + time.time() - t_run
                if self._limits_reached():
                    done = True
                    break
            st["epoch"] += 1
            t_val = time.time()
            metrics, score = validate()
            model.train()
            st["elapsed_s"] = base_elapsed + time.time() - t_run
            st["rng"] = self.rng.bit_generator.state
            lo = np.array(losses)
            rec = {"event": "epoch", "epoch": st["epoch"], "step": st["step"], "elapsed_s": round(st["elapsed_s"], 1),
                   "lr": lr, "loss": float(lo[:, 0].mean()), "ce": float(lo[:, 1].mean()), "dice_loss": float(lo[:, 2].mean()),
                   **(epoch_extra(extras) if epoch_extra else {}), "final": done,
                   "val_s": round(time.time() - t_val, 1), "val": metrics, "score": score}
            if score > st["best_score"]:
                st["best_score"] = score
                st["best_step"] = st["step"]
                save_ckpt(os.path.join(a.out, "best.pt"), model, opt, st)
                rec["best"] = True
            save_ckpt(self.last, model, opt, st)
            self.log.write(rec)
        self.log.write({"event": "end", "step": st["step"], "elapsed_s": round(st["elapsed_s"], 1),
                        "best_score": st["best_score"], "best_step": st.get("best_step")})
