#!/usr/bin/env python3
"""Arabic NER quality: entity-level exact span+type P/R/F1 on the held-out tenth of ANERcorp.

The held-out tenth is the LAST 10% of sentences of ``anercorp/ANERCorp.train.txt`` (see
``scripts/train_ar_ner.py``). By default this scores the packaged model (``chorus/models/ar_ner``) without
retraining. The packaged model is trained on the first 90% only, so this IS the honest figure; its
``metadata.json`` ``trained_on`` says so. Should someone ship a 100% model (``train_ar_ner.py --all``),
this script warns that the model has seen the held-out tenth, and ``--train`` rebuilds a 90% model in a
temporary folder and scores that. The held-out sentences are tagged in order as one document (the
second stage reads 40 sentences either side). Scores come from the project referee (``score.py pairs``:
one pair per entity, ``span -> type``), overall and per type, plus tagging speed on raw text.

    .venv/bin/python bench/ner_ar.py [--data ../shared/data] [--model DIR] [--train]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REFEREE = Path(__file__).resolve().parents[2] / "shared" / "referee" / "score.py"
TYPES = ("PERS", "ORG", "LOC", "MISC")


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_ar_ner", REPO / "scripts" / "train_ar_ner.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _referee(gold: list[tuple], pred: list[tuple], tmp: Path, name: str) -> str:
    """Score entity sets with ``score.py pairs`` (item_a = sentence:span, item_b = type)."""
    g, p = tmp / f"gold_{name}.tsv", tmp / f"pred_{name}.tsv"
    g.write_text("".join(f"s{k}:{i}-{j}\t{t}\n" for k, i, j, t in gold), "utf-8")
    p.write_text("".join(f"s{k}:{i}-{j}\t{t}\n" for k, i, j, t in pred), "utf-8")
    out = subprocess.run([sys.executable, str(REFEREE), "pairs", str(g), str(p)], capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1] if out.returncode == 0 else f"referee failed: {out.stderr.strip()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--model", type=Path, default=None, help="model folder (default: the packaged one)")
    ap.add_argument("--train", action="store_true", help="train a fresh 90%% model first and score it")
    ap.add_argument(
        "--split", choices=("tail", "every10"), default="tail", help="held-out tenth (default: %(default)s)"
    )
    args = ap.parse_args()
    corpus = args.data / "anercorp" / "ANERCorp.train.txt"
    if not corpus.is_file():
        print(f"ANERcorp not found at {corpus}; pass --data FOLDER holding anercorp/. Nothing measured.")
        return 0
    if not REFEREE.is_file():
        print(f"referee not found at {REFEREE}; nothing measured.")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    from chorus.stages.ner_ar import ArabicNER, ArabicNERConfig, tokenize

    tr = _trainer()
    train_part, held = tr.split(tr.read_corpus(corpus), args.split)
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        model = args.model
        if args.train:
            model = tmp / "model"
            secs = tr.train(train_part, model)
            meta = {"trained_on": f"90%, split {args.split} (bench --train)"}
            (model / "metadata.json").write_text(json.dumps(meta), "utf-8")
            print(f"trained a 90% model in {secs['total']:.0f} s")
        ner = ArabicNER.load(model, ArabicNERConfig(trim_proclitics=False))
        print(f"model: {model or 'packaged'}; trained_on: {ner.metadata.get('trained_on', '?')}")
        trained_on = str(ner.metadata.get("trained_on", ""))
        if "all" in trained_on or (args.split not in trained_on and not args.train):
            print("WARNING: this model may have seen these held-out sentences; use --train for an honest figure")
            honest = ner.metadata.get("held_out", {}).get("scores", {}).get("overall")
            if honest:
                print(
                    f"  (metadata.json: the 90% model of the same run scored P {honest['p']:.4f} "
                    f"R {honest['r']:.4f} F1 {honest['f1']:.4f} on {ner.metadata.get('split', '?')})"
                )
        t0 = time.perf_counter()
        preds = ner.tag_sentences([words for words, _ in held])  # one document, in order
        secs = time.perf_counter() - t0
        gold, pred = tr.entities(held), tr.entities([], tags_of=preds)
        n_tok = sum(len(w) for w, _ in held)
        print(f"held-out tenth ({args.split}): {len(held)} sentences, {n_tok} tokens, {len(gold)} gold entities")
        print("entity-level exact span+type (referee pairs):")
        for t in (*TYPES, "all"):
            g = [x for x in gold if t in ("all", x[3])]
            p = [x for x in pred if t in ("all", x[3])]
            print(f"  {t:5} {_referee(g, p, tmp, t)}")
        print(f"tagging pre-tokenized sentences: {n_tok / secs:,.0f} tokens/s")
        text = "\n".join(" ".join(w) for w, _ in held)
        t0 = time.perf_counter()
        spans = ner.tag(text)
        secs = time.perf_counter() - t0
        print(
            f"tag() on raw text ({len(tokenize(text))} tokens, {len(spans)} entities): "
            f"{len(tokenize(text)) / secs:,.0f} tokens/s"
        )
        ner.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
