#!/usr/bin/env python3
"""Train the Arabic NER model shipped in ``src/chorus/models/ar_ner/`` (a python-crfsuite CRF on ANERcorp).

Reproducible: the split and the trainer are deterministic (L-BFGS, no shuffling; ``--seed`` is recorded
and only seeds Python's RNG, which nothing here draws from).

Split: the file is cut into sentences (a sentence ends at a ``.``/``؟``/``!``/``?`` token tagged ``O``);
the LAST 10% of sentences are held out for evaluation, the first 90% train. Taking the tail rather
than every 10th sentence keeps whole news stories out of training, so the score is not inflated by
names repeated within a story.

Usage::

    .venv/bin/python scripts/train_ar_ner.py                 # train on 90%, evaluate, write the model
    .venv/bin/python scripts/train_ar_ner.py --all           # also evaluate, then retrain on 100% and ship that
    .venv/bin/python scripts/train_ar_ner.py --out /tmp/m    # write elsewhere

The corpus (``anercorp/ANERCorp.train.txt``) is read from ``--data`` (default ``../shared/data``); it is
never copied into the repository, only the trained weights and a word list derived from them are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from chorus.stages.ner_ar import (  # noqa: E402
    FEATURES_VERSION,
    LEXICON_FILE,
    METADATA_FILE,
    MODEL_FILE,
    Gazetteer,
    WordLexicon,
    bio_spans,
    sentence_features,
    tokenize,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPUS = Path("anercorp") / "ANERCorp.train.txt"
OUT = REPO / "src" / "chorus" / "models" / "ar_ner"
SEED = 13
PARAMS = {"c1": 0.3, "c2": 0.02, "max_iterations": 200, "feature.possible_transitions": True}
_ENDS = frozenset({".", "؟", "!", "?"})
_FIX = {"B-ERS": "B-PERS", "B-PERs": "B-PERS", "IPERS": "I-PERS", "B-OEG": "B-ORG", "B-ORF": "B-ORG"}
_VALID = {f"{b}-{t}" for b in "BI" for t in ("PERS", "ORG", "LOC", "MISC")} | {"O"}

Sentence = tuple[list[str], list[str]]


def clean_tag(tag: str) -> str:
    """Repair the few malformed tags in ANERcorp (``B-ERS``, ``IPERS``, ``b-misc``, ``o``); unknown → ``O``."""
    tag = _FIX.get(tag, tag)
    tag = tag.upper() if tag.upper() in _VALID else tag
    if tag == "B-LOCI-PERS":
        tag = "B-LOC"
    return tag if tag in _VALID else "O"


def read_corpus(path: Path, max_len: int = 150) -> list[Sentence]:
    """ANERcorp ``token TAG`` lines → sentences of (words, tags)."""
    sents: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        word, _, tag = line.rpartition(" ")
        if not word:  # ".O" (no space), a lone tag, or a tag-less word
            if len(tag) > 1 and tag.endswith("O"):
                word, tag = tag[:-1], "O"
            elif clean_tag(tag) != "O" or tag.upper() == "O":
                continue
            else:
                word, tag = tag, "O"
        word = word.strip()
        if not word:
            continue
        tag = clean_tag(tag.strip())
        first = True
        for a, b in tokenize(word) or [(0, len(word))]:
            piece = word[a:b]  # re-cut "(د" or "لوالده،" the way the runtime tokenizer does
            words.append(piece)
            if len(piece) == 1 and not piece.isalnum():
                tags.append("O")
            else:
                tags.append(tag if first else tag.replace("B-", "I-"))
                first = False
        if (word in _ENDS and tags[-1] == "O") or len(words) >= max_len:
            sents.append((words, tags))
            words, tags = [], []
    if words:
        sents.append((words, tags))
    return sents


def split(sents: Sequence[Sentence], how: str = "tail") -> tuple[list[Sentence], list[Sentence]]:
    """Train and held-out sentences: ``tail`` holds out the last 10%, ``every10`` every 10th sentence.

    ``every10`` scores higher because a story's names then appear on both sides; ``tail`` is the honest one.
    """
    if how == "every10":
        return [x for k, x in enumerate(sents) if k % 10 != 9], [x for k, x in enumerate(sents) if k % 10 == 9]
    if how != "tail":
        raise ValueError(f"split must be 'tail' or 'every10', got {how!r}")
    cut = round(len(sents) * 0.9)
    return list(sents[:cut]), list(sents[cut:])


def jackknife(sents: Sequence[Sentence], folds: int = 5) -> list[WordLexicon]:
    """For each sentence, a lexicon counted on the other folds (contiguous blocks, so whole stories)."""
    size = -(-len(sents) // folds)
    blocks = [list(sents[k : k + size]) for k in range(0, len(sents), size)]
    out: list[WordLexicon] = []
    for b, block in enumerate(blocks):
        lex = WordLexicon.build([s for c, other in enumerate(blocks) if c != b for s in other])
        out.extend([lex] * len(block))
    return out


def train(sents: Sequence[Sentence], model_path: Path, params: dict | None = None) -> float:
    """Fit a CRF on ``sents`` and write it to ``model_path``; returns the seconds it took."""
    import pycrfsuite

    t0 = time.perf_counter()
    gaz = Gazetteer.packaged()
    trainer = pycrfsuite.Trainer(verbose=False)
    for (words, tags), lex in zip(sents, jackknife(sents), strict=True):
        trainer.append(sentence_features(words, gaz, lex), tags)
    trainer.select("lbfgs")
    trainer.set_params(params or PARAMS)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    WordLexicon.build(sents).write(model_path.parent / LEXICON_FILE)
    return time.perf_counter() - t0


def entities(sents: Sequence[Sentence] | Sequence[list[str]], tags_of=None) -> set[tuple[int, int, int, str]]:
    """Entity set ``(sentence, first_token, end_token, type)`` for scoring."""
    out = set()
    for k, labels in enumerate(tags_of if tags_of is not None else [t for _, t in sents]):  # type: ignore[misc]
        out.update((k, i, j, t) for i, j, t in bio_spans(labels))
    return out


def prf(gold: set, pred: set) -> tuple[float, float, float]:
    """Precision, recall, F1 of exact matches."""
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(model_path: Path, sents: Sequence[Sentence]) -> dict:
    """Entity-level exact span+type scores (conlleval style), overall and per type, plus tokens per second."""
    from chorus.stages.ner_ar import ArabicNER

    ner = ArabicNER.load(model_path)
    t0 = time.perf_counter()
    preds = [ner.tag_tokens(words) for words, _ in sents]
    secs = time.perf_counter() - t0
    gold, pred = entities(sents), entities([], tags_of=preds)
    scores: dict = {"overall": dict(zip(("p", "r", "f1"), prf(gold, pred), strict=True))}
    scores["overall"].update(gold=len(gold), pred=len(pred))
    for t in ("PERS", "ORG", "LOC", "MISC"):
        g = {x for x in gold if x[3] == t}
        p = {x for x in pred if x[3] == t}
        scores[t] = dict(zip(("p", "r", "f1"), prf(g, p), strict=True)) | {"gold": len(g), "pred": len(p)}
    n_tok = sum(len(w) for w, _ in sents)
    scores["tokens"] = n_tok
    scores["tokens_per_second"] = round(n_tok / secs) if secs else None
    ner.close()
    return scores


def print_scores(scores: dict, title: str) -> None:
    """Per-type P/R/F1 table."""
    print(title)
    print(f"  {'type':8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    for t in ("PERS", "ORG", "LOC", "MISC", "overall"):
        s = scores[t]
        print(f"  {t:8} {s['p']:7.4f} {s['r']:7.4f} {s['f1']:7.4f} {s['gold']:6d} {s['pred']:6d}")
    print(f"  tokens {scores['tokens']}, tagging speed {scores['tokens_per_second']} tokens/s (features + CRF)")


def write_model_dir(out: Path, model_tmp: Path, meta: dict) -> None:
    """Move the model and its lexicon into ``out`` and write the metadata."""
    out.mkdir(parents=True, exist_ok=True)
    os.replace(model_tmp, out / MODEL_FILE)
    os.replace(model_tmp.parent / LEXICON_FILE, out / LEXICON_FILE)
    (out / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding anercorp/ (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="model folder to write (default: %(default)s)")
    ap.add_argument("--all", action="store_true", help="after evaluating, retrain on 100%% and ship that model")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument(
        "--split", choices=("tail", "every10"), default="tail", help="held-out tenth (default: %(default)s)"
    )
    args = ap.parse_args(argv)
    random.seed(args.seed)
    corpus = args.data / CORPUS
    if not corpus.is_file():
        print(f"ANERcorp not found at {corpus}; pass --data FOLDER (the one holding anercorp/)", file=sys.stderr)
        return 1
    params = dict(PARAMS, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    sents = read_corpus(corpus)
    tr, ho = split(sents, args.split)
    print(
        f"{len(sents)} sentences: train {len(tr)} ({sum(len(w) for w, _ in tr)} tokens), "
        f"held out {len(ho)} ({sum(len(w) for w, _ in ho)} tokens, split {args.split})"
    )
    tmp = args.out.parent / (args.out.name + ".tmp") / MODEL_FILE
    secs = train(tr, tmp, params)
    print(f"trained on the 90% in {secs:.0f} s")
    scores = evaluate(tmp, ho)
    print_scores(scores, "held-out tenth (entity-level exact span and type):")
    meta = {
        "name": "chorus Arabic NER (CRF)",
        "trained": dt.date.today().isoformat(),
        "features_version": FEATURES_VERSION,
        "crfsuite_params": params,
        "seed": args.seed,
        "corpus": "ANERcorp train portion (125,102 tokens), Benajiba, Rosso & Benedí Ruiz 2007",
        "split": f"{args.split}: sentences cut at ./؟/!/? tokens; "
        + ("first 90% train, last 10% held out" if args.split == "tail" else "every 10th sentence held out"),
        "held_out": {"sentences": len(ho), "tokens": scores["tokens"], "scores": scores},
        "training_seconds_90": round(secs, 1),
    }
    if args.all:
        secs_all = train(sents, tmp, params)
        print(f"retrained on 100% in {secs_all:.0f} s (shipped; its held-out scores above are from the 90% model)")
        meta |= {"trained_on": "all (100%) sentences", "training_seconds_100": round(secs_all, 1)}
    else:
        meta["trained_on"] = f"90% of sentences, split {args.split} (the held-out scores are this model's own)"
    write_model_dir(args.out, tmp, meta)
    tmp.parent.rmdir()
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(f"wrote {args.out} ({size:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
