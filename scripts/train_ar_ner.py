#!/usr/bin/env python3
"""Train the Arabic NER model shipped in ``src/chorus/models/ar_ner/`` (two python-crfsuite CRFs on ANERcorp).

Reproducible: the split, the jackknife folds and the trainer are deterministic (L-BFGS, no shuffling;
``--seed`` is recorded and only seeds Python's RNG, which nothing here draws from). About 5 minutes on
two idle cores (seven CRF fits: stage one on each 4/5 of the data and on all of it, then stage two);
on a loaded machine 2-3 times that.

Split: the file is cut into sentences (a sentence ends at a ``.``/``؟``/``!``/``?`` token tagged ``O``);
the LAST 10% of sentences are held out for evaluation, the first 90% train. Taking the tail rather
than every 10th sentence keeps whole news stories out of training, so the score is not inflated by
names repeated within a story. Nothing derived from the held-out tenth is used for training, features,
lexicons or settings: every choice was made with ``--dev``, which trains on the first 8/9 of the
training part and scores its last ninth without reading the held-out tenth.

The shipped model is the 90% model, so its held-out scores (``metadata.json``) are its own.

Usage::

    .venv/bin/python scripts/train_ar_ner.py                 # train on 90%, score the held-out tenth, ship
    .venv/bin/python scripts/train_ar_ner.py --dev           # development run inside the 90% (writes nothing)
    .venv/bin/python scripts/train_ar_ner.py --all           # score the 90% model, then ship a 100% model
    .venv/bin/python scripts/train_ar_ner.py --out /tmp/m    # write elsewhere

The corpus (``anercorp/ANERCorp.train.txt``) is read from ``--data`` (default ``../shared/data``); it is
never copied into the repository, only the trained weights and the word and phrase counts derived
from it are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from chorus.stages.ner_ar import (  # noqa: E402
    FEATURES_VERSION,
    LEXICON_FILE,
    METADATA_FILE,
    MODEL2_FILE,
    MODEL_FILE,
    PHRASES_FILE,
    bio_spans,
    tokenize,
)
from chorus.stages.ner_ar_features import document_features, sentence_features, stage2_features  # noqa: E402
from chorus.stages.ner_ar_lexicons import Gazetteer, Lexicons, NameDictionary  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPUS = Path("anercorp") / "ANERCorp.train.txt"
OUT = REPO / "src" / "chorus" / "models" / "ar_ner"
SEED = 13
PARAMS = {"c1": 0.3, "c2": 0.02, "max_iterations": 200, "feature.possible_transitions": True}
FOLDS = 5
WINDOW = 40
MODEL_FILES = frozenset({MODEL_FILE, MODEL2_FILE, LEXICON_FILE, PHRASES_FILE, METADATA_FILE})
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


def jackknife(sents: Sequence[Sentence], folds: int = FOLDS) -> list[Lexicons]:
    """For each sentence, lexicons counted on the other folds (contiguous blocks, so whole stories)."""
    out: list[Lexicons] = []
    for block, rest in _folds(sents, folds):
        lex = Lexicons.build(rest)
        out.extend([lex] * len(block))
    return out


def _folds(sents: Sequence[Sentence], folds: int) -> list[tuple[list[Sentence], list[Sentence]]]:
    """(block, everything else) for ``folds`` contiguous blocks."""
    size = -(-len(sents) // folds)
    return [(list(sents[k : k + size]), list(sents[:k]) + list(sents[k + size :])) for k in range(0, len(sents), size)]


def _fit(items: Sequence[tuple[list[list[str]], Sequence[str]]], path: Path, params: dict) -> Any:
    """Train one CRF on (features, labels) items, write it to ``path``, return an open tagger."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, tags in items:
        trainer.append(feats, tags)
    trainer.select("lbfgs")
    trainer.set_params(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def train(
    sents: Sequence[Sentence], out: Path, params: dict | None = None, folds: int = FOLDS, window: int = WINDOW
) -> dict[str, float]:
    """Fit both stages on ``sents`` and write the model files into the folder ``out``.

    Every lexicon a sentence's features read (word and phrase counts) is counted without that
    sentence's fold (jackknifing). Stage one is trained ``folds`` more times, each time without one
    block of sentences, to label that block as it would label unseen text; stage two learns from
    those labels (stacking).

    Returns:
        Seconds spent per step and in total.
    """
    params = params or PARAMS
    gaz, names = Gazetteer.packaged(), NameDictionary.packaged()
    t0 = time.perf_counter()
    secs: dict[str, float] = {}
    first_labels: list[list[str]] = []
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as td:
        work = Path(td)
        for k, (block, rest) in enumerate(_folds(sents, folds)):
            items = [
                (sentence_features(w, gaz, lex, names), t) for (w, t), lex in zip(rest, jackknife(rest), strict=True)
            ]
            tagger = _fit(items, work / f"fold{k}.crfsuite", params)
            lex = Lexicons.build(rest)
            first_labels += [list(tagger.tag(sentence_features(w, gaz, lex, names))) for w, _ in block]
            tagger.close()
        secs["stage1_folds"] = time.perf_counter() - t0
        lexes = jackknife(sents)
        first = [sentence_features(w, gaz, lex, names) for (w, _), lex in zip(sents, lexes, strict=True)]
        _fit(list(zip(first, [t for _, t in sents], strict=True)), out / MODEL_FILE, params).close()
        secs["stage1"] = time.perf_counter() - t0 - secs["stage1_folds"]
        doc = document_features([w for w, _ in sents], first_labels, window)
        items = [(stage2_features(f, d), t) for f, d, (_, t) in zip(first, doc, sents, strict=True)]
        _fit(items, out / MODEL2_FILE, params).close()
    lex = Lexicons.build(sents)
    lex.words.write(out / LEXICON_FILE)
    lex.phrases.write(out / PHRASES_FILE)
    secs["total"] = time.perf_counter() - t0
    secs["stage2"] = secs["total"] - secs["stage1_folds"] - secs["stage1"]
    return secs


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


def evaluate(model: Path, sents: Sequence[Sentence], window: int = WINDOW, two_stage: bool = True) -> dict:
    """Entity-level exact span+type scores (conlleval style), overall and per type, plus tokens per second.

    The sentences are tagged as one document, in order (the second stage reads ``window`` sentences
    either side), with ANERcorp's own spans (no proclitic trimming).
    """
    from chorus.stages.ner_ar import ArabicNER, ArabicNERConfig

    ner = ArabicNER.load(model, ArabicNERConfig(trim_proclitics=False, window=window, two_stage=two_stage))
    t0 = time.perf_counter()
    preds = ner.tag_sentences([words for words, _ in sents])
    secs = time.perf_counter() - t0
    ner.close()
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
    return scores


def print_scores(scores: dict, title: str) -> None:
    """Per-type P/R/F1 table."""
    print(title)
    print(f"  {'type':8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    for t in ("PERS", "ORG", "LOC", "MISC", "overall"):
        s = scores[t]
        print(f"  {t:8} {s['p']:7.4f} {s['r']:7.4f} {s['f1']:7.4f} {s['gold']:6d} {s['pred']:6d}")
    print(f"  tokens {scores['tokens']}, tagging speed {scores['tokens_per_second']} tokens/s (features + CRF)")


def _inner(train_part: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """The development split used for every design choice: the last ninth of the training part."""
    cut = round(len(train_part) * 8 / 9)
    return list(train_part[:cut]), list(train_part[cut:])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding anercorp/ (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="model folder to write (default: %(default)s)")
    ap.add_argument(
        "--all", action="store_true", help="after evaluating the 90%% model, retrain on 100%% and ship that instead"
    )
    ap.add_argument(
        "--dev",
        action="store_true",
        help="development run: train on the first 8/9 of the 90%%, score the last 9th; the held-out tenth is not read",
    )
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--window", type=int, default=WINDOW, help="sentences either side read by stage two")
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
    if args.dev:
        tr, ho = _inner(tr)
    what = "development ninth of the training part" if args.dev else "held-out tenth"
    print(
        f"{len(sents)} sentences: train {len(tr)} ({sum(len(w) for w, _ in tr)} tokens), "
        f"{what} {len(ho)} ({sum(len(w) for w, _ in ho)} tokens, split {args.split})",
        flush=True,
    )
    tmp = args.out.parent / (args.out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    secs = train(tr, tmp, params, window=args.window)
    print(f"trained on {len(tr)} sentences in {secs['total']:.0f} s ({_secs(secs)})", flush=True)
    meta = {
        "name": "chorus Arabic NER (two-stage CRF)",
        "trained": dt.date.today().isoformat(),
        "features_version": FEATURES_VERSION,
        "crfsuite_params": params,
        "jackknife_folds": FOLDS,
        "window": args.window,
        "seed": args.seed,
        "name_dictionary": NameDictionary.packaged().source or None,
        "corpus": "ANERcorp train portion (125,102 tokens), Benajiba, Rosso & Benedí Ruiz 2007",
        "split": f"{args.split}: sentences cut at ./؟/!/? tokens; "
        + ("first 90% train, last 10% held out" if args.split == "tail" else "every 10th sentence held out"),
        "training_seconds": round(secs["total"], 1),
    }
    (tmp / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    first = evaluate(tmp, ho, args.window, two_stage=False)
    one = first["overall"]
    print(f"  (stage one alone: P {one['p']:.4f} R {one['r']:.4f} F1 {one['f1']:.4f})")
    scores = evaluate(tmp, ho, args.window)
    print_scores(scores, f"{what} (entity-level exact span and type):")
    if args.dev:
        shutil.rmtree(tmp)
        print("development run: nothing written")
        return 0
    meta["held_out"] = {
        "sentences": len(ho),
        "tokens": scores["tokens"],
        "scores": scores,
        "stage_one_alone": first["overall"],
    }
    if args.all:
        shutil.rmtree(tmp)
        secs_all = train(sents, tmp, params, window=args.window)
        print(f"retrained on 100% in {secs_all['total']:.0f} s (shipped; the held-out scores are the 90% model's)")
        meta |= {
            "trained_on": "all (100%) sentences; held_out scores are those of the 90% model of the same recipe",
            "training_seconds_100": round(secs_all["total"], 1),
        }
    else:
        meta["trained_on"] = f"90% of sentences, split {args.split} (the held-out scores are this model's own)"
    (tmp / METADATA_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if args.out.exists():
        shutil.rmtree(args.out.parent / (args.out.name + ".old"), ignore_errors=True)
        keep = [f for f in args.out.iterdir() if f.name not in MODEL_FILES]
        for f in keep:  # README.md and anything else that is not a model file stays
            os.replace(f, tmp / f.name)
        os.replace(args.out, args.out.parent / (args.out.name + ".old"))
    os.replace(tmp, args.out)
    shutil.rmtree(args.out.parent / (args.out.name + ".old"), ignore_errors=True)
    sizes = {f.name: f.stat().st_size for f in args.out.iterdir()}
    print(f"wrote {args.out}: " + ", ".join(f"{n} {b / 1e6:.2f} MB" for n, b in sorted(sizes.items())))
    return 0


def _secs(secs: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0f} s" for k, v in secs.items() if k != "total")


if __name__ == "__main__":
    raise SystemExit(main())
