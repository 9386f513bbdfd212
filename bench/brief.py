"""Quality of the brief's key points (the extractive summary part) against human summaries.

    .venv/bin/python bench/brief.py [--data ../shared/data] [--only multiling|multi-news]
        [--languages english,arabic] [--limit N] [--seed 0] [--rows A-B] [--words 250] [--mn-words 260]

Sentence vectors are cached on disk (``~/.cache/chorus-bench/brief-vectors.pkl``, or ``$CHORUS_BENCH_CACHE``),
so a re-run skips the models; ``--rows 0-99`` runs a slice of the Multi-News clusters (A to B inclusive).

- MultiLing 2011 pilot: for every topic whose source texts are present
  (``multiling2011/SourceTexts/M00<topic><text>.<language>``), the key points of the topic's articles
  against the three human summaries ``ModelSummaries/<Language>/M00<topic>.{A,B,C}.250``.
  Best 2011 system, ROUGE-2 F: English 0.182, Arabic 0.128.
- Multi-News validation sample (250 clusters): mean ROUGE-1 F against the human summary
  (Hi-MAP level: 0.44). Each cluster's texts are read through Chorus's own ingest (cleaning, boilerplate,
  language), as a user's scrape would be, and inputs ingest rejects are left out; ``--raw`` uses the texts
  as they are (one segment per line), as this bench did up to 2026-12.

Scores come from the referee (``shared/referee/score.py rouge``, its own code loaded in-process) on
files written to a temporary folder, so the numbers compare with everyone else's.

Variants for the key-point selection study: ``--claims position_weight=0.1,corroboration_weight=0.3``
and ``--brief redundancy=0.5`` override the stage settings; ``--grid claims:position_weight=0,0.3;...``
scores every combination on the same clusters in one pass (vectors computed once). Multi-News means
are reported per split: development = clusters 0-99, held out = 100-249.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import importlib.util
import io
import json
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DiskCachedEncoder, cache_path
from chorus.embed import MultiEncoder
from chorus.model import Article, Segment
from chorus.pipeline import read_articles
from chorus.stages.brief import BriefConfig, key_points
from chorus.stages.claims import ClaimsConfig, build_claims
from chorus.text import content_hash
from chorus.text import sentences as split_article

SHARED = Path(__file__).resolve().parents[2] / "shared"
ISO = {"english": "en", "arabic": "ar", "french": "fr", "czech": "cs", "greek": "el", "hebrew": "he", "hindi": "hi"}
BEST_2011_R2 = {"english": 0.182, "arabic": 0.128}
CACHE = cache_path("brief-vectors.pkl")


def make_article(text: str, language: str, source: str, title: str | None = None) -> Article:
    """One article with a segment per paragraph (non-empty line)."""
    aid = content_hash(text)
    segs = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group(0).strip():
            segs.append(Segment(id=f"{aid}:{len(segs)}", language=language, start=m.start(), end=m.end()))
    return Article(id=aid, source=source, text=text, title=title, outlet=source, segments=tuple(segs))


def ingest_texts(docs: list[str], tmp: Path) -> list[Article]:
    """Texts read by Chorus's own ingest as one JSONL dump (cleaning, boilerplate, language detection),
    as a user's scrape would be; inputs ingest rejects are left out, as a user would not get them."""
    dump = tmp / "cluster.jsonl"
    dump.write_text("".join(json.dumps({"text": d}) + "\n" for d in docs), encoding="utf-8")
    read = read_articles([str(dump)])
    return [replace(a, outlet=f"doc{k}") for k, a in enumerate(read) if isinstance(a, Article)]


def ingest_files(paths: list[Path]) -> list[Article]:
    """Articles read and cleaned by Chorus's own ingest (title, dateline, boilerplate), as a user gets them;
    the file name stands for the outlet (MultiLing names none)."""
    arts = read_articles([str(p) for p in paths])
    return [replace(a, outlet=a.outlet or a.source) for a in arts if isinstance(a, Article)]


Variant = tuple[dict[str, object], dict[str, object]]  # (ClaimsConfig overrides, BriefConfig overrides)
DEV_ROWS = range(0, 100)  # Multi-News development split; 100-249 are held out


def summarize(articles: list[Article], encoder, words: int, variant: Variant = ({}, {}), sents=None) -> str:  # type: ignore[no-untyped-def]
    """The key points text (no headings, no templates), cut to ``words`` words; ``sents`` (sentences per
    article id, as build_claims would split them) saves re-splitting when several variants run."""
    claims, _ = build_claims(articles, sents, [], [], [], encoder, ClaimsConfig(**variant[0]))  # type: ignore[arg-type]
    points = key_points(articles, claims, BriefConfig(max_words=words, fill_budget=True, **variant[1]))  # type: ignore[arg-type]
    return "\n".join(s.text for _, s in points)


class Memo:
    """For grids: the alignment (similarity matrix and clusters) of one cluster's sentences depends on
    none of the salience or brief settings, so it is computed once per cluster and reused by every
    variant (bench only; patched into the claims module, results identical)."""

    def __init__(self) -> None:
        import chorus.stages.claims as mod

        self.mod = mod
        self.similarity, self.cluster = mod.similarity, mod._cluster
        self.sims: dict[object, object] = {}
        self.clusters: dict[object, list[list[int]]] = {}
        mod.similarity = self._similarity  # type: ignore[assignment]
        mod._cluster = self._cluster  # type: ignore[assignment]

    def clear(self) -> None:
        self.sims.clear()
        self.clusters.clear()

    def _similarity(self, units, entities, encoder, cfg):  # type: ignore[no-untyped-def]
        key = (
            tuple((u.sentence.article, u.sentence.start, u.proposition.text, u.language) for u in units),
            cfg.lexical_weight,
            cfg.entity_weight,
            cfg.number_weight,
        )
        if key not in self.sims:
            self.sims[key] = self.similarity(units, entities, encoder, cfg)
        return self.sims[key]

    def _cluster(self, score, threshold, keys=None):  # type: ignore[no-untyped-def]
        key = (id(score), threshold, tuple(keys or ()))
        if key not in self.clusters:
            self.clusters[key] = self.cluster(score, threshold, keys)
        return [list(g) for g in self.clusters[key]]


def _value(text: str) -> object:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def parse_overrides(text: str) -> dict[str, object]:
    """``a=1,b=x`` -> ``{"a": 1, "b": "x"}``."""
    out: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        k, _, v = part.partition("=")
        out[k.strip()] = _value(v.strip())
    return out


def parse_grid(text: str, base: Variant) -> list[Variant]:
    """``claims:position_weight=0,0.3;brief:redundancy=0.5,0.6`` -> every combination over ``base``."""
    import itertools

    axes = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        stage, _, rest = part.partition(":")
        k, _, vs = rest.partition("=")
        axes.append([(stage, k.strip(), _value(v.strip())) for v in vs.split(",")])
    out = []
    for combo in itertools.product(*axes):
        c, b = dict(base[0]), dict(base[1])
        for stage, k, v in combo:
            (c if stage == "claims" else b)[k] = v
        out.append((c, b))
    return out


def label(v: Variant) -> str:
    return " ".join(f"{k}={x}" for k, x in [*v[0].items(), *v[1].items()]) or "current"


_REFEREE = None


def _referee_rouge():  # type: ignore[no-untyped-def]
    """The referee's own ``rouge`` function, loaded once (same code as the subprocess, no start-up cost)."""
    global _REFEREE
    if _REFEREE is None:
        spec = importlib.util.spec_from_file_location("referee_score", SHARED / "referee" / "score.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _REFEREE = mod.rouge
    return _REFEREE


def referee(summary: str, refs: list[Path], tmp: Path) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 F from the referee (its printed output, parsed as from the command line)."""
    path = tmp / "summary.txt"
    path.write_text(summary, encoding="utf-8")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _referee_rouge()(str(path), *map(str, refs))
    out = buf.getvalue()
    r1 = float(re.search(r"ROUGE-1 F ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    r2 = float(re.search(r"ROUGE-2 F ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return r1, r2


def bench_multiling(data: Path, languages: list[str], words: int, encoder, tmp: Path, variant: Variant) -> None:  # type: ignore[no-untyped-def]
    root = data / "multiling2011"
    if not root.is_dir():
        print(f"multiling2011 not found under {data}; skipped")
        return
    print(f"MultiLing 2011 (key points cut to {words} words; referee ROUGE F, mean over 3 human summaries)")
    for lang in languages:
        files = sorted((root / "SourceTexts").glob(f"M00??.{lang}"))
        topics = sorted({f.name[3] for f in files})
        scores = []
        for t in topics:
            refs = sorted((root / "ModelSummaries" / lang.capitalize()).glob(f"M00{t}.*.250"))
            if not refs:
                continue
            arts = ingest_files([f for f in files if f.name[3] == t])
            t0 = time.time()
            summary = summarize(arts, encoder, words, variant)
            r1, r2 = referee(summary, refs, tmp)
            scores.append((r1, r2))
            print(
                f"  {lang:8s} topic {t}: {len(arts)} articles, "
                f"ROUGE-1 {r1:.4f}  ROUGE-2 {r2:.4f}  ({time.time() - t0:.1f} s)"
            )
        if scores:
            m1 = sum(s[0] for s in scores) / len(scores)
            m2 = sum(s[1] for s in scores) / len(scores)
            best = BEST_2011_R2.get(lang)
            note = f"  (best 2011 system ROUGE-2 {best})" if best else ""
            print(f"  {lang:8s} mean over {len(scores)} topic(s): ROUGE-1 {m1:.4f}  ROUGE-2 {m2:.4f}{note}")


def bench_multinews(
    data: Path,
    words: int,
    limit: int | None,
    seed: int,
    encoder,  # type: ignore[no-untyped-def]
    tmp: Path,
    variants: list[Variant],
    rows_range: range | None = None,
    dump: Path | None = None,
    ingest: bool = False,
) -> None:
    path = data / "multi-news" / "sample_validation.csv"
    if not path.is_file():
        print(f"multi-news not found under {data}; skipped")
        return
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    idx = list(range(len(rows)))
    if limit and limit < len(rows):
        idx = sorted(random.Random(seed).sample(idx, limit))
    if rows_range is not None:
        idx = [i for i in idx if i in rows_range]
    print(f"Multi-News validation sample: {len(idx)} of {len(rows)} clusters, key points cut to {words} words")
    t0 = time.time()
    scores: list[dict[int, tuple[float, float]]] = [{} for _ in variants]
    memo = Memo() if len(variants) > 1 else None
    for n, i in enumerate(idx):
        docs = ast.literal_eval(rows[i]["documents"])
        if ingest:
            arts = ingest_texts([d.replace(" \n ", "\n") for d in docs if d.strip()], tmp)
        else:
            arts = [make_article(d.replace(" \n ", "\n"), "en", f"doc{k}") for k, d in enumerate(docs) if d.strip()]
        ref = tmp / "ref.txt"
        ref.write_text(rows[i]["summary"].lstrip("– ").strip(), encoding="utf-8")
        sents = None
        if memo is not None:
            memo.clear()
            sents = {a.id: split_article(a) for a in arts}
        for v, variant in enumerate(variants):
            summary = summarize(arts, encoder, words, variant, sents) if arts else ""
            scores[v][i] = referee(summary, [ref], tmp)
        if (n + 1) % 25 == 0:
            if hasattr(encoder, "save"):
                encoder.save()
            r1s = [x[0] for x in scores[0].values()]
            print(f"  {n + 1} clusters: mean ROUGE-1 {sum(r1s) / len(r1s):.4f}  ({time.time() - t0:.0f} s)", flush=True)
    if hasattr(encoder, "save"):
        encoder.save()

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else float("nan")

    for v, variant in enumerate(variants):
        sc = scores[v]
        parts = []
        for name, keep in (("dev", lambda i: i in DEV_ROWS), ("held", lambda i: i not in DEV_ROWS), ("all", None)):
            sel = [x for i, x in sc.items() if keep is None or keep(i)]
            if sel:
                parts.append(
                    f"{name}({len(sel)}) R1 {mean([x[0] for x in sel]):.4f} R2 {mean([x[1] for x in sel]):.4f}"
                )
        print(f"  multi-news [{label(variant)}]: " + "  ".join(parts), flush=True)
    print(f"  (Hi-MAP ROUGE-1 0.44; {time.time() - t0:.0f} s)")
    if dump is not None:
        with dump.open("a", encoding="utf-8") as f:
            for v, variant in enumerate(variants):
                for i, (r1, r2) in sorted(scores[v].items()):
                    f.write(f"{label(variant)}\t{i}\t{r1:.4f}\t{r2:.4f}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data")
    ap.add_argument("--only", choices=["multiling", "multi-news"])
    ap.add_argument("--languages", default="english,arabic", help="MultiLing languages, comma-separated")
    ap.add_argument("--words", type=int, default=250, help="MultiLing summary length in words")
    ap.add_argument("--mn-words", type=int, default=260, help="Multi-News summary length in words")
    ap.add_argument("--limit", type=int, default=None, help="Multi-News: sample this many clusters")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rows", default=None, help="Multi-News: only clusters A-B (inclusive), e.g. 0-99")
    ap.add_argument("--claims", default="", help="ClaimsConfig overrides, e.g. position_weight=0.1")
    ap.add_argument("--brief", default="", help="BriefConfig overrides, e.g. selection=coverage")
    ap.add_argument("--dump", type=Path, default=None, help="Multi-News: append variant, row, R1, R2 lines here")
    ap.add_argument(
        "--raw", action="store_true", help="Multi-News: use the texts as they are, not read through Chorus's ingest"
    )
    ap.add_argument("--grid", default="", help="Multi-News: score every combination, e.g. claims:figure_weight=0,0.1")
    args = ap.parse_args()
    base: Variant = (parse_overrides(args.claims), parse_overrides(args.brief))
    variants = parse_grid(args.grid, base) if args.grid else [base]
    rows_range = None
    if args.rows:
        a, _, b = args.rows.partition("-")
        rows_range = range(int(a), int(b or a) + 1)
    if not args.data.is_dir() or not (SHARED / "referee" / "score.py").is_file():
        print(f"gold data or referee not found ({args.data}); nothing to measure")
        return
    encoder = DiskCachedEncoder(MultiEncoder(), CACHE)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.only in (None, "multiling"):
            langs = [x.strip() for x in args.languages.split(",") if x.strip() in ISO]
            for variant in variants:
                print(f"[{label(variant)}]")
                bench_multiling(args.data, langs, args.words, encoder, tmp, variant)
            encoder.save()
        if args.only in (None, "multi-news"):
            bench_multinews(
                args.data,
                args.mn_words,
                args.limit,
                args.seed,
                encoder,
                tmp,
                variants,
                rows_range,
                args.dump,
                not args.raw,
            )


if __name__ == "__main__":
    main()
