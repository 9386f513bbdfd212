"""Language per paragraph (chorus.stages.language) on real text, against lingua alone per paragraph.

    .venv/bin/python bench/language.py [--data ../shared/data] [--verbose]

1. NTREX-128 (123 news documents, professional translations, one sentence per line): every document in
   every language as an article of one paragraph per line: share of lines given the document's language.
2. The same documents as bilingual files (the English original followed by its translation): share of
   lines right, and share of files that come out as exactly the two segments.
3. Multi-News validation (660 English web articles with scraping leftovers): lines with letters given
   another language than English. Some are real (quoted German, a Russian tweet); ``--verbose`` lists
   them.

Each figure is printed for Chorus (neighbours, main-language check, links taken out) and, as the
baseline in the same run, for lingua alone on each line with the same language set.
"""

from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import read_ntrex
from chorus.stages.language import LanguageConfig, _detector, script_languages, script_of, segment_languages

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def ntrex_docs(data: Path) -> dict[str, dict[str, list[str]]]:
    """Document id -> language -> its lines."""
    return read_ntrex(data)[1]


def chorus_labels(lines: Sequence[str], cfg: LanguageConfig) -> list[str]:
    text, spans, pos = "", [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    text = "\n".join(lines)
    out = []
    for seg in segment_languages(text, spans, "a", cfg):
        out.extend(seg.language for a, b in spans if seg.start <= a and b <= seg.end)
    return out


def lingua_labels(lines: Sequence[str], cfg: LanguageConfig) -> list[str]:
    """lingua alone on each raw line (links included), among the same languages of the line's script."""
    out = []
    for line in lines:
        cands = script_languages(script_of(line), cfg.languages)
        det = _detector(cands) if len(cands) > 1 else None
        found = det.detect_language_of(line[: cfg.max_chars]) if det else None
        out.append(found.iso_code_639_1.name.lower() if found else cands[0] if len(cands) == 1 else "und")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not (args.data / "ntrex128").is_dir():
        print(f"gold data not found under {args.data}: skipping (pass --data)")
        return 0
    cfg = LanguageConfig()
    docs = ntrex_docs(args.data)
    methods = {"chorus": chorus_labels, "lingua alone": lingua_labels}

    print("1. NTREX-128 monolingual: lines given the document's language")
    for name, fn in methods.items():
        right, total = Counter(), Counter()
        for by_lang in docs.values():
            for lang, lines in by_lang.items():
                got = fn(lines, cfg)
                right[lang] += sum(g == lang for g in got)
                total[lang] += len(lines)
        per = "  ".join(f"{k} {right[k] / total[k]:.3f}" for k in sorted(total))
        print(f"  {name:<13} all {sum(right.values()) / sum(total.values()):.4f} | {per}")

    print("2. NTREX-128 bilingual files (English, then the translation)")
    for name, fn in methods.items():
        right = total = two = files = 0
        for by_lang in docs.values():
            for lang, lines in by_lang.items():
                if lang == "en":
                    continue
                both = by_lang["en"] + lines
                gold = ["en"] * len(by_lang["en"]) + [lang] * len(lines)
                got = fn(both, cfg)
                right += sum(g == w for g, w in zip(got, gold, strict=True))
                total += len(gold)
                runs = [g for i, g in enumerate(got) if i == 0 or got[i - 1] != g]
                two += runs == ["en", lang]
                files += 1
        print(f"  {name:<13} lines right {right / total:.4f} | files in exactly two segments {two / files:.3f}")

    mn = args.data / "multi-news" / "sample_validation.csv"
    if mn.is_file():
        csv.field_size_limit(sys.maxsize)
        articles = []
        with mn.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for doc in ast.literal_eval(row["documents"]):
                    lines = [ln.strip() for ln in doc.split("\n") if re.search(r"\w", ln)]
                    if lines:
                        articles.append(lines)
        print(f"3. Multi-News, {sum(map(len, articles))} English lines with letters: lines given another language")
        for name, fn in methods.items():
            off: list[tuple[str, str]] = []
            for lines in articles:
                off.extend((g, ln) for g, ln in zip(fn(lines, cfg), lines, strict=True) if g != "en")
            print(f"  {name:<13} {len(off)} lines ({Counter(g for g, _ in off).most_common(6)})")
            if args.verbose and name == "chorus":
                for g, ln in off:
                    print(f"      {g}: {ln[:100]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
