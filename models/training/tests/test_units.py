#!/usr/bin/env python3
"""Fast checks of the recipe's building blocks: plain functions with asserts (no pytest needed), no PyTorch.

  /usr/bin/python3 models/training/tests/test_units.py                        (prints one line per check)
  /usr/bin/python3 -m unittest discover -s models/training/tests -v          (what CI runs, via LiverScreen.Models.Tests)
"""
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import common  # noqa: E402
import data  # noqa: E402
import metrics  # noqa: E402
import shuffle  # noqa: E402
import unet  # noqa: E402


def test_window_normalisation_maps_minus200_to_minus1_and_400_to_1_and_zeroes_missing_phases():
    img = np.zeros((4, 1, 1, 3), np.float32)
    img[0, 0, 0] = [-1000, 100, 400]
    img[1, 0, 0] = [50, 50, 50]
    x = common.normalise_hu(img, [True, False, True, False])
    assert np.allclose(x[0, 0, 0], [-1, 0, 1])
    assert np.all(x[1] == 0) and np.all(x[5] == 0), "missing phase must be 0 with presence 0"
    assert np.all(x[4] == 1) and np.all(x[6] == 1)


def test_any_lesion_term_rewards_lesion_mass_on_other_lesion_types_over_background():
    """At a Meta voxel, the same Meta and liver probabilities, the remaining 0.5 either on the other lesion types or on
    background: cross-entropy and per-class Dice cannot tell these apart, the any-lesion term must prefer the first."""
    import torch
    target = torch.full((1, 1, 2, 2), 1, dtype=torch.long)
    target[0, 0, 0, 0] = 4
    def logits(rest_on_lesions):
        p = torch.full((1, 8, 1, 2, 2), 1e-4)
        p[:, 1] = 1.0
        p[0, :, 0, 0, 0] = 1e-4
        p[0, 1, 0, 0, 0] = 0.4
        p[0, 4, 0, 0, 0] = 0.1
        if rest_on_lesions:
            p[0, [2, 3, 5, 6, 7], 0, 0, 0] = 0.1
            p[0, 0, 0, 0, 0] = 5e-4  # the other case's five 1e-4: both voxels sum to the same
        else:
            p[0, 0, 0, 0, 0] = 0.5
        return torch.log(p / p.sum(1, keepdim=True))
    w = torch.tensor(common.CLASS_WEIGHTS)
    lesions = common.dice_ce_loss(logits(True), target, w)
    background = common.dice_ce_loss(logits(False), target, w)
    assert abs(lesions[1] - background[1]) < 1e-4, "same cross-entropy by construction"
    assert lesions[2] < background[2] - 0.05, (lesions, background)


def test_hard_negative_voxels_count_as_background_and_cost_more_as_lesion_than_plain_background_does():
    """A mined false positive's voxels (target HARD_NEGATIVE) are background for cross-entropy and Dice, plus a term
    against lesion mass there: calling them HCC must cost more than calling plain background HCC."""
    import torch
    def loss(mark):
        target = torch.ones((1, 1, 2, 2), dtype=torch.long)
        target[0, 0, 0, 0] = 2  # one true HCC voxel so the Dice terms are alike in both cases
        target[0, 0, 1, :] = mark
        logits = torch.zeros((1, 8, 1, 2, 2))
        logits[:, 1] = 2.0
        logits[0, 2, 0, 0, 0] = 4.0
        logits[0, 2, 0, 1, :] = 4.0  # HCC predicted on the marked voxels
        return common.dice_ce_loss(logits, target, torch.tensor(common.CLASS_WEIGHTS))[0]
    assert loss(common.HARD_NEGATIVE) > loss(0) + 1.0
    logits = torch.zeros((1, 8, 1, 1, 1))
    hard = torch.full((1, 1, 1, 1), common.HARD_NEGATIVE, dtype=torch.long)
    assert torch.isfinite(common.dice_ce_loss(logits, hard, torch.tensor(common.CLASS_WEIGHTS))[0])


def test_phase_dropout_always_keeps_nc_and_never_adds_a_missing_phase():
    rng = np.random.default_rng(0)
    for _ in range(500):
        p = data.random_presence(rng, [True, True, True, False])
        assert p[0] and not p[3]


def test_seg2det_links_slices_only_through_in_plane_overlap():
    m = np.zeros((2, 5, 5), bool)
    m[0, 1, 1] = True
    m[1, 2, 2] = True  # diagonal in z: no pixel overlap between slices -> two lesions (paper 002 seg2det)
    from scipy import ndimage
    _, n = ndimage.label(m, metrics.SEG2DET_STRUCTURE)
    assert n == 2
    m[1, 1, 1] = True  # now they overlap in-plane -> one lesion
    _, n = ndimage.label(m, metrics.SEG2DET_STRUCTURE)
    assert n == 1


def test_lesion_recall_and_precision_count_components():
    truth = np.zeros((4, 20, 20), np.uint8)
    truth[1:3, 2:6, 2:6] = 2
    truth[1:3, 12:16, 12:16] = 7
    pred = np.zeros_like(truth)
    pred[1:3, 3:6, 3:6] = 2  # finds lesion 1 with the right type
    pred[1, 17:19, 2:4] = 4  # a false positive
    acc = metrics.SegAccumulator()
    acc.add(pred, truth)
    r = acc.result()
    assert r["lesionRecall"] == 0.5 and r["lesionPrecision"] == 0.5 and r["lesionTypeAccuracy"] == 1.0
    assert "Meta" not in r["lesionDice"], "no Dice for a type absent from the truth"


def _fake(tmp):
    subprocess.check_call([sys.executable, os.path.join(HERE, "make_fake_export.py"), tmp, "--studies", "6",
                           "--seed", "5"], stdout=subprocess.DEVNULL)
    _, studies = common.load_studies(tmp)
    return [s for s in studies if s.lesions]


def test_shuffle_schemes_produce_what_paper_002_fig4_describes():
    with tempfile.TemporaryDirectory() as tmp:
        studies = _fake(tmp)
        assert studies, "fake export must hold lesions"
        rng = np.random.default_rng(1)
        size = (16, 48, 48)
        for scheme in ("OP", "SP", "SN", "ON"):
            for _ in range(6):
                x, y, k = shuffle.sample(rng, studies[rng.integers(len(studies))], size, (scheme,), augment=False,
                                         phase_dropout=False)
                assert k == scheme and x.shape == (8,) + size and y.shape == size
                outside = y == 0
                assert np.all(x[0][outside] == -1.0), "outside the liver reads -1 in present phases"
                if scheme in ("OP", "SP"):
                    assert (y >= 2).any(), f"{scheme} patch holds a lesion"
                if scheme == "SN":
                    assert not (y >= 2).any(), "SN: the lesion is replaced by liver"


def test_batches_draw_schemes_evenly_even_when_most_studies_are_lesion_free():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.check_call([sys.executable, os.path.join(HERE, "make_fake_export.py"), tmp, "--studies", "6",
                               "--seed", "5"], stdout=subprocess.DEVNULL)
        _, studies = common.load_studies(tmp)
        mostly_normal = [s for s in studies if s.lesions][:1] + [s for s in studies if not s.lesions] * 4
        rng = np.random.default_rng(3)
        _, _, sc = shuffle.batch(rng, mostly_normal, (16, 32, 32), 40, shuffle.SCHEMES_NO_SHUFFLE)
        assert sc.count("OP") == 40, "no-shuffle batches must be all original positives"
        _, _, sc = shuffle.batch(rng, mostly_normal, (16, 32, 32), 40, shuffle.SCHEMES_SHUFFLE)
        assert sc.count("ON") < 20


def test_validation_candidates_hold_every_true_lesion():
    with tempfile.TemporaryDirectory() as tmp:
        studies = _fake(tmp)
        cands = shuffle.validation_candidates(studies, (16, 48, 48))
        n_true = sum(len(shuffle.prepare(s)["lesions"]) for s in studies)
        assert sum(c["truth"] for c in cands) == n_true
        assert all(c["cand"].any() for c in cands)


def test_hard_negatives_are_shown_as_the_pipeline_shows_them_and_join_validation_without_changing_the_rest():
    """A mined false positive (mine_negatives.py) mostly lies outside the true liver (a neighbouring organ the network
    called a lesion). Hard ON patches are centred on it with its voxels added to the liver mask (the pipeline masks
    with the predicted liver and lesions), other ON patches draw from the random stream as before, hard_share of a
    batch's ON patches are hard, and validation adds it as a
    seg-fp candidate whose mask is the false positive, while the other candidates stay the same."""
    with tempfile.TemporaryDirectory() as tmp:
        studies = _fake(tmp)
        size = (16, 32, 32)
        before = shuffle.validation_candidates(studies, size)
        s = studies[0]
        lab = s.label
        out = np.argwhere(lab == 0)
        centre = np.round((s.liver_lo + s.liver_hi) / 2).astype(int)
        fp = out[np.argsort(np.abs(out - centre).sum(1))[:6]].astype(np.int32)  # six non-liver voxels near the liver
        del s.recls
        s.hard_negatives = [(fp.mean(0).round().astype(np.int32), fp, 5)]
        idx = shuffle.prepare(s)
        rng = np.random.default_rng(4)
        for _ in range(10):
            x, m, y, c = shuffle.original_negative(rng, s, size, hard=True)
            assert any((c == v).all() for v in fp), "centred on a voxel of the false positive"
            start = np.asarray(c) - np.asarray(size) // 2
            inside = shuffle.component_mask(fp, start, size)
            assert inside.any() and m[inside].all(), "the false positive is inside the mask, so the network sees it"
            assert (y[inside] == common.HARD_NEGATIVE).all(), "and its target is the hard-negative mark"
        a, b = np.random.default_rng(9), np.random.default_rng(9)
        first = [shuffle.original_negative(a, s, size)[3] for _ in range(5)]
        del s.hard_negatives, s.recls
        assert all((p == q).all() for p, q in zip(first, [shuffle.original_negative(b, s, size)[3] for _ in range(5)])), \
            "not hard: the same stream as without mined false positives"
        s.hard_negatives = [(fp.mean(0).round().astype(np.int32), fp, 5)]
        del s.recls
        _, _, sc = shuffle.batch(np.random.default_rng(2), studies, size, 40, ("ON",), hard_share=0.5)
        assert 8 <= sc.count("ON-hard") <= 32 and sc.count("ON-hard") + sc.count("ON") == 40, sc
        after = shuffle.validation_candidates(studies, size, hard_per_study=3)
        extra = [c for c in after if c.get("kind") == "seg-fp"]
        assert len(extra) == 1 and not extra[0]["truth"] and extra[0]["cand"].sum() == 6
        rest = [c for c in after if c.get("kind") != "seg-fp"]
        assert len(rest) == len(before) and all((p["cand"] == q["cand"]).all() for p, q in zip(rest, before))


def test_crop_pads_outside_the_volume():
    a = np.arange(27).reshape(3, 3, 3)
    c = common.crop(a, [-1, -1, -1], [3, 3, 3], -5)
    assert c[0, 0, 0] == -5 and c[1, 1, 1] == a[0, 0, 0]


def test_end_patches_centre_within_ten_slices_of_the_liver_ends_under_the_liver():
    class FakeStudy:
        shape = (60, 64, 64)
        liver_lo, liver_hi = np.array([20, 10, 30]), np.array([41, 40, 60])
        liver_voxels = np.array([[20 + i % 21, 10 + i % 30, 30 + i % 30] for i in range(200)])
        lesion_index = {}
    rng = np.random.default_rng(3)
    cs = np.array([data.pick_centre(rng, FakeStudy(), p_lesion=0, p_liver=0, p_ends=1) for _ in range(2000)])
    below, above = cs[cs[:, 0] <= 22, 0], cs[cs[:, 0] >= 38, 0]
    assert len(below) + len(above) == len(cs), "every centre at one of the two ends"
    assert below.min() >= 10 and above.max() <= 50 and len(below) > 800 and len(above) > 800
    assert ((cs[:, 0] < 20) | (cs[:, 0] > 40)).sum() > 1400, "most centres outside the liver's z range"
    assert cs[:, 1].min() >= 10 and cs[:, 1].max() < 40 and cs[:, 2].min() >= 30, "in-plane under a liver voxel"


def test_organ_patches_centre_on_spleen_or_other_organ_tissue_beside_the_liver():
    raw = np.zeros((30, 64, 64), np.uint8)
    raw[5:25, 20:40, 20:40] = 1          # liver
    raw[5:25, 20:40, 41:50] = 12         # vena cava / gallbladder beside it
    raw[5:25, 0:5, 0:5] = 8              # spleen far outside the liver's box + 15 voxels: never chosen

    class FakeStudy:
        shape = raw.shape
        raw_label = raw
        liver_lo, liver_hi = np.array([5, 20, 20]), np.array([25, 40, 40])
        liver_voxels = np.argwhere(raw == 1)[:500]
        lesion_index = {}
    rng = np.random.default_rng(5)
    cs = np.array([data.pick_centre(rng, FakeStudy(), p_lesion=0, p_liver=0, p_ends=0, p_organ=1) for _ in range(300)])
    labels = raw[tuple(cs.T)]
    assert (labels == 12).mean() > 0.9, np.bincount(labels)
    assert not (labels == 8).any() and (labels != 0).all(), "spleen outside the box is never picked; fallback is liver"


def test_outside_patches_centre_on_body_tissue_in_slices_without_liver():
    image = np.full((4, 40, 32, 32), -1000.0, np.float32)
    image[0, :, 8:24, 8:24] = -100.0     # the body (fat) in every slice; air around it
    image[0, 10:30, 12:20, 12:20] = 60.0  # liver tissue in slices 10..29

    class FakeStudy:
        shape = image.shape[1:]
        image_hu = image
        liver_lo, liver_hi = np.array([10, 12, 12]), np.array([30, 20, 20])
        liver_voxels = np.argwhere(image[0] == 60.0)[:500]
        lesion_index = {}
    rng = np.random.default_rng(7)
    cs = np.array([data.pick_centre(rng, FakeStudy(), p_lesion=0, p_liver=0, p_ends=0, p_outside=1)
                   for _ in range(500)])
    assert ((cs[:, 0] < 10) | (cs[:, 0] >= 30)).all(), "only slices without liver"
    assert (cs[:, 0] < 10).sum() > 150 and (cs[:, 0] >= 30).sum() > 150, "both ends"
    assert (image[0][tuple(cs.T)] > -500).all(), "inside the body, never air"


def test_lr_position_spans_the_body_and_a_flipped_patch_keeps_each_voxels_value():
    nc = np.full((3, 6, 23), -1000.0, np.float32)
    nc[:, 2:5, 4:17] = 40.0                      # body in columns 4..16 (the engine's test uses the same grid)
    assert common.body_x_range(nc) == (4, 16)
    ramp = common.lateral_ramp(-2, 27, (4, 16))  # columns -2 .. 24
    assert abs(ramp[6] + 1) < 1e-6 and abs(ramp[12]) < 1e-6 and abs(ramp[18] - 1) < 1e-6 and abs(ramp[0] + 2) < 1e-6
    x = common.add_position(np.zeros((8, 3, 6, 23), np.float32), 0, (4, 16))
    assert x.shape == (9, 3, 6, 23) and (x[8] == x[8, :1, :1]).all(), "constant over slices and rows"
    assert np.allclose(x[8, 1, 3], common.lateral_ramp(0, 23, (4, 16))) and np.allclose(x[8, 0], x[8, 2])
    rng = np.random.default_rng(0)
    y = np.zeros((3, 6, 23), np.int64)
    y[:, :, 4] = 1                                # a "liver" column at the body's right edge (-1)
    for _ in range(8):                            # flipped or not, the labelled voxels keep LR_position -1
        xa, ya = data.augment_patch(rng, x, y, [True, False, False, False])
        assert np.allclose(xa[8][ya == 1], -1.0)


def test_widened_inputs_start_at_zero_and_compute_what_the_narrower_checkpoint_did():
    import torch
    torch.manual_seed(0)
    narrow = unet.build({**unet.SEG_CONFIG, "in_ch": 8}).eval()
    wide = unet.build({**unet.SEG_CONFIG, "in_ch": 9}).eval()
    wide.load_state_dict(common.widen_inputs(narrow.state_dict(), wide))
    x = torch.randn(1, 8, 4, 16, 16)
    with torch.no_grad():
        a = narrow(x)
        b = wide(torch.cat([x, torch.randn(1, 1, 4, 16, 16)], 1))
    assert torch.allclose(a, b, atol=1e-5), float((a - b).abs().max())


def test_noise_augmentation_adds_about_the_drawn_noise_only_where_the_image_is_not_clipped():
    x = np.zeros((8, 4, 32, 32), np.float32)
    x[0, :, :, :16] = -1.0               # air (clipped at -200 HU)
    x[0, :, :, 16:] = (55 + 200) / 600 * 2 - 1   # liver at 55 HU
    x[4] = 1.0
    y = data.add_noise(np.random.default_rng(2), x.copy(), [True, False, False, False])
    assert (y[0, :, :, :16] == -1).all(), "air stays clipped"
    sd = float((y[0, :, :, 16:] - x[0, :, :, 16:]).std() * 300)
    assert data.NOISE_HU[0] * 0.8 < sd < data.NOISE_HU[1] * 1.1, sd
    assert (y[1:] == x[1:]).all(), "absent phases and presence flags untouched"


def test_type_balanced_batches_draw_each_lesion_type_about_equally_however_many_lesions_it_has():
    class FakeStudy:
        def __init__(self, sid, types):
            self.id, self.lesion_index = sid, {i + 1: (np.zeros((1, 3), np.int32), t) for i, t in enumerate(types)}
            self.recls = {"lesions": self.lesion_index}
    # 20 HCC lesions against one cyst: drawn by lesion, the cyst would be 1 in 21
    studies = [FakeStudy("a", [2] * 12), FakeStudy("b", [2] * 8 + [7])]
    by_type = shuffle.lesions_by_type(studies)
    assert sorted(by_type) == [2, 7] and len(by_type[2]) == 20 and by_type[7] == [(studies[1], 9)]
    drawn = []
    orig = shuffle.sample
    shuffle.sample = lambda rng, s, size, schemes, scheme=None, lid=None, **kw: (
        drawn.append(s.lesion_index[lid][1]) or (np.zeros((8,) + size, np.float32), np.zeros(size, np.int64), scheme))
    try:
        shuffle.batch(np.random.default_rng(4), studies, (2, 2, 2), 400, ("OP",), by_type=by_type)
    finally:
        shuffle.sample = orig
    assert 160 < drawn.count(7) < 240, drawn.count(7)


def test_inverse_share_weights_favour_rare_lesion_types_within_bounds():
    counts = [10 ** 6, 10 ** 5, 4000, 1000, 1000, 250, 1000, 0]
    w = common.inverse_share_weights(counts, base=4.0, cap=16.0)
    assert w[:2] == common.CLASS_WEIGHTS[:2], "background and liver keep their weights"
    assert w[2] == 1.0, "the dominant type: 4 * 1000 / 4000 = 1"
    assert w[3] == w[4] == w[6] == 4.0 and w[5] == 16.0, "median type at base, a quarter of it at base * 4"
    assert w[7] == common.CLASS_WEIGHTS[7], "a type never sampled keeps its weight"
    assert common.inverse_share_weights([1, 1, 10 ** 6, 10 ** 6, 10 ** 6, 1, 1, 1])[5] == 16.0, "capped"


def test_cosine_schedule_falls_from_lr_to_a_twentieth_at_the_nearer_limit():
    import argparse
    run = common.TrainingRun.__new__(common.TrainingRun)
    run.a = argparse.Namespace(lr=1e-3, lr_schedule="cosine", max_steps=1000, time_budget=10.0)
    lrs = []
    for step, elapsed in [(0, 0), (250, 60), (500, 60), (100, 300), (1000, 0), (1500, 900)]:
        run.state = {"step": step, "elapsed_s": elapsed}
        lrs.append(run.learning_rate())
    assert abs(lrs[0] - 1e-3) < 1e-12
    assert lrs[0] > lrs[1] > lrs[2], lrs
    assert abs(lrs[2] - lrs[3]) < 1e-12, "half the steps and half the time budget are the same progress"
    assert abs(lrs[4] - 5e-5) < 1e-12 and abs(lrs[5] - 5e-5) < 1e-12, "ends at lr / 20 and stays there"
    run.a.lr_schedule = "constant"
    assert run.learning_rate() == 1e-3


def load_tests(loader, tests, pattern):
    """unittest's hook: every test_* function above becomes one test case."""
    suite = unittest.TestSuite()
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            suite.addTest(unittest.FunctionTestCase(fn, description=name))
    return suite


if __name__ == "__main__":
    n = 0
    for name, fn in list(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
            n += 1
            print("ok", name)
    print(f"{n} unit checks passed")
