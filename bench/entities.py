"""Benchmark the entities stage: cross-script name matching (ANETAC) and throughput (seeds).

Usage:
    .venv/bin/python bench/entities.py [--data ../shared/data] [--seeds ../shared/seeds] [--repeat 20]

1. ANETAC dev (1,002 line-aligned English/Arabic names): for each Arabic name, retrieve its English
   form among all dev English names (and back); prints top-1 accuracy and scores the predicted
   top-1 pairs against the gold pairs with the referee ``pairs`` command.
2. Seeds: the entities of the five seed articles as one story, then articles/s of
   ``extract_entities`` on the seeds repeated ``--repeat`` times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[2] / "shared"


def seed_articles(folder: Path) -> list:
    """The seed files as Articles: one segment per paragraph, ``ar`` when mostly Arabic script."""
    from chorus.model import Article, Segment
    from chorus.stages.entities_names import is_arabic
    from chorus.text import content_hash

    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^ date \S+ ", "", text)  # the crawler's date stamp, not article text
        aid = content_hash(text)
        segs, pos = [], 0
        for para in text.split("\n"):
            if para.strip():
                lang = "ar" if is_arabic(para) else "en"
                segs.append(Segment(id=f"{aid}:{len(segs)}", language=lang, start=pos, end=pos + len(para)))
            pos += len(para) + 1
        published = dt.date(2025, 12, 24) if path.name[:3] in {"000", "001", "002"} else None
        out.append(Article(id=aid, source=str(path), text=text, published=published, segments=tuple(segs)))
    return out


def _referee(gold: list[tuple[str, str]], pred: list[tuple[str, str]], referee: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        g, p = Path(tmp, "gold.tsv"), Path(tmp, "pred.tsv")
        g.write_text("".join(f"{a}\t{b}\n" for a, b in gold), encoding="utf-8")
        p.write_text("".join(f"{a}\t{b}\n" for a, b in pred), encoding="utf-8")
        res = subprocess.run(
            [sys.executable, str(referee), "pairs", str(g), str(p)], capture_output=True, text=True, check=False
        )
        return (res.stdout + res.stderr).strip()


def bench_anetac(data: Path, referee: Path, split: str) -> None:
    import numpy as np

    from chorus.stages.entities_names import cross_script_scores

    folder = data / "anetac"
    if not (folder / f"{split}.en").exists():
        print(f"anetac: {folder} not found, skipped")
        return
    en = (folder / f"{split}.en").read_text(encoding="utf-8").split("\n")
    ar = (folder / f"{split}.ar").read_text(encoding="utf-8").split("\n")
    n = min(len(en), len(ar))
    en, ar = en[:n], ar[:n]
    t0 = time.perf_counter()
    scores = cross_script_scores(ar, en)
    secs = time.perf_counter() - t0
    gold_idx = np.arange(n)
    a2e, e2a = scores.argmax(1), scores.argmax(0)
    # items are line ids so that duplicate names on several lines stay distinct pairs
    gold = [(f"ar{i}", f"en{i}") for i in range(n)]
    print(f"anetac {split}: {n} pairs, scored in {secs:.1f}s ({n / secs:.0f} Arabic names/s incl. romanization)")
    acc_a2e = float((a2e == gold_idx).mean())
    # a retrieved name equal to the gold name (duplicates in the list) counts as right
    acc_a2e_str = float(np.mean([en[j] == en[i] for i, j in enumerate(a2e)]))
    acc_e2a = float((e2a == gold_idx).mean())
    acc_e2a_str = float(np.mean([ar[j] == ar[i] for i, j in enumerate(e2a)]))
    print(f"  Arabic->English top-1 accuracy {acc_a2e:.4f} (same string: {acc_a2e_str:.4f})")
    print("  referee:", _referee(gold, [(f"ar{i}", f"en{j}") for i, j in enumerate(a2e)], referee).replace("\n", " | "))
    print(f"  English->Arabic top-1 accuracy {acc_e2a:.4f} (same string: {acc_e2a_str:.4f})")
    print("  referee:", _referee(gold, [(f"ar{j}", f"en{i}") for i, j in enumerate(e2a)], referee).replace("\n", " | "))


def bench_seeds(seeds: Path, repeat: int) -> None:
    from chorus.stages.entities import EntitiesConfig, extract_entities, load_english

    if not seeds.is_dir():
        print(f"seeds: {seeds} not found, skipped")
        return
    arts = seed_articles(seeds)
    nlp = load_english()
    ner_ar = None
    try:
        from chorus.stages.ner_ar import ArabicNER

        ner_ar = ArabicNER.load()
    except Exception as exc:  # the Arabic model may not be trained yet
        print(f"seeds: Arabic NER unavailable ({exc}); Arabic by gazetteer + title cues")
    cfg = EntitiesConfig()
    ents = extract_entities(arts, nlp, ner_ar, cfg)
    print(f"seeds: {len(arts)} articles -> {len(ents)} entities")
    for e in ents[:15]:
        print(f"  {e.type:8} {e.name!r:32} {len(e.mentions):3} mentions  variants={list(e.variants)[:6]}")
    check_seed_entities(ents)
    t0 = time.perf_counter()
    for _ in range(repeat):
        extract_entities(arts, nlp, ner_ar, cfg)
    secs = time.perf_counter() - t0
    chars = sum(len(a.text) for a in arts) * repeat
    print(f"throughput: {len(arts) * repeat / secs:.1f} articles/s ({chars / secs:,.0f} chars/s), {repeat} runs")


SEED_GROUPS = {
    "Putin": ["Putin", "Vladimir Putin", "بوتين", "فلاديمير بوتين"],
    "al-Shaibani": [
        "Asaad Hassan Al-Shaibani",
        "Assad Hassan al-Shaibani",
        "al-Shaibani",
        "Shaibani",
        "أسعد حسن الشيباني",
    ],
    "Abu Qasra": ["Marhaf Abu Qasra", "Murhaf Abu Qasra", "Mulhaf Abu Kasra", "مرهف أبو قصرة"],
    "Lavrov": ["Sergey Lavrov", "Sergei Lavrov", "Lavrov"],
    "SANA": ["SANA", "Syrian Arab News Agency", "سانا", "وكالة الأنباء السورية"],
    "al-Sharaa": ["Ahmed al-Sharaa", "Ahmed al Sharaa", "Al-Shallah"],
}
SEED_APART = [("Asaad Hassan Al-Shaibani", "Bashar al-Assad"), ("Asaad Hassan Al-Shaibani", "Ahmed al-Sharaa")]


def check_seed_entities(ents: list) -> bool:
    """The seed targets of issue 5: each group of forms is one entity; the pairs stay apart."""
    owner = {v: e for e in ents for v in e.variants}
    ok = True
    for label, forms in SEED_GROUPS.items():
        missing = [f for f in forms if f not in owner]
        ids = {owner[f].id for f in forms if f in owner}
        good = not missing and len(ids) == 1
        ok &= good
        detail = f"missing {missing}" if missing else f"{len(ids)} entit{'y' if len(ids) == 1 else 'ies'}"
        print(f"  {'PASS' if good else 'FAIL'} one entity for {label}: {detail}")
    for a, b in SEED_APART:
        good = a in owner and b in owner and owner[a].id != owner[b].id
        ok &= good
        print(f"  {'PASS' if good else 'FAIL'} {a!r} and {b!r} are two entities")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data", help="the shared gold-data folder")
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds", help="the seed articles folder")
    ap.add_argument("--referee", type=Path, default=SHARED / "referee" / "score.py")
    ap.add_argument("--split", default="dev", choices=["dev"], help="ANETAC split")
    ap.add_argument("--repeat", type=int, default=10, help="seed story repetitions for throughput")
    ap.add_argument("--skip-anetac", action="store_true")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"gold data not found at {args.data}; pass --data (anetac skipped)")
    elif not args.skip_anetac:
        bench_anetac(args.data, args.referee, args.split)
    bench_seeds(args.seeds, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
