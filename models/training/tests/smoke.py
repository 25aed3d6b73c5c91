#!/usr/bin/env python3
"""The recipe in miniature, in ONE process (torch is imported once: that alone is most of a short run's CPU).

Each trainer runs through its own command line (`main(argv)`): two segmentation seeds, seed 1 stopped and resumed,
the segmentation's false positives mined on both exports, the reclassifier with lesion shuffle (stopped, then
resumed with those hard negatives) and without, then export_all.sh (export_model.py:
ONNX opset 17 + cards; check_card.py), and check_card.py against damaged cards. Then, for each exported model, a reference pair for the C# engine: an input built from a
validation study exactly as the recipe builds it (segmentation: a patch-sized region of the whole volume;
reclassifier: a liver-masked patch centred on a lesion) and the PyTorch eval-mode output of the selected
checkpoint. tests/LiverScreen.Models.Tests runs the same input through OUR engine and compares.

  smoke.py                                   fake export, temp dir (smoke_test.sh)
  smoke.py --train T --val V --work W        a real phantom export (liverscreen synth --export-training), kept in W

Exit code 0 = pass. Synthetic data only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

T0 = time.time()


def step(msg):
    print(f"== [{time.time() - T0:5.1f} s] {msg}", flush=True)


def read_log(run):
    with open(os.path.join(run, "log.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def check_resumed(run, first, total):
    """The log of a run stopped at `first` steps and resumed to `total`: one start, one resume at `first`, epochs
    numbered 1..n with increasing steps and elapsed time, and an end at `total` after each part."""
    log = read_log(run)
    events = [e["event"] for e in log]
    errors = []
    if events.count("start") != 1 or events[0] != "start":
        errors.append(f"{run}: expected one start event first, got {events}")
    resumes = [e for e in log if e["event"] == "resume"]
    if len(resumes) != 1 or resumes[0]["step"] != first:
        errors.append(f"{run}: expected one resume at step {first}, got {resumes}")
    ends = [e["step"] for e in log if e["event"] == "end"]
    if ends != [first, total]:
        errors.append(f"{run}: end events at steps {ends}, expected [{first}, {total}]")
    epochs = [e for e in log if e["event"] == "epoch"]
    if [e["epoch"] for e in epochs] != list(range(1, len(epochs) + 1)):
        errors.append(f"{run}: epochs not numbered 1..n: {[e['epoch'] for e in epochs]}")
    steps = [e["step"] for e in epochs]
    if steps != sorted(set(steps)) or not steps or steps[-1] != total:
        errors.append(f"{run}: epoch steps {steps} not increasing to {total}")
    elapsed = [e["elapsed_s"] for e in epochs]
    if elapsed != sorted(elapsed):
        errors.append(f"{run}: elapsed_s goes backwards across the resume: {elapsed}")
    return errors


def bad_cards_fail(good, bad_root):
    """check_card.check must reject a card that lies about its model, in words that name the problem."""
    import check_card
    cases = {
        "sha256": lambda c: c.update(sha256="0" * 64),
        "classes": lambda c: c.update(classes=c["classes"][::-1]),
        "liverDice": lambda c: c["metrics"].update(liverDice=1.7),
        "synthetic": lambda c: c.update(synthetic=False),
        "training.logs": lambda c: c["training"].update(logs=["training-log-seed99.jsonl"]),
    }
    errors = []
    for word, damage in cases.items():
        d = os.path.join(bad_root, word)
        shutil.copytree(good, d)
        card = json.load(open(os.path.join(d, "model.json")))
        damage(card)
        json.dump(card, open(os.path.join(d, "model.json"), "w"))
        found = check_card.check(d)
        if not any(word.split(".")[0] in e for e in found):
            errors.append(f"check_card accepted a card with a bad {word} (reported: {found})")
    return errors


def region_start(study, patch):
    """A patch-sized region of the volume centred on the liver (clamped inside the volume)."""
    centre = (np.asarray(study.liver_lo) + np.asarray(study.liver_hi)) // 2
    return [int(min(max(c - p // 2, 0), n - p)) for c, p, n in zip(centre, patch, study.shape)]


def write_reference(out, model_dir, run_dir, kind, studies):
    """Writes input.npy [1, 8, *patch], output.npy [1, 8, *patch] (PyTorch eval, softmax) and reference.json."""
    import torch

    import export_model
    import unet
    from common import add_position, apply_presence, body_x_range, takes_position

    card = json.load(open(os.path.join(model_dir, "model.json")))
    patch = card["patchSize"]
    model, state = export_model.load_run(run_dir, torch.device("cpu"))
    if state["seed"] != card["training"]["selected"]:
        raise AssertionError(f"{run_dir} is seed {state['seed']} but the card selected {card['training']['selected']}")
    if kind == "segmentation":
        study = next((s for s in studies if all(n >= p for n, p in zip(s.shape, patch))), None)
        if study is None:
            raise AssertionError(f"no validation study is at least {patch} voxels (z, y, x): shapes "
                                 f"{[s.shape for s in studies]}")
        start = region_start(study, patch)
        region = tuple(slice(s, s + p) for s, p in zip(start, patch))
        x = study.full()[(slice(None),) + region]
        if takes_position(model):
            # the C# test gives the engine this region's HU alone, so LR_position spans the body within the region
            x = add_position(x, 0, body_x_range(study.image_hu[0][region]))
        ref = {"study": study.id, "start": start}
    else:
        import shuffle
        study = next((s for s in studies if s.lesion_index), None)
        if study is None:
            raise AssertionError("no validation study holds a lesion")
        lid = sorted(study.lesion_index)[0]
        vox = study.lesion_index[lid][0]
        centre = [int(v) for v in np.round(vox.mean(0))]
        start = [c - p // 2 for c, p in zip(centre, patch)]  # the engine's PatchBatchInference convention
        x, m, y, _ = shuffle.masked_patch(study, start, patch)
        x, _ = shuffle.finish(x, m, y, study.present)
        ref = {"study": study.id, "centre": centre, "start": start, "lesion": lid}
    x = apply_presence(np.ascontiguousarray(x, dtype=np.float32), study.present)[None]
    with torch.no_grad():
        y = unet.WithSoftmax(model).eval()(torch.from_numpy(x)).numpy()
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "input.npy"), x)
    np.save(os.path.join(out, "output.npy"), y.astype(np.float32))
    ref.update({"model": card["name"], "modelDir": model_dir, "present": study.present, "patch": patch,
                "seed": state["seed"]})
    json.dump(ref, open(os.path.join(out, "reference.json"), "w"), indent=1)


def write_typing_reference(out, typing, val_dir):
    """Features and type probabilities of the first validation lesion, as train_typing.py computes them: the C# test
    computes both with EnhancementFeatures and LesionTypingModel and compares."""
    import train_typing
    os.makedirs(os.path.dirname(out), exist_ok=True)
    manifest = json.load(open(os.path.join(val_dir, "manifest.json")))
    voxel_cc = float(np.prod(manifest["spacingMm"])) / 1000.0
    for e in manifest["studies"]:
        inst = np.load(os.path.join(val_dir, e["instances"]))
        ids = [int(i) for i in np.unique(inst) if i != 0]
        if not ids:
            continue
        image = np.load(os.path.join(val_dir, e["image"]))
        label = np.load(os.path.join(val_dir, e["label"]))
        present = [bool(p) for p in e["phasesPresent"]]
        liver = label == train_typing.LIVER_LABEL
        liver_mean = [float(image[c][liver].mean()) if present[c] else np.nan for c in range(4)]
        f = train_typing.features(image, present, inst == ids[0], liver_mean, voxel_cc)
        z = np.array(typing["weights"]) @ f + np.array(typing["bias"])
        p = np.exp(z - z.max())
        json.dump({"study": e["id"], "lesion": ids[0], "features": [float(v) for v in f],
                   "probabilities": [float(v) for v in p / p.sum()]}, open(out, "w"), indent=1)
        return
    raise AssertionError(f"no validation study of {val_dir} holds a lesion")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", help="training export (default: a tiny fake one, tests/make_fake_export.py)")
    ap.add_argument("--val", help="validation export (with --train)")
    ap.add_argument("--work", help="keep runs, models and references here (default: a temp dir, removed)")
    ap.add_argument("--seg-patch", default="16,32,32", help="segmentation training patch z,y,x (also its card's)")
    ap.add_argument("--recls-patch", default="16,48,48", help="reclassifier patch z,y,x (also its card's)")
    ap.add_argument("--skip-units", action="store_true", help="do not run tests/test_units.py first")
    ap.add_argument("--skip-noshuffle", action="store_true",
                    help="no no-shuffle reclassifier (the same code as the shuffle one with other schemes; saves a "
                         "training run and an export process)")
    a = ap.parse_args(argv)
    if bool(a.train) != bool(a.val):
        ap.error("--train and --val go together")

    import torch
    torch.set_num_threads(2)
    import check_card
    import train_recls
    import train_seg
    from common import load_studies

    if not a.skip_units:
        import test_units
        step("unit checks")
        for name, fn in vars(test_units).items():
            if name.startswith("test_") and callable(fn):
                fn()
    w = a.work or tempfile.mkdtemp(prefix="ls-train-smoke.")
    try:
        os.makedirs(w, exist_ok=True)
        if a.train:
            train_dir, val_dir = a.train, a.val
        else:
            import make_fake_export
            step("fake export")
            train_dir, val_dir = os.path.join(w, "train"), os.path.join(w, "val")
            for d, n, seed in ((train_dir, 4, 1), (val_dir, 2, 2)):
                sys.argv = ["make_fake_export.py", d, "--studies", str(n), "--seed", str(seed)]
                make_fake_export.main()
        common = ["--train", train_dir, "--val", val_dir, "--device", "cpu", "--threads", "2"]
        # --lr-position: the C# engine must build the ninth input as PyTorch saw it (compared at the end)
        seg = common + ["--patch", a.seg_patch, "--batch", "1", "--steps-per-epoch", "2", "--val-max", "1",
                        "--lr-position"]
        errors = []

        step("segmentation: seed 1 to step 2, seed 2 to step 2, seed 1 resumed to step 3 with organ, outside and "
             "noise patches")
        train_seg.main(seg + ["--out", f"{w}/runs/seg-seed1", "--seed", "1", "--max-steps", "2"])
        train_seg.main(seg + ["--out", f"{w}/runs/seg-seed2", "--seed", "2", "--max-steps", "2"])
        train_seg.main(seg + ["--out", f"{w}/runs/seg-seed1", "--seed", "1", "--max-steps", "3", "--resume",
                              "--organ-share", "0.1", "--outside-share", "0.5", "--noise-aug", "1"])
        errors += check_resumed(f"{w}/runs/seg-seed1", 2, 3)

        step("mining the segmentation network's false positives (hard negatives) on both exports")
        import mine_negatives
        hard = {}
        for name, d in (("train", train_dir), ("val", val_dir)):
            hard[name] = f"{w}/runs/hard-negatives-{name}.npz"
            # a 3-step network finds no lesion at the pipeline's scale 3: a huge scale makes every lesion-free
            # liver box one false positive, so stage C below really trains and validates on mined ones
            mine_negatives.main(["--run", f"{w}/runs/seg-seed1", "--export", d, "--out", hard[name],
                                 "--patch", a.seg_patch, "--min-voxels", "1", "--max-voxels", str(10 ** 9),
                                 "--scale", "1e6"])
            if not sum(len(v) for v in mine_negatives.load(hard[name]).values()):
                errors.append(f"mine_negatives.py found no false positive in {d} even at scale 1e6")

        step("reclassifier with lesion shuffle: step 2 (type curriculum stage A), resumed to 3 (stage C, with the "
             "hard negatives)" + ("" if a.skip_noshuffle else "; without: 2 steps"))
        recls = common + ["--patch", a.recls_patch, "--batch", "2", "--steps-per-epoch", "2",
                          "--type-balanced", "--type-weights", "inverse-share"]
        train_recls.main(recls + ["--out", f"{w}/runs/recls-shuffle", "--schemes", "shuffle", "--max-steps", "2",
                                  "--multiphase-only"])
        train_recls.main(recls + ["--out", f"{w}/runs/recls-shuffle", "--schemes", "shuffle", "--max-steps", "3",
                                  "--resume", "--lr", "5e-4", "--hard-negatives", hard["train"],
                                  "--val-hard-negatives", hard["val"]])
        errors += check_resumed(f"{w}/runs/recls-shuffle", 2, 3)
        resumed = [e for e in read_log(f"{w}/runs/recls-shuffle") if e["event"] == "resume"]
        if not resumed or not resumed[0].get("hard_negatives") or not resumed[0].get("val_hard_negatives"):
            errors.append(f"the stage-C resume did not train and validate with the mined false positives: {resumed}")
        last_val = [e for e in read_log(f"{w}/runs/recls-shuffle") if e["event"] == "epoch"][-1]["val"]
        if not last_val.get("segFpCandidates"):
            errors.append(f"stage C validated on no mined false positive: {last_val}")
        if not a.skip_noshuffle:
            train_recls.main(recls + ["--out", f"{w}/runs/recls-noshuffle", "--schemes", "noshuffle", "--max-steps", "2"])

        step("export_all.sh: ONNX (opset 17) + cards + check_card.py")
        env = dict(os.environ, PYTHON=sys.executable, EVAL_MAX="1")
        rc = subprocess.call(["bash", os.path.join(os.path.dirname(HERE), "export_all.sh"), "--train-export", train_dir,
                              "--val-export", val_dir, "--runs", f"{w}/runs", "--models", f"{w}/models",
                              "--seeds", "1 2", "--note", "smoke test: a few steps", "--device", "cpu"], env=env)
        if rc != 0:
            errors.append(f"export_all.sh exited {rc}")
            for e in errors:
                print("FAIL:", e)
            return 1

        typing_path = f"{w}/models/lesion-typing/typing.json"
        if not os.path.exists(typing_path):
            errors.append("export_all.sh did not fit the lesion typing model")
        else:
            typing = json.load(open(typing_path))
            if len(typing["weights"]) != 6 or any(len(r) != 14 for r in typing["weights"]) or len(typing["bias"]) != 6 \
                    or not typing["synthetic"]:
                errors.append(f"lesion typing model: weights {len(typing['weights'])} x "
                              f"{[len(r) for r in typing['weights']]}, bias {len(typing['bias'])}, synthetic "
                              f"{typing['synthetic']} (expected 6 x 14, 6, true)")

            write_typing_reference(f"{w}/reference/lesion-typing.json", typing, val_dir)

        step("check_card.py fails loudly on bad cards")
        expected = ["lesion-recls", "liver-seg"] + ([] if a.skip_noshuffle else ["lesion-recls-noshuffle"])
        missing = [d for d in expected if not os.path.exists(f"{w}/models/{d}/model.json")]
        if missing:
            errors.append(f"export_all.sh did not export {missing}")
        errors += bad_cards_fail(f"{w}/models/liver-seg", f"{w}/bad")
        card = json.load(open(f"{w}/models/liver-seg/model.json"))
        manifest = json.load(open(os.path.join(val_dir, "manifest.json")))
        if sorted(card["training"]["seeds"]) != [1, 2]:
            errors.append(f"segmentation card seeds {card['training']['seeds']}, expected [1, 2]")
        if card["patchSize"] != [int(v) for v in a.seg_patch.split(",")]:
            errors.append(f"card patchSize {card['patchSize']} != the training patch {a.seg_patch}")
        if card["workingSpacingMm"] != manifest["spacingMm"]:
            errors.append(f"card workingSpacingMm {card['workingSpacingMm']} != export {manifest['spacingMm']}")

        sel = card["training"]["selected"]
        step("a run initialised from the exported ONNX (--init model.onnx) starts from the selected checkpoint's weights")
        import common as recipe
        shipped = recipe.onnx_state_dict(f"{w}/models/liver-seg/model.onnx")
        best = torch.load(f"{w}/runs/seg-seed{sel}/best.pt", map_location="cpu", weights_only=False)["model"]
        differ = [k for k in best if k not in shipped or not torch.allclose(best[k].float(), shipped[k].float(), atol=1e-6)]
        if differ or len(shipped) != len(best):
            errors.append(f"ONNX weights differ from best.pt: {differ[:5]} ({len(shipped)} vs {len(best)} tensors)")
        train_seg.main(seg + ["--out", f"{w}/runs/seg-from-onnx", "--init", f"{w}/models/liver-seg/model.onnx",
                              "--max-steps", "1"])
        if not any(e["event"] == "init" for e in read_log(f"{w}/runs/seg-from-onnx")):
            errors.append("the run initialised from ONNX logged no init event")

        step("PyTorch references for the C# engine")
        _, val = load_studies(val_dir)
        write_reference(f"{w}/reference/liver-seg", f"{w}/models/liver-seg", f"{w}/runs/seg-seed{sel}",
                        "segmentation", val)
        write_reference(f"{w}/reference/lesion-recls", f"{w}/models/lesion-recls", f"{w}/runs/recls-shuffle",
                        "reclassification", val)
        for e in errors:
            print("FAIL:", e)
        step("done" if not errors else f"{len(errors)} failures")
        return 1 if errors else 0
    finally:
        if not a.work:
            shutil.rmtree(w, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
