#!/usr/bin/env python3
"""Replay the reclassifier's minimum score (ReclassificationOptions.MinScore) on screened phantom cohorts.

Every study result keeps, per reclassified operating point, the lesions it kept with their `score` (the patch-averaged
share of the candidate the reclassifier confirmed). Raising the minimum score only removes kept lesions, so its effect
on the joint model (Base+ReCls & High+ReCls, paper 002 section V-B) can be replayed without screening again: drop the
lesions under the threshold, classify the patient by Eq. 12 and compare with the phantom truth. Used to choose
MinScore on a tuning cohort that no report uses (docs/detection.md, "Partly confirmed candidates"). At threshold 0 it
reproduces the harness's joint-model numbers; technical failures are left out, as the harness does. Results screened
with a MinScore already set hold no lesion under it, so thresholds below that one replay as that one.

A replica for tuning only: the harness (`liverscreen evaluate`) is the reference for everything it reports.
Lesion matching follows its coordinate rule: the predicted centre inside the true box grown by 5 mm, or within
max(equivalent-sphere radius, 10 mm) of the true centre. Synthetic phantoms only.

  scripts/replay_min_score.py WORK [--thresholds 0,0.1,0.2,0.25,0.3] [--json]
    WORK: an `evaluate --cohort ... --work WORK` folder (holds <cohort>/truth.json and <cohort>/results/*.json)
"""
import argparse
import glob
import json
import math
import os

ORDER = ["HCC", "ICC", "Meta", "Hem", "Other", "Cyst"]  # Eq. 12: the first type present decides the patient class
MALIGNANT = {"HCC", "ICC", "Meta"}
POINTS = ("base+recls", "high+recls")


def patient_class(lesions):
    types = {l["type"] for l in lesions}
    return next((t for t in ORDER if t in types), "Normal")


def matches(lesion, truth_lesions):
    """The true lesion the predicted one matches under the harness's coordinate rule, or None."""
    c = lesion["centerLps"]
    for t in truth_lesions:
        lo, hi = t["bboxLps"]["min"], t["bboxLps"]["max"]
        if all(lo[i] - 5 <= c[i] <= hi[i] + 5 for i in range(3)):
            return t
        radius = max((3 * t["volumeCc"] * 1000 / (4 * math.pi)) ** (1 / 3), 10.0)
        if math.dist(c, t["centerLps"]) <= radius:
            return t
    return None


def load(work):
    """[(truth study, {point name: operating point})] of the completed, non-technical-failure studies."""
    rows = []
    for truth_path in sorted(glob.glob(os.path.join(work, "*", "truth.json"))):
        truth = {s["studyInstanceUid"]: s for s in json.load(open(truth_path))["studies"]}
        for path in sorted(glob.glob(os.path.join(os.path.dirname(truth_path), "results", "*.json"))):
            d = json.load(open(path))
            if d["status"] != "completed" or d["triage"] == "technical-failure":
                continue
            rows.append((truth[d["studyInstanceUid"]], {o["name"]: o for o in d["operatingPoints"]}))
    return rows


def replay(rows, threshold):
    out = {}
    for setting in ("diagnosis", "screening"):
        r = {"studies": 0, "uncertain": 0, "tp": 0, "malignant": 0, "tn": 0, "benign": 0}
        for truth, points in rows:
            if truth["setting"] != setting:
                continue
            r["studies"] += 1
            base, high = (patient_class([l for l in points[p]["lesions"] if l["score"] >= threshold]) for p in POINTS)
            if base != high:
                r["uncertain"] += 1
            elif truth["malignant"]:
                r["malignant"] += 1
                r["tp"] += base in MALIGNANT
            else:
                r["benign"] += 1
                r["tn"] += base not in MALIGNANT
        out[setting] = r
    out["trueMalignantLesionsKeptHigh"] = sum(
        1 for truth, points in rows for l in points["high+recls"]["lesions"]
        if l["score"] >= threshold and (m := matches(l, truth["lesions"])) and m["type"] in MALIGNANT)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("work", help="evaluate --cohort work folder")
    ap.add_argument("--thresholds", default="0,0.1,0.15,0.2,0.25,0.3,0.35,0.4", help="comma-separated minimum scores")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args(argv)
    rows = load(a.work)
    if not rows:
        raise SystemExit(f"no screened studies with truth under {a.work}")
    results = {t: replay(rows, t) for t in (float(v) for v in a.thresholds.split(","))}
    if a.json:
        print(json.dumps({"synthetic": True, "work": a.work,
                          "thresholds": [{"minScore": t, **r} for t, r in results.items()]}, indent=1))
        return
    print(f"Joint model (Base+ReCls & High+ReCls) replayed on {len(rows)} studies -- synthetic phantoms")
    for t, r in results.items():
        cells = [f"{s}: sens {r[s]['tp']}/{r[s]['malignant']} spec {r[s]['tn']}/{r[s]['benign']} "
                 f"uncertain {r[s]['uncertain']}/{r[s]['studies']}" for s in ("diagnosis", "screening")]
        print(f"min score {t:.2f}: " + " | ".join(cells) + f" | true malignant lesions kept (high) "
              f"{r['trueMalignantLesionsKeptHigh']}")


if __name__ == "__main__":
    main()
