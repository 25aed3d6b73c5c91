#!/usr/bin/env python3
"""The recipe in miniature, in ONE process (torch is imported once: that alone is most of a short run's CPU):
unit checks, a tiny fake export, two segmentation seeds + a resume, both reclassifiers, ONNX export, card checks.
Called by smoke_test.sh. Exit code 0 = pass."""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)


def step(msg):
    print("==", msg, flush=True)


def main():
    import torch
    torch.set_num_threads(2)
    import check_card
    import export_model
    import make_fake_export
    import test_units
    import train_recls
    import train_seg

    step("unit checks")
    for name, fn in vars(test_units).items():
        if name.startswith("test_") and callable(fn):
            fn()
    with tempfile.TemporaryDirectory(prefix="ls-train-smoke.") as w:
        step("fake export")
        for d, n, seed in (("train", 4, 1), ("val", 2, 2)):
            sys.argv = ["make_fake_export.py", os.path.join(w, d), "--studies", str(n), "--seed", str(seed)]
            make_fake_export.main()
        common = ["--train", f"{w}/train", "--val", f"{w}/val", "--device", "cpu", "--threads", "2"]
        seg = common + ["--patch", "16,32,32", "--batch", "1", "--steps-per-epoch", "2"]
        step("segmentation: 2 seeds x 2 steps, then resume seed 1 to step 3")
        for s in (1, 2):
            train_seg.main(seg + ["--out", f"{w}/seg-{s}", "--seed", str(s), "--max-steps", "2"])
        train_seg.main(seg + ["--out", f"{w}/seg-1", "--seed", "1", "--max-steps", "3", "--resume"])
        log = [json.loads(l) for l in open(f"{w}/seg-1/log.jsonl")]
        assert any(e["event"] == "resume" and e["step"] == 2 for e in log), "resume did not continue from step 2"
        assert log[-1]["event"] == "end" and log[-1]["step"] == 3, "resume did not stop at step 3"
        step("reclassifier with and without lesion shuffle: 2 steps each")
        for v in ("shuffle", "noshuffle"):
            train_recls.main(common + ["--out", f"{w}/recls-{v}", "--schemes", v, "--max-steps", "2",
                                       "--steps-per-epoch", "2", "--batch", "2"])
        step("export ONNX + cards")
        export_model.main(["--task", "segmentation", "--runs", f"{w}/seg-1", f"{w}/seg-2", "--val", f"{w}/val",
                           "--out", f"{w}/models/liver-seg", "--name", "liver-seg", "--patch", "16,64,64"])
        for v in ("shuffle", "noshuffle"):
            export_model.main(["--task", "reclassification", "--runs", f"{w}/recls-{v}", "--val", f"{w}/val",
                               "--out", f"{w}/models/recls-{v}", "--name", f"lesion-recls-{v}"])
        step("check cards and ONNX")
        errors = []
        for d in ("liver-seg", "recls-shuffle", "recls-noshuffle"):
            errors += check_card.check(f"{w}/models/{d}")
        card = json.load(open(f"{w}/models/liver-seg/model.json"))
        if sorted(card["training"]["seeds"]) != [1, 2]:
            errors.append(f"segmentation card seeds {card['training']['seeds']}, expected [1, 2]")
        if card["patchSize"] != [16, 64, 64] or card["workingSpacingMm"] != [1.5, 1.5, 5.0]:
            errors.append("card patchSize / workingSpacingMm not recorded")
        for e in errors:
            print("FAIL:", e)
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
