"""Ingestion throughput and memory: Chorus's read+clean+language+store against an I/O floor.

The floor, run in the same process on the same files, is: read the bytes, decode UTF-8, hash them and
insert them into an SQLite table. The ratio (Chorus time / floor time) is the number to watch; absolute
articles/s drift with the machine.

Corpus: the Multi-News validation sample (real English news, ../shared/data/multi-news), written out
as one plain-text file per article, repeated with a marker line to reach the requested sizes.

    python bench/ingest.py [--data ../shared/data] [--sizes 1000,5000]
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def load_articles(data: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    path = data / "multi-news" / "sample_validation.csv"
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            docs = ast.literal_eval(row["documents"])
            out.extend(d.replace(" \n \n ", "\n\n").strip() for d in docs if d.strip())
    return out


def write_corpus(articles: list[str], n: int, folder: Path) -> list[Path]:
    paths = []
    for i in range(n):
        p = folder / f"{i:07d}.txt"
        p.write_text(f"{articles[i % len(articles)]}\n\nCopy {i // len(articles)}.\n", encoding="utf-8")
        paths.append(p)
    return paths


def floor(paths: list[Path]) -> float:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, text TEXT)")
    t = time.perf_counter()
    for p in paths:
        text = p.read_bytes().decode("utf-8")
        db.execute("INSERT OR IGNORE INTO t VALUES (?, ?)", (hashlib.sha256(text.encode()).hexdigest(), text))
    db.commit()
    return time.perf_counter() - t


def chorus_ingest(folder: Path, db: Path) -> tuple[float, int]:
    from chorus.config import Settings
    from chorus.pipeline import ingest
    from chorus.store import SQLiteStore

    store = SQLiteStore(db)
    settings = Settings(db=str(db))
    t = time.perf_counter()
    res = ingest([str(folder)], store, settings)
    elapsed = time.perf_counter() - t
    store.close()
    return elapsed, len(res.new_articles)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--sizes", default="1000,5000")
    args = ap.parse_args()
    if not (args.data / "multi-news" / "sample_validation.csv").exists():
        print(f"gold data not found under {args.data}: skipping (pass --data)")
        return 0
    articles = load_articles(args.data)
    # warm up models (lingua) outside the timed region
    from chorus.stages.language import LanguageConfig, detect

    detect("warm up the detector with a sentence", LanguageConfig())
    print(f"{'articles':>9} {'chorus s':>9} {'art/s':>8} {'floor s':>8} {'ratio':>6} {'peak RSS MB':>11}")
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            paths = write_corpus(articles, n, folder)
            base = floor(paths)
            took, stored = chorus_ingest(folder, Path(tmp) / "c.db")
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:>9} {took:>9.2f} {stored / took:>8.0f} {base:>8.3f} {took / base:>6.0f} {rss:>11.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
