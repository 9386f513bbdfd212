"""Benchmark temporal expressions (chorus.stages.temporal) against gold data.

1. TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT, English, TimeML): every TIMEX3 of type DATE, resolved
   against the document's DCT. Reports strict and relaxed span F1, value accuracy on relaxed matches,
   and value F1 (a value counts when the span overlaps a gold DATE and the TimeML value is equal).
   Predictions: our expressions of kind ``date`` whose TimeML value is a DATE (durations and sets are
   not; neither is a TIME such as ``1998-01-20TEV`` for "this evening" or ``1998-02-11T22:00`` for
   "10 p.m. Wednesday").
   Splits (decided before any AQUAINT result was looked at, never to change): AQUAINT's 73 files,
   sorted by file name, alternate: the 1st, 3rd, 5th, ... (index 0, 2, 4, ...) are **AQUAINT-dev**,
   the 2nd, 4th, ... are **AQUAINT-test**. Alternating keeps both halves a mix of the three sources
   (AP, New York Times, Xinhua: the names sort by source, then date) and of 1998-2000.
   **Development data: TimeBank + AQUAINT-dev** (rules are written looking at their errors;
   ``--verbose`` prints their errors and only theirs). **AQUAINT-test is held out**: only its
   aggregate numbers are printed or looked at, never its individual errors. Caveat: earlier rounds
   of work on this stage looked at AQUAINT as a whole, so AQUAINT-test is not pristine. ``all``
   is TBAQ as a whole (TimeBank, AQUAINT and the one ``testpipeline`` document). The sources differ
   in kind: 132 of TimeBank's 183 documents are Wall Street Journal business news (quarters, fiscal
   years), AQUAINT is AP, New York Times and Xinhua general news annotated by other people; many
   remaining TimeBank errors are annotation inconsistencies (the same "last week" is ``1989-WXX`` in
   WSJ files and ``1998-W08`` in AP ones; "now" is annotated 44 times and left out 14).
2. Microsoft Recognizers-Text Arabic DateParser and DatePeriodParser cases with a value: a case is
   right when the expression covering the expected span has the expected value (dates: the day;
   periods: start and end; their day ranges end on the last day named, their periods on the day
   after, so both readings of our inclusive end are accepted). Each case gives a past and a future resolution; we report
   "either" (the one our tense rule picked may match either) and each one alone.
3. Throughput of ``find_temporal`` (chars/s) on the TBAQ texts and on Arabic seed text.

Scoring goes through the shared referee (``score.py pairs``) so numbers are comparable.

    .venv/bin/python bench/time.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chorus.stages.temporal import TemporalExpression, find_temporal

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TIME_VALUE = re.compile(r"\dT")  # "1998-02-11T22:00", "1998-01-20TEV": a TimeML TIME, not a DATE


def parse_tml(path: Path) -> tuple[str, dt.date, list[tuple[int, int, str, str]]]:
    """Plain text of <TEXT>, the DCT, and gold DATE timexes as (start, end, value, phrase)."""
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<DCT>.*?value=\"(\d{4}-\d\d-\d\d)", raw, re.S)
    if dct_m is None:
        raise ValueError(f"{path}: no DCT")
    dct = dt.date.fromisoformat(dct_m.group(1))
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    out: list[str] = []
    gold: list[tuple[int, int, str, str]] = []
    pos, length = 0, 0
    open_timex: tuple[int, dict[str, str]] | None = None
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1) == "":
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            if attrs.get("type") == "DATE":
                gold.append((start, length, attrs.get("value", ""), ""))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    return text, dct, [(s, e, v, text[s:e]) for s, e, v, _ in gold]


def referee(data: Path, gold_rows: list[tuple[str, str]], pred_rows: list[tuple[str, str]]) -> str:
    script = data.parent / "referee" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        g, p = Path(tmp) / "gold.tsv", Path(tmp) / "pred.tsv"
        g.write_text("".join(f"{a}\t{b}\n" for a, b in gold_rows), encoding="utf-8")
        p.write_text("".join(f"{a}\t{b}\n" for a, b in pred_rows), encoding="utf-8")
        res = subprocess.run([sys.executable, str(script), "pairs", str(g), str(p)], capture_output=True, text=True)
    return res.stdout.strip().replace("\n", " | ")


SUBSETS = {
    "TimeBank": "development",
    "AQUAINT-dev": "development",
    "AQUAINT-test": "held out: aggregate numbers only",
    "all": "TBAQ as a whole",
}


def subset_files(data: Path, subset: str) -> list[Path]:
    """The files of a TBAQ subset; AQUAINT-dev / AQUAINT-test alternate over the sorted file names."""
    root = data / "tempeval3" / "TBAQ-cleaned"
    if subset == "all":
        return sorted(root.glob("*/*.tml"))
    if subset == "TimeBank":
        return sorted((root / "TimeBank").glob("*.tml"))
    aquaint = sorted((root / "AQUAINT").glob("*.tml"), key=lambda p: p.name)
    if subset == "AQUAINT-dev":
        return aquaint[0::2]
    if subset == "AQUAINT-test":
        return aquaint[1::2]
    raise ValueError(f"unknown subset {subset!r}; choose from {', '.join(SUBSETS)}")


def tempeval(data: Path, subset: str, verbose: bool) -> tuple[int, float, float]:
    """Score one TBAQ subset (see ``SUBSETS``); returns chars, seconds, value F1. ``verbose`` prints
    individual errors, and is refused for the held-out AQUAINT-test (and ``all``, which holds it)."""
    if verbose and SUBSETS[subset] != "development":
        raise ValueError(f"{subset} is not development data: its errors are never printed")
    files = subset_files(data, subset)
    strict_g, strict_p, relax_p, value_g, value_p = [], [], [], [], []
    matched = correct = 0
    chars, secs = 0, 0.0
    errors: list[str] = []
    for f in files:
        text, dct, gold = parse_tml(f)
        t0 = time.perf_counter()
        found = find_temporal(text, 0, len(text), "en", dct)
        secs += time.perf_counter() - t0
        chars += len(text)
        preds = [e for e in found if e.kind == "date" and not _TIME_VALUE.search(e.timex or "")]
        doc = f"{f.parent.name}/{f.stem}"
        for s, e, v, _ in gold:
            strict_g.append((doc, f"{s}:{e}"))
            value_g.append((f"{doc}:{s}:{e}", v))
        used: set[int] = set()
        for p in preds:
            strict_p.append((doc, f"{p.start}:{p.end}"))
            hit = next((k for k, (s, e, _, _) in enumerate(gold) if k not in used and p.start < e and s < p.end), None)
            if hit is None:
                relax_p.append((doc, f"{p.start}:{p.end}"))
                value_p.append((f"{doc}:{p.start}:{p.end}", p.timex or ""))
                if verbose:
                    errors.append(f"FP  {doc} {p.phrase!r} -> {p.timex}")
                continue
            used.add(hit)
            s, e, v, phrase = gold[hit]
            relax_p.append((doc, f"{s}:{e}"))
            value_p.append((f"{doc}:{s}:{e}", p.timex or ""))
            matched += 1
            correct += p.timex == v
            if verbose and p.timex != v:
                errors.append(f"VAL {doc} dct={dct} {phrase!r}/{p.phrase!r} gold={v} ours={p.timex}")
        if verbose:
            errors += [f"FN  {doc} {g[3]!r} {g[2]}" for k, g in enumerate(gold) if k not in used]
    print(
        f"TempEval-3 TBAQ {subset}: {len(files)} documents, {len(strict_g)} gold DATE timexes, "
        f"{len(strict_p)} predicted"
    )
    print(f"  strict span : {referee(data, strict_g, strict_p)}")
    print(f"  relaxed span: {referee(data, strict_g, relax_p)}")
    print(f"  value accuracy on relaxed matches: {correct}/{matched} = {correct / max(1, matched):.4f}")
    print(f"  value F1    : {referee(data, value_g, value_p)}")
    if verbose:
        print("\n".join(errors))
    return chars, secs, 2 * correct / max(1, len(strict_g) + len(strict_p))


def _expected(case: dict, which: str) -> tuple[str, str] | None:
    res = case["Results"][0]["Value"].get(which) or {}
    if "date" in res:
        return res["date"], ""
    if "startDate" in res:
        return res["startDate"], res.get("endDate", "")
    return None


def _ours(e: TemporalExpression, period: bool) -> tuple[str, str] | None:
    v = e.value
    if v is None:
        return None
    if not period:
        return (v.start.isoformat(), "") if v.precision == "day" else None
    if v.precision == "range" and v.end is not None:
        last = v.end
    elif v.precision == "month":
        y, m = v.start.year + v.start.month // 12, v.start.month % 12 + 1
        last = dt.date(y, m, 1) - dt.timedelta(days=1)
    elif v.precision == "year":
        last = dt.date(v.start.year, 12, 31)
    else:
        last = v.start
    return v.start.isoformat(), (last + dt.timedelta(days=1)).isoformat()


def recognizers(data: Path, verbose: bool) -> float:
    """Score the Arabic DateParser and DatePeriodParser cases; returns the share right."""
    root = data / "recognizers-datetime" / "Arabic"
    total = right = 0
    for name, period in (("DateParser", False), ("DatePeriodParser", True)):
        cases = json.loads((root / f"{name}.json").read_text(encoding="utf-8-sig"))
        gold, pred = [], []
        n = past_ok = fut_ok = 0
        for k, case in enumerate(cases):
            if not case.get("Results"):
                continue
            past, fut = _expected(case, "PastResolution"), _expected(case, "FutureResolution")
            if past is None and fut is None:
                continue
            n += 1
            text = case["Input"]
            ref = dt.date.fromisoformat(case["Context"]["ReferenceDateTime"][:10])
            r = case["Results"][0]
            s0, s1 = r["Start"], r["Start"] + r["Length"]
            found = [e for e in find_temporal(text, 0, len(text), "ar", ref) if e.kind == "date" and e.value]
            over = [e for e in found if e.start < s1 and s0 < e.end]
            best = max(over or found, key=lambda e: e.end - e.start, default=None)
            ours = _ours(best, period) if best else None
            if period and ours and ours not in (past, fut) and best and best.value and best.value.end:
                # their day ranges end on the last day named ("4 to 22" -> 22), periods one day after
                alt = (ours[0], best.value.end.isoformat())
                ours = alt if alt in (past, fut) else ours
            past_ok += ours == past
            fut_ok += ours == fut
            want = ours if ours in (past, fut) else (past or fut)
            gold.append((f"case{k}", "|".join(want)))  # type: ignore[arg-type]
            pred.append((f"case{k}", "|".join(ours) if ours else "none"))
            if verbose and ours not in (past, fut):
                print(
                    f"  MISS {name} ref={ref} {text!r}: ours={ours} phrase={best and best.phrase!r} "
                    f"past={past} fut={fut}"
                )
        print(f"Recognizers Arabic {name}: {n} cases with a value")
        print(f"  right (past or future resolution): {referee(data, gold, pred)}")
        print(f"  matches the past resolution: {past_ok / max(1, n):.4f}; the future one: {fut_ok / max(1, n):.4f}")
        total += n
        right += sum(g == p for g, p in zip(gold, pred, strict=True))
    print(f"Recognizers Arabic DateParser + DatePeriodParser: {right}/{total} right = {right / max(1, total):.4f}")
    return right / max(1, total)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument(
        "--verbose", action="store_true", help="print every error on the development sets (TimeBank, AQUAINT-dev)"
    )
    ap.add_argument("--only", choices=["tempeval", "recognizers", "all"], default="all")
    args = ap.parse_args()
    if not (args.data / "tempeval3").is_dir() or not (args.data / "recognizers-datetime").is_dir():
        print(f"gold data not found under {args.data}: pass --data DIR (tempeval3/, recognizers-datetime/)")
        return 0
    chars, secs = 0, 0.0
    if args.only in ("tempeval", "all"):
        for subset, role in SUBSETS.items():
            print(f"== {subset} ({role})")
            c, s, _ = tempeval(args.data, subset, args.verbose and role == "development")
            if subset == "all":
                chars, secs = c, s
    if args.only in ("recognizers", "all"):
        recognizers(args.data, args.verbose)
    if secs:
        print(f"Throughput English (TBAQ): {chars} chars in {secs:.2f} s = {chars / secs:,.0f} chars/s")
    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    ar = "\n".join(
        line
        for p in sorted(seeds.glob("*.txt"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if sum("\u0600" <= ch <= "\u06ff" for ch in line) > len(line) / 2
    )
    if ar:
        text = (ar + "\n") * 50
        t0 = time.perf_counter()
        find_temporal(text, 0, len(text), "ar", dt.date(2025, 12, 24))
        s = time.perf_counter() - t0
        print(f"Throughput Arabic (seed text x50): {len(text)} chars in {s:.2f} s = {len(text) / s:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
