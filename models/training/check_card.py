#!/usr/bin/env python3
"""Validate a model directory against the model-card contract (docs/formats.md, liverscreen-model-card/1):
card fields and values, sha256 of model.onnx, onnx.checker, graph input/output names, ranks and dynamic axes, and a
real run through Python onnxruntime where it is installed (the C# engine's own test loads it too).
Usage: check_card.py MODEL_DIR [MODEL_DIR ...]   -- exit code 0 when every directory passes.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import CARD_FORMAT, CHANNELS, CLASSES, SEG_CHANNELS, sha256_file  # noqa: E402

REQUIRED = ["format", "name", "version", "sha256", "task", "synthetic", "inputs", "outputs", "axisOrder", "channels",
            "workingSpacingMm", "normalization", "classes", "patchSize", "overlap", "metrics", "training"]


def check(d):
    errors = []
    card_path, onnx_path = os.path.join(d, "model.json"), os.path.join(d, "model.onnx")
    for p in (card_path, onnx_path):
        if not os.path.exists(p):
            return [f"{p}: missing"]
    card = json.load(open(card_path))
    errors += [f"{card_path}: missing field {k}" for k in REQUIRED if k not in card]
    if errors:
        return errors

    def expect(cond, msg):
        if not cond:
            errors.append(f"{card_path}: {msg}")

    expect(card["format"] == CARD_FORMAT, f"format {card['format']!r}")
    expect(card["synthetic"] is True, "synthetic must be true (trained on phantoms)")
    expect(card["task"] in ("segmentation", "reclassification"), f"task {card['task']!r}")
    expect(card["sha256"] == sha256_file(onnx_path), "sha256 does not match model.onnx")
    expect(card["axisOrder"] == "NCZYX", "axisOrder")
    # segmentation: phases + flags (+ LR_position since 0.5.0); reclassification: phases + flags
    expect(card["channels"] == CHANNELS or (card["task"] == "segmentation" and card["channels"] == SEG_CHANNELS),
           f"channels {card['channels']}")
    n_in = len(card["channels"])
    expect(card["classes"] == CLASSES, f"classes {card['classes']}")
    expect(card["normalization"] == {"kind": "window", "minHu": -200, "maxHu": 400}, "normalization")
    expect(card["inputs"] == [{"name": "image", "dtype": "float32", "shape": [-1, n_in, -1, -1, -1]}], "inputs")
    expect(card["outputs"] == [{"name": "probabilities", "dtype": "float32", "shape": [-1, 8, -1, -1, -1]}], "outputs")
    sp = card["workingSpacingMm"]
    expect(isinstance(sp, list) and len(sp) == 3 and all(v > 0 for v in sp), f"workingSpacingMm {sp}")
    ps = card["patchSize"]
    pf = card["training"].get("poolFactor", [1, 1, 1])
    expect(len(ps) == 3 and all(p % f == 0 for p, f in zip(ps, pf)), f"patchSize {ps} not divisible by {pf}")
    expect(0 <= card["overlap"] < 1, "overlap")
    m = card["metrics"]
    for k in ("cohort", "liverDice", "lesionDice", "lesionRecall", "lesionPrecision"):
        expect(k in m, f"metrics.{k} missing")

    def fraction(v, nullable=True):
        return (v is None and nullable) or (isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1)

    expect("synthetic" in str(m.get("cohort", "")).lower(), "metrics.cohort must say the cohort is synthetic phantoms")
    expect(fraction(m.get("liverDice"), nullable=False), f"metrics.liverDice {m.get('liverDice')!r} is not a number in [0, 1]")
    for k in ("lesionRecall", "lesionPrecision"):  # null where the cohort or the predictions hold no lesion
        expect(fraction(m.get(k)), f"metrics.{k} {m.get(k)!r} is not null or a number in [0, 1]")
    ld = m.get("lesionDice")
    expect(isinstance(ld, dict) and all(t in CLASSES[2:] and fraction(v, False) for t, v in ld.items()),
           f"metrics.lesionDice {ld!r} must map lesion types ({', '.join(CLASSES[2:])}) to numbers in [0, 1]")
    t = card["training"]
    for k in ("recipe", "seeds", "selected"):
        expect(k in t, f"training.{k} missing")
    expect(t.get("selected") in t.get("seeds", []), "training.selected not among training.seeds")
    for log in t.get("logs", []):  # the training logs the card cites are committed beside it
        expect(os.path.exists(os.path.join(d, log)), f"training.logs: {log} is not in {d}")

    import onnx
    model = onnx.load(onnx_path)
    try:
        onnx.checker.check_model(model)
    except Exception as ex:  # noqa: BLE001 - report any checker failure as a failed check
        errors.append(f"{onnx_path}: onnx.checker: {ex}")
    expect(any(o.domain in ("", "ai.onnx") and o.version == 17 for o in model.opset_import), "opset is not 17")
    gi = [i for i in model.graph.input if i.name not in {x.name for x in model.graph.initializer}]
    expect([i.name for i in gi] == ["image"], f"graph inputs {[i.name for i in gi]}")
    expect([o.name for o in model.graph.output] == ["probabilities"], "graph output name")
    if gi:
        dims = gi[0].type.tensor_type.shape.dim
        expect(len(dims) == 5 and dims[1].dim_value == n_in, f"input rank 5 with {n_in} channels")
        expect(all(dims[i].dim_param for i in (0, 2, 3, 4)), "batch and spatial axes must be dynamic")
    expect(os.path.getsize(onnx_path) < 25 * 1024 * 1024, "model.onnx over 25 MB")
    try:
        import onnxruntime as ort
    except ImportError:
        print(f"{d}: note: Python onnxruntime not installed, numerical run left to the C# engine test")
        return errors
    x = np.zeros([1, n_in] + [p for p in ps], dtype=np.float32)
    x[:, 0] = -0.5
    x[:, 4] = 1
    y = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"]).run(None, {"image": x})[0]
    expect(y.shape == (1, 8) + tuple(ps), f"onnxruntime output shape {y.shape}")
    expect(np.allclose(y.sum(1), 1, atol=1e-4), "probabilities do not sum to 1")
    return errors


def main():
    dirs = sys.argv[1:]
    if not dirs:
        sys.exit(__doc__)
    bad = 0
    for d in dirs:
        errs = check(d)
        for e in errs:
            print("FAIL:", e)
        print(f"{d}: {'OK' if not errs else 'FAILED'}")
        bad += bool(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
