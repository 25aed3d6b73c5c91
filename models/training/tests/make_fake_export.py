"""Writes a TINY fake training export (docs/formats.md, liverscreen-training-export/1) for the CI smoke test.

Not a phantom generator: an ellipsoid "liver", a few blob "lesions" with type-specific contrast per phase, a bright
tube "portal vein" and noise, just enough for the recipe to learn something in a few steps. Deterministic (--seed).
Usage: make_fake_export.py OUT_DIR [--studies 6] [--shape 16,64,64] [--seed 0]
"""
import argparse
import json
import os

import numpy as np

TYPES = ["HCC", "ICC", "Meta", "Hem", "Other", "Cyst"]
# rough contrast (HU) per phase NC, AP, VP, DP (imaging-facts.md)
LIVER = [60, 78, 112, 92]
LESION = {"HCC": [45, 130, 85, 75], "ICC": [40, 70, 85, 95], "Meta": [40, 60, 70, 70],
          "Hem": [40, 250, 160, 110], "Other": [55, 150, 110, 92], "Cyst": [10, 10, 10, 10]}
PV = [40, 125, 190, 125]


def make_study(rng, shape, diagnosis):
    z, y, x = np.meshgrid(*[np.arange(s) for s in shape], indexing="ij")
    zc, yc, xc = [s / 2 + rng.uniform(-s / 10, s / 10) for s in shape]
    rz, ry, rx = shape[0] * 0.38, shape[1] * 0.32, shape[2] * 0.36
    liver = ((z - zc) / rz) ** 2 + ((y - yc) / ry) ** 2 + ((x - xc) / rx) ** 2 <= 1
    label = np.zeros(shape, np.uint8)
    label[liver] = 1
    vessel = (((y - yc - 3) ** 2 + (x - xc + 2) ** 2) <= 2.2 ** 2) & liver
    label[vessel] = 11
    inst = np.zeros(shape, np.uint8)
    lesions = []
    nles = rng.integers(0, 4)
    lv = np.argwhere(liver & ~vessel)
    for i in range(nles):
        t = TYPES[rng.integers(len(TYPES))]
        c = lv[rng.integers(len(lv))]
        r = rng.uniform(2.0, 6.0)
        m = ((z - c[0]) * 2.5 / r) ** 2 + ((y - c[1]) / r) ** 2 + ((x - c[2]) / r) ** 2 <= 1
        m &= liver & (inst == 0)
        if m.sum() < 4:
            continue
        lid = len(lesions) + 1
        inst[m] = lid
        label[m] = 2 + TYPES.index(t)
        lesions.append({"id": lid, "type": t, "centerVoxel": [int(v) for v in c],
                        "volumeCc": float(m.sum() * 1.5 * 1.5 * 5.0 / 1000.0)})
    present = [True, True, True, bool(rng.random() < 0.66)] if diagnosis else [True, False, False, False]
    img = np.zeros((4,) + tuple(shape), np.float32)
    for p in range(4):
        if not present[p]:
            continue
        v = np.full(shape, -100.0, np.float32)  # fat / soft tissue background
        v[liver] = LIVER[p]
        v[vessel] = PV[p]
        for les in lesions:
            v[inst == les["id"]] = LESION[les["type"]][p]
        v += rng.normal(0, 12 if diagnosis else 22, shape).astype(np.float32)
        img[p] = v
    return img, label, inst, present, lesions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--studies", type=int, default=6)
    ap.add_argument("--shape", default="16,64,64")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    shape = tuple(int(s) for s in a.shape.split(","))
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    studies = []
    for i in range(a.studies):
        sid = f"study-{a.seed:02d}{i:04d}"
        diagnosis = i % 3 != 2
        img, label, inst, present, lesions = make_study(rng, shape, diagnosis)
        np.save(os.path.join(a.out, f"{sid}_image.npy"), img)
        np.save(os.path.join(a.out, f"{sid}_label.npy"), label)
        np.save(os.path.join(a.out, f"{sid}_instances.npy"), inst)
        prio = [t for t in TYPES if any(l["type"] == t for l in lesions)]
        studies.append({"id": sid, "setting": "diagnosis" if diagnosis else "screening",
                        "patientClass": prio[0] if prio else "Normal",
                        "image": f"{sid}_image.npy", "phasesPresent": present, "label": f"{sid}_label.npy",
                        "instances": f"{sid}_instances.npy", "lesions": lesions})
    manifest = {"format": "liverscreen-training-export/1", "synthetic": True, "spacingMm": [1.5, 1.5, 5.0],
                "phaseOrder": ["NC", "AP", "VP", "DP"],
                "labels": ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst", "spleen", "kidney",
                           "aorta", "portal_vein", "other_organ"],
                "studies": studies, "note": "FAKE export from models/training/tests/make_fake_export.py"}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {len(studies)} fake studies {shape} to {a.out}")


if __name__ == "__main__":
    main()
