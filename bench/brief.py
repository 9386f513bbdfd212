"""Quality of the brief's key points (the extractive summary part) against human summaries.

    .venv/bin/python bench/brief.py [--data ../shared/data] [--only multiling|multi-news]
        [--languages english,arabic] [--limit N] [--seed 0] [--words 250] [--mn-words 260]

- MultiLing 2011 pilot: for every topic whose source texts are present
  (``multiling2011/SourceTexts/M00<topic><text>.<language>``), the key points of the topic's articles
  against the three human summaries ``ModelSummaries/<Language>/M00<topic>.{A,B,C}.250``.
  Best 2011 system, ROUGE-2 F: English 0.182, Arabic 0.128.
- Multi-News validation sample (250 clusters): mean ROUGE-1 F against the human summary
  (Hi-MAP level: 0.44).

Scores come from the referee (``shared/referee/score.py rouge``), run as a subprocess on files written
to a temporary folder, so the numbers compare with everyone else's.
"""

from __future__ import annotations

import argparse
import ast
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from chorus.embed import MultiEncoder
from chorus.model import Article, Segment
from chorus.pipeline import read_articles
from chorus.stages.brief import BriefConfig, key_points
from chorus.stages.claims import ClaimsConfig, build_claims
from chorus.text import content_hash

SHARED = Path(__file__).resolve().parents[2] / "shared"
ISO = {"english": "en", "arabic": "ar", "french": "fr", "czech": "cs", "greek": "el", "hebrew": "he", "hindi": "hi"}
BEST_2011_R2 = {"english": 0.182, "arabic": 0.128}


def make_article(text: str, language: str, source: str, title: str | None = None) -> Article:
    """One article with a segment per paragraph (non-empty line)."""
    aid = content_hash(text)
    segs = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group(0).strip():
            segs.append(Segment(id=f"{aid}:{len(segs)}", language=language, start=m.start(), end=m.end()))
    return Article(id=aid, source=source, text=text, title=title, outlet=source, segments=tuple(segs))


def ingest_files(paths: list[Path]) -> list[Article]:
    """Articles read and cleaned by Chorus's own ingest (title, dateline, boilerplate), as a user gets them;
    the file name stands for the outlet (MultiLing names none)."""
    arts = read_articles([str(p) for p in paths])
    return [replace(a, outlet=a.outlet or a.source) for a in arts if isinstance(a, Article)]


def summarize(articles: list[Article], encoder: MultiEncoder, words: int) -> str:
    """The key points text (no headings, no templates), cut to ``words`` words."""
    claims, _ = build_claims(articles, None, [], [], [], encoder, ClaimsConfig())
    points = key_points(articles, claims, BriefConfig(max_words=words, fill_budget=True))
    return "\n".join(s.text for _, s in points)


def referee(summary: str, refs: list[Path], tmp: Path) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 F from the referee."""
    path = tmp / "summary.txt"
    path.write_text(summary, encoding="utf-8")
    score = SHARED / "referee" / "score.py"
    out = subprocess.run(
        [sys.executable, str(score), "rouge", str(path), *map(str, refs)], capture_output=True, text=True, check=True
    ).stdout
    r1 = float(re.search(r"ROUGE-1 F ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    r2 = float(re.search(r"ROUGE-2 F ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return r1, r2


def bench_multiling(data: Path, languages: list[str], words: int, encoder: MultiEncoder, tmp: Path) -> None:
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
            summary = summarize(arts, encoder, words)
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


def bench_multinews(data: Path, words: int, limit: int | None, seed: int, encoder: MultiEncoder, tmp: Path) -> None:
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
    print(f"Multi-News validation sample: {len(idx)} of {len(rows)} clusters, key points cut to {words} words")
    t0 = time.time()
    r1s, r2s = [], []
    for n, i in enumerate(idx):
        docs = ast.literal_eval(rows[i]["documents"])
        arts = [make_article(d.replace(" \n ", "\n"), "en", f"doc{k}") for k, d in enumerate(docs) if d.strip()]
        ref = tmp / "ref.txt"
        ref.write_text(rows[i]["summary"].lstrip("– ").strip(), encoding="utf-8")
        summary = summarize(arts, encoder, words) if arts else ""
        r1, r2 = referee(summary, [ref], tmp)
        r1s.append(r1)
        r2s.append(r2)
        if (n + 1) % 50 == 0:
            print(f"  {n + 1} clusters: mean ROUGE-1 {sum(r1s) / len(r1s):.4f}  ({time.time() - t0:.0f} s)")
    print(
        f"  multi-news mean over {len(r1s)} clusters: ROUGE-1 {sum(r1s) / len(r1s):.4f}  "
        f"ROUGE-2 {sum(r2s) / len(r2s):.4f}  (Hi-MAP ROUGE-1 0.44; {time.time() - t0:.0f} s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data")
    ap.add_argument("--only", choices=["multiling", "multi-news"])
    ap.add_argument("--languages", default="english,arabic", help="MultiLing languages, comma-separated")
    ap.add_argument("--words", type=int, default=250, help="MultiLing summary length in words")
    ap.add_argument("--mn-words", type=int, default=260, help="Multi-News summary length in words")
    ap.add_argument("--limit", type=int, default=None, help="Multi-News: sample this many clusters")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not args.data.is_dir() or not (SHARED / "referee" / "score.py").is_file():
        print(f"gold data or referee not found ({args.data}); nothing to measure")
        return
    encoder = MultiEncoder()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.only in (None, "multiling"):
            langs = [x.strip() for x in args.languages.split(",") if x.strip() in ISO]
            bench_multiling(args.data, langs, args.words, encoder, tmp)
        if args.only in (None, "multi-news"):
            bench_multinews(args.data, args.mn_words, args.limit, args.seed, encoder, tmp)


if __name__ == "__main__":
    main()
