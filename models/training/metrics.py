"""Validation metrics: Dice for the liver and each lesion type, lesion-level recall and precision.

Lesions are separated like paper 002's seg2det: connected components in each axial slice (8-connected), linked
across neighbouring slices when they overlap in-plane -- which is 3D connectivity with an in-plane 3x3 neighbourhood
and only the straight through-plane neighbour. A true lesion is found when a predicted lesion component overlaps it.
"""
import numpy as np
from scipy import ndimage

from common import CLASSES, LESION_TYPES

SEG2DET_STRUCTURE = np.zeros((3, 3, 3), dtype=bool)
SEG2DET_STRUCTURE[1] = True
SEG2DET_STRUCTURE[0, 1, 1] = SEG2DET_STRUCTURE[2, 1, 1] = True


def dice(a, b):
    s = a.sum() + b.sum()
    return float(2.0 * np.logical_and(a, b).sum() / s) if s > 0 else None


class SegAccumulator:
    """Accumulates voxel overlaps over a cohort (Dice pooled over studies) and lesion-level counts."""

    def __init__(self):
        self.inter = np.zeros(len(CLASSES))
        self.sums = np.zeros(len(CLASSES))
        self.tsums = np.zeros(len(CLASSES))
        self.tp = self.fn = self.fp = self.true_label = 0
        self.pred_lesions = 0

    def add(self, pred, truth, truth_instances=None):
        for c in range(1, len(CLASSES)):
            p, t = pred == c, truth == c
            self.inter[c] += np.logical_and(p, t).sum()
            self.sums[c] += p.sum() + t.sum()
            self.tsums[c] += t.sum()
        # lesion level: truth lesions are the export's instances when given, else seg2det of the truth
        if truth_instances is None or truth_instances.max() == 0:
            truth_instances, _ = ndimage.label(truth >= 2, SEG2DET_STRUCTURE)
        pred_cc, npred = ndimage.label(pred >= 2, SEG2DET_STRUCTURE)
        ids = [i for i in np.unique(truth_instances) if i != 0]
        for i in ids:
            m = truth_instances == i
            if (pred_cc[m] > 0).any():
                self.tp += 1
                ttype = np.bincount(truth[m], minlength=len(CLASSES))[2:].argmax() + 2
                ptype = np.bincount(pred[m & (pred >= 2)], minlength=len(CLASSES))[2:].argmax() + 2
                self.true_label += int(ttype == ptype)
            else:
                self.fn += 1
        for j in range(1, npred + 1):
            self.pred_lesions += 1
            if not (truth_instances[pred_cc == j] > 0).any() and not (truth[pred_cc == j] >= 2).any():
                self.fp += 1

    def result(self):
        # Dice per class only where the cohort has truth voxels of that class (a type absent from the validation
        # cohort has no meaningful Dice; its false predictions still count in lesion precision)
        d = {c: (float(2 * self.inter[i] / self.sums[i]) if self.tsums[i] > 0 else None)
             for i, c in enumerate(CLASSES)}
        matched_pred = self.pred_lesions - self.fp
        lesion_inter = self.inter[2:].sum()
        lesion_sum = self.sums[2:].sum()
        return {
            "liverDice": d["liver"],
            "lesionDice": {t: d[t] for t in LESION_TYPES if d[t] is not None},
            "anyLesionTypeDiceMean": float(np.mean([d[t] for t in LESION_TYPES if d[t] is not None]))
            if any(d[t] is not None for t in LESION_TYPES) else None,
            "lesionVoxelDiceTypeAware": float(2 * lesion_inter / lesion_sum) if lesion_sum > 0 else None,
            "lesionRecall": self.tp / (self.tp + self.fn) if self.tp + self.fn else None,
            "lesionPrecision": matched_pred / self.pred_lesions if self.pred_lesions else None,
            "lesionTypeAccuracy": self.true_label / self.tp if self.tp else None,
            "truthLesions": self.tp + self.fn, "predictedLesions": self.pred_lesions, "falsePositiveLesions": self.fp,
        }


def selection_score(r):
    """One number to rank seeds on validation: liver Dice, mean lesion-type Dice and lesion F1 equally weighted."""
    rec, prec = r.get("lesionRecall") or 0.0, r.get("lesionPrecision") or 0.0
    f1 = 2 * rec * prec / (rec + prec) if rec + prec > 0 else 0.0
    return ((r.get("liverDice") or 0.0) + (r.get("anyLesionTypeDiceMean") or 0.0) + f1) / 3.0
