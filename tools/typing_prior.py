"""Store the prior correction in a trained typing model's meta without retraining.

    python tools/typing_prior.py [configs/train/typing.yaml] [MODEL_DIR]

Training writes ``prior_adjustment`` itself (eventx.models.typing_pipeline.prior_fields); this script serves weights
trained before that existed. It rebuilds the training examples from the config (same seed, same data, so the same
examples), checks their label counts against the ones the training run recorded, and writes the correction.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from eventx.models.typing_pipeline import build_examples, write_prior
from eventx.models.typing_train import TypingTrainConfig, default_output_dir


def main(argv: list[str]) -> int:
    config = Path(argv[0]) if argv else Path("configs/train/typing.yaml")
    folder = Path(argv[1]) if len(argv) > 1 else default_output_dir()
    recorded = json.loads((folder / "typing_train_metrics.json").read_text(encoding="utf-8"))["data"]["train_by_label"]
    rebuilt = Counter(e.label for e in build_examples(TypingTrainConfig.load(config), config_path=config)["train"])
    if dict(sorted(rebuilt.items())) != recorded:
        print("the rebuilt training examples differ from the recorded ones; not writing", file=sys.stderr)
        return 1
    adj = write_prior(config, folder)
    for label, value in adj.items():
        print(f"{value:+.3f}  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
