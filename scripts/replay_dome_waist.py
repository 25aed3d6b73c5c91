#!/usr/bin/env python3
"""Replay the dome trim (DetectionOptions.DomeWaistRatio, workers/LiverScreen.Detection/Segmentation/LiverDome.cs) on
the segmentation labels an evaluation kept, at several waist ratios.

`liverscreen evaluate --cohort ... --keep-work --work WORK` keeps each study's pipeline store, with the segmentation's
plain argmax (`segment/labels.lsvol`: the base operating point's labels). For each study this keeps the largest
6-connected liver-or-lesion component (LiverComponent.KeepLargest), reads the liver's area per axial slice from the
top of the scan, finds the waist as LiverDome.WaistIndex does, and reports whether the top slice still holds more than
TriageOptions.MaxEdgeSliceFraction (0.35) of the widest cross-section, i.e. whether the coverage check would call the
liver cut off at the top, without the trim and with it. Used to choose the ratio on the tuning cohort
(docs/detection.md, "The liver's dome").

A replica for tuning only: the pipeline (`liverscreen evaluate`) is the reference for what it reports. Synthetic
phantoms only. Needs numpy and scipy (/usr/bin/python3 on the build machine).

  /usr/bin/python3 scripts/replay_dome_waist.py WORK [--ratios 0.6,0.7,0.75,0.8] [--json]
"""
import argparse
import glob
import json
import os
import struct

import numpy as np
from scipy import ndimage

MAX_EDGE_FRACTION = 0.35  # TriageOptions.MaxEdgeSliceFraction
HEADER_BYTES = 8 + 8 + 12 + 24 + 24 + 72  # VolumeFile.HeaderBytes


def read_labels(path):
    """An .lsvol of bytes (VolumeFile): voxels as [z, y, x], and whether slice 0 is the top of the scan."""
    data = open(path, "rb").read()
    if data[:6] != b"LSVOL1":
        raise ValueError(f"{path}: not an LSVOL1 volume file")
    nx, ny, nz = struct.unpack_from("<3i", data, 16)
    direction = struct.unpack_from("<9d", data, 76)  # row-major; element 8 is the k axis's z component
    voxels = np.frombuffer(data, np.uint8, count=nx * ny * nz, offset=HEADER_BYTES).reshape(nz, ny, nx)
    return voxels, direction[8] < 0


def areas_superior_first(path):
    labels, first_is_superior = read_labels(path)
    liver = (labels >= 1) & (labels <= 7)
    components, n = ndimage.label(liver)  # 6-connected by default, as LiverComponent
    if n == 0:
        return None
    sizes = ndimage.sum(liver, components, range(1, n + 1))
    largest = components == (1 + int(np.argmax(sizes)))
    areas = largest.sum(axis=(1, 2))
    return areas if first_is_superior else areas[::-1]


def waist_index(areas, ratio):
    """LiverDome.WaistIndex: the slices above the waist to clear (0 = none)."""
    if len(areas) == 0 or ratio <= 0:
        return 0
    peak = 0
    for s in range(1, len(areas)):
        if areas[s] > areas[peak]:
            peak = s
    waist = peak
    for s in range(peak - 1, 0, -1):
        if areas[s] < areas[waist]:
            waist = s
    if waist in (0, peak):
        return 0
    above = max(areas[:waist])
    return waist if 0 < areas[waist] <= ratio * above else 0


def cut_off_at_top(areas):
    widest = max(areas)
    return widest > 0 and areas[0] / widest > MAX_EDGE_FRACTION


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", help="an `evaluate --cohort ... --keep-work --work WORK` folder")
    parser.add_argument("--ratios", default="0.6,0.7,0.75,0.8")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    ratios = [float(r) for r in args.ratios.split(",")]

    cohorts = []
    for cohort in sorted(glob.glob(os.path.join(args.work, "*", "truth.json"))):
        root = os.path.dirname(cohort)
        studies = {}
        for path in sorted(glob.glob(os.path.join(root, "chunk-*", "**", "segment", "labels.lsvol"), recursive=True)):
            areas = areas_superior_first(path)
            if areas is not None:
                studies[os.path.basename(os.path.dirname(os.path.dirname(path)))] = areas
        rows = []
        for ratio in ratios:
            trimmed, cut_before, cut_after = [], 0, 0
            for name, areas in studies.items():
                waist = waist_index(areas, ratio)
                kept = areas.copy()
                kept[:waist] = 0
                cut_before += cut_off_at_top(areas)
                cut_after += cut_off_at_top(kept)
                if waist:
                    trimmed.append(int(waist))
            rows.append({"ratio": ratio, "studies": len(studies), "cutOffAtTopBefore": int(cut_before),
                         "cutOffAtTopAfter": int(cut_after), "trimmed": len(trimmed),
                         "slicesTrimmedMin": min(trimmed, default=0), "slicesTrimmedMax": max(trimmed, default=0)})
        cohorts.append({"cohort": os.path.basename(root), "rows": rows})

    if args.json:
        print(json.dumps({"synthetic": True, "work": args.work, "cohorts": cohorts}, indent=2))
        return
    print("Dome trim replay (synthetic phantoms; base operating point's kept labels)")
    for c in cohorts:
        print(f"\n{c['cohort']}")
        print(f"{'ratio':>6} {'studies':>8} {'top cut off before':>19} {'after':>6} {'trimmed':>8} {'slices trimmed':>15}")
        for r in c["rows"]:
            span = f"{r['slicesTrimmedMin']}-{r['slicesTrimmedMax']}" if r["trimmed"] else "-"
            print(f"{r['ratio']:>6} {r['studies']:>8} {r['cutOffAtTopBefore']:>19} {r['cutOffAtTopAfter']:>6} {r['trimmed']:>8} {span:>15}")


if __name__ == "__main__":
    main()
