"""Story clustering benchmark: quality on gold data (scored by the referee), calibration, throughput.

    python bench/cluster.py                    # quality on every set, plus seeds mixed in
    python bench/cluster.py --no-merge         # the same without the batch merge pass (online pass only)
    python bench/cluster.py --shuffles 0       # skip the shuffled-order rows (3 seeded orders by default)
    python bench/cluster.py --calibrate        # refit the decision rule on the calibration splits, mixed
    python bench/cluster.py --throughput       # articles/s and memory at 1k, 10k, 100k articles

Calibration splits (the only data the weights, the join threshold, the merge regression and the merge
threshold are fitted on): ECB+ topics 1-17, Multi-News validation clusters 0-99, NTREX-128 documents
0-59 (11 languages), clustered together as one batch in ``--orders`` seeded shuffled orders (as crowded
as a user's batch; see ``mixed_batches``).
Held-out splits: ECB+ topics 18-35, Multi-News clusters 100-249, all of MultiLing 2011. Every set is
clustered whole ("all", the targets' measure: all articles mixed together); the held-out and the
calibration rows score the same run restricted to those articles.

Gold data is read from ``../shared/data`` (``--data``); nothing of it is copied into the repository.
Vectors are cached in ``~/.cache/chorus-bench`` (or ``$CHORUS_BENCH_CACHE``) so that re-runs skip the
models. Scores come from the referee (``../shared/referee/score.py clusters``).
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DiskCachedEncoder, cache_path, read_ntrex
from chorus.embed import default_encoder
from chorus.model import Article, Segment
from chorus.pipeline import read_articles
from chorus.stages.cluster import ClusterConfig, StoryClusterer, cluster_articles, event_order
from chorus.stages.cluster_config import DAYS_APART_WEIGHT
from chorus.stages.cluster_features import FEATURE_NAMES, lead_text
from chorus.stages.cluster_merge import MERGE_FEATURE_NAMES
from chorus.text import content_hash

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REFEREE = Path(__file__).resolve().parents[2] / "shared" / "referee" / "score.py"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ML_LANG = {
    "arabic": "ar",
    "czech": "cs",
    "english": "en",
    "french": "fr",
    "greek": "el",
    "hebrew": "he",
    "hindi": "hi",
}
Item = tuple[Article, str]  # (article, gold label)
CACHE = cache_path("cluster-vectors.pkl")


def bench_encoder() -> DiskCachedEncoder:
    return DiskCachedEncoder(default_encoder(), CACHE)


def make_article(
    text: str,
    language: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    source: str = "",
    salt: str = "",
) -> Article:
    """An article with one segment per paragraph (Arabic script -> "ar", else ``language``)."""
    segs, pos = [], 0
    aid = content_hash(salt + text)
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        if not para.strip():
            continue
        lang = language or ("ar" if len(_ARABIC.findall(para)) > len(para) / 4 else "en")
        if segs and segs[-1].language == lang:
            segs[-1] = replace(segs[-1], end=end)
        else:
            segs.append(Segment(id=f"{aid}:{len(segs)}", language=lang, start=start, end=end))
    return Article(id=aid, source=source, text=text, title=title, published=published, segments=tuple(segs))


def load_seeds(data: Path) -> list[Item]:
    out = []
    for path in sorted((data.parent / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.startswith(" date"):
            text = text.split("\n", 1)[1] if "\n" in text else ""
            m = re.match(r" date \S+ ", path.read_text(encoding="utf-8"))
            if m:  # the date line also carries the first sentence in 000/001/002
                text = path.read_text(encoding="utf-8")[m.end() :]
        pub = dt.date(2025, 12, 24) if path.name[:3] in ("000", "001", "002") else None
        out.append((make_article(text, published=pub, source=path.name), "seeds"))
    return out


def load_multiling(data: Path) -> list[Item]:
    """MultiLing 2011 source texts read by Chorus's own ingest, as ``chorus run`` reads them: the title and
    the dateline (in each language) come from the text; the gold label is the topic (``M00AB``: topic A)."""
    root = data / "multiling2011" / "SourceTexts"
    paths = [str(p) for p in sorted(root.glob("M*.*")) if p.suffix[1:] in _ML_LANG]
    return [(a, "ml" + Path(a.source).name[3]) for a in read_articles(paths) if isinstance(a, Article)]


def load_ecbplus(data: Path, topics: range = range(1, 36)) -> list[Item]:
    out = []
    root = data / "ecbplus" / "ECB+"
    for topic in topics:
        for path in sorted((root / str(topic)).glob("*.xml")):
            sents: dict[int, list[str]] = defaultdict(list)
            for m in re.finditer(
                r'<token [^>]*sentence="(\d+)"[^>]*>([^<]*)</token>', path.read_text(encoding="utf-8")
            ):
                sents[int(m[1])].append(m[2].replace("&amp;", "&").replace("&quot;", '"').replace("&apos;", "'"))
            text = "\n".join(" ".join(t) for _, t in sorted(sents.items()))
            kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
            out.append((make_article(text, "en", source=path.name, salt=path.name), f"{topic}_{kind}"))
    return out


def load_multinews(data: Path, rows: range | None = None, rejected: list[Item] | None = None) -> list[Item]:
    """Multi-News validation articles read by Chorus's own ingest (as one JSONL dump, the way a user
    would feed a scrape to ``chorus run``): cleaning, boilerplate and language detection included.
    Articles that ingest rejects (only a crawl notice, only an embed notice) go to ``rejected``, built
    from the raw text, so that scoring can count them as the singletons a user would see."""
    docs: list[tuple[str, str]] = []
    seen = set()
    with open(data / "multi-news" / "sample_validation.csv", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if rows is not None and i not in rows:
                continue
            for doc in ast.literal_eval(row["documents"]):
                doc = re.sub(r"[ \t]*\n[ \t]*", "\n", doc).strip()
                if doc and doc not in seen:
                    seen.add(doc)
                    docs.append((doc, f"mn{i}"))
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "multi-news.jsonl"
        dump.write_text("".join(json.dumps({"text": doc}) + "\n" for doc, _ in docs), encoding="utf-8")
        read = read_articles([str(dump)])
    out = []
    for (doc, label), res in zip(docs, read, strict=True):
        if isinstance(res, Article):
            out.append((res, label))
        elif rejected is not None:
            rejected.append((make_article(doc, "en", source=res.source), label))
    return out


def load_ntrex(data: Path, docs: range | None = None) -> list[Item]:
    order, by_doc = read_ntrex(data)
    keep = order if docs is None else [order[i] for i in docs if i < len(order)]
    out = []
    for lang in dict.fromkeys(lang for d in keep for lang in by_doc[d]):  # the files' order
        for doc in keep:
            lines = by_doc[doc].get(lang)
            if lines:
                art = make_article("\n".join(lines[1:]), lang, lines[0], source=f"{doc}.{lang}", salt=lang)
                out.append((art, "nt" + doc))
    return out


def referee(items: list[Item], pred: dict[str, str], label: str, quiet: bool = False) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        g, p = Path(tmp) / "gold.tsv", Path(tmp) / "pred.tsv"
        g.write_text("".join(f"{a.id}\t{lab}\n" for a, lab in items), encoding="utf-8")
        p.write_text("".join(f"{a.id}\t{pred[a.id]}\n" for a, _ in items), encoding="utf-8")
        res = subprocess.run(
            [sys.executable, str(REFEREE), "clusters", str(g), str(p)], capture_output=True, text=True, check=True
        ).stdout
    nums = dict(zip(("bP", "bR", "bF", "pP", "pR", "pF"), map(float, re.findall(r"\d\.\d{4}", res)), strict=False))
    head = re.search(r"gold clusters (\d+), predicted (\d+)", res)
    if quiet:
        return nums
    print(
        f"  {label:<38} B3 P {nums['bP']:.3f} R {nums['bR']:.3f} F1 {nums['bF']:.3f} | pair F1 {nums['pF']:.3f}"
        f" | gold {head[1]} pred {head[2]}"
    )
    return nums


def shuffled(items: list[Item], refused: list[Item], enc, cfg: ClusterConfig, shuffles: int) -> None:
    """The same set fed in ``shuffles`` seeded random orders. The files list each gold story's articles
    together and carry no dates, which a user's feed or folder does not; since the batch replays a day's
    or the undated articles as a chain of leads (``cluster.similarity_chain``), every order should score
    the same, and this row shows whether it does (before the chain: ECB+ 0.857-0.897, file order 0.909)."""
    if shuffles < 1:
        return
    scores = []
    for run in seeded_orders(items, shuffles):
        pred = with_singletons(cluster_articles([a for a, _ in run], enc, cfg).assignments, refused)
        scores.append(referee(run + refused, pred, "", quiet=True)["bF"])
    label = f"shuffled input, {shuffles} orders"
    print(f"  {label:<38} B3 F1 mean {sum(scores) / len(scores):.3f} (min {min(scores):.3f}, max {max(scores):.3f})")


def quality(data: Path, cfg: ClusterConfig, shuffles: int = 3) -> None:
    enc = bench_encoder()
    seeds = load_seeds(data)
    rejected: list[Item] = []  # inputs ingest refused: no story, so each is scored as a singleton
    sets = {
        "multiling2011": (load_multiling(data), None),
        "ecbplus": (load_ecbplus(data), lambda lab: int(lab.split("_")[0]) >= 18),
        "multi-news": (load_multinews(data, rejected=rejected), lambda lab: int(lab[2:]) >= 100),
    }
    t0 = time.perf_counter()
    res = cluster_articles([a for a, _ in seeds], enc, cfg)
    print(f"seeds alone: {len(set(res.assignments.values()))} story(ies) for 5 articles")
    for name, (items, heldout) in sets.items():
        refused = rejected if name == "multi-news" else []
        print(f"{name}: {len(items)} articles" + (f", {len(refused)} rejected at ingest" if refused else ""))
        for mix in (False, True):
            t = time.perf_counter()
            pred = cluster_articles([a for a, _ in (items + seeds if mix else items)], enc, cfg).assignments
            took = time.perf_counter() - t
            pred = with_singletons(pred, refused)
            run = items + refused + (seeds if mix else [])
            enc.save()
            tag = " + seeds" if mix else ""
            referee(run, pred, f"all{tag} ({took:.1f}s)")
            if mix:
                seed_stories = {pred[a.id] for a, _ in seeds}
                others = sum(1 for a, _ in items if pred[a.id] in seed_stories)
                print(f"    seeds: {len(seed_stories)} story(ies), {others} non-seed article(s) in them")
                continue
            if heldout:
                referee([it for it in run if heldout(it[1])], pred, "held-out split (not calibrated on)")
                referee([it for it in run if not heldout(it[1])], pred, "calibration split")
                shuffled(items, refused, enc, cfg, shuffles)
            langs = Counter(a.language for a, _ in items)
            if len(langs) > 1:
                for lang in sorted(langs):
                    referee([it for it in items if it[0].language == lang], pred, f"  language {lang}")
                by_story: dict[str, set[str]] = defaultdict(set)
                for a, _ in items:
                    by_story[pred[a.id]].add(a.language or "?")
                mono = sum(1 for s in by_story.values() if len(s) == 1)
                print(
                    f"    stories: {len(by_story)}, single-language stories: {mono}, languages per story: "
                    f"{sorted(len(s) for s in by_story.values())}"
                )
    print(f"total {time.perf_counter() - t0:.0f}s")


CALIBRATION = {  # the only data the decision rule is fitted on
    "ecbplus 1-17": lambda data: load_ecbplus(data, range(1, 18)),
    "multi-news 0-99": lambda data: load_multinews(data, range(100)),
    "ntrex 0-59": lambda data: load_ntrex(data, range(60)),
}
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 20)]


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # features, labels, group, gold label of the group


def gold_pairs(items: list[Item], enc, cfg: ClusterConfig) -> Pairs:
    """Replay a batch online (in its input order) with gold placements: features and labels of every
    candidate compared, the index of the article each pair belongs to and that article's gold label."""
    gold = {a.id: lab for a, lab in items}
    arts = event_order([a for a, _ in items])
    cluster_articles(arts, enc, cfg)  # warms the encoder cache in batches
    cl = StoryClusterer(enc, cfg)
    story_gold: dict[str, str] = {}
    X, y, group, owner = [], [], [], []
    for i, art in enumerate(arts):
        cands = cl.score_candidates(art)
        for c in cands:
            X.append(c.features)
            y.append(int(story_gold[c.story_id] == gold[art.id]))
            group.append(i)
            owner.append(gold[art.id])
        target = next((c.story_id for c in cands if story_gold[c.story_id] == gold[art.id]), None)
        if target is None:  # the gold story may be outside the candidates: place it anyway
            target = next((sid for sid, lab in story_gold.items() if lab == gold[art.id] and sid in cl.stories), None)
        asg = cl.assign(art, target)
        story_gold[asg.story_id] = gold[art.id]
    X_ = np.asarray(X, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))
    return X_, np.asarray(y), np.asarray(group), np.asarray(owner, dtype=object)


def merge_pairs(items: list[Item], enc, cfg: ClusterConfig) -> Pairs:
    """The story pairs the merge pass would compare after the online pass over a batch: features,
    labels (the two stories' majority gold labels agree), the index of the story each pair is compared
    from (each unordered pair once) and that story's majority gold label."""
    gold = {a.id: lab for a, lab in items}
    arts = event_order([a for a, _ in items])
    cl = StoryClusterer(enc, replace(cfg, merge_pass=False))
    for art in arts:
        cl.add(art)
    label = {sid: Counter(gold[m] for m in s.members).most_common(1)[0][0] for sid, s in cl.stories.items()}
    X, y, group, owner, seen = [], [], [], [], set()
    for i, sid in enumerate(sorted(cl.stories)):
        for c in cl.merge_candidates(sid):
            pair = tuple(sorted((sid, c.story_id)))
            if pair not in seen:
                seen.add(pair)
                X.append(c.features)
                y.append(int(label[sid] == label[c.story_id]))
                group.append(i)
                owner.append(label[sid])
    X_ = np.asarray(X, dtype=np.float64).reshape(-1, len(MERGE_FEATURE_NAMES))
    return X_, np.asarray(y), np.asarray(group), np.asarray(owner, dtype=object)


def by_split(pairs: Pairs, split_of: dict[str, str], names: list[str]) -> list[Pairs]:
    """The pairs of one mixed batch cut by the calibration split of the article (story) compared from."""
    X, y, g, owner = pairs
    split = np.asarray([split_of[o] for o in owner], dtype=object)
    return [(X[split == n], y[split == n], g[split == n], owner[split == n]) for n in names]


def fit(parts: list[Pairs], mask: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Logistic regression over the pairs of every part (a split of one shuffled batch): each part
    weighs the same, and within a part each article's decision weighs the same however many
    candidates it was compared with."""
    from sklearn.linear_model import LogisticRegression

    parts = [p for p in parts if len(p[1])]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    sw = []
    for _, _t, g, _o in parts:
        per_article = 1.0 / np.bincount(g)[g]
        sw.append(per_article / per_article.sum())
    sw = np.concatenate(sw) * len(y) / len(parts)
    keep = np.ones(X.shape[1], dtype=bool) if mask is None else mask
    model = LogisticRegression(C=10.0, max_iter=10000).fit(X[:, keep], y, sample_weight=sw)
    w = np.zeros(X.shape[1])
    w[keep] = model.coef_[0]
    return w, float(model.intercept_[0])


def b3(items: list[Item], pred: dict[str, str]) -> float:
    """B-cubed F1 by the referee."""
    return referee(items, pred, "", quiet=True)["bF"]


def guard_cost(parts: list[Pairs], cfg: ClusterConfig) -> list[str]:
    """How many gold-positive pairs of each split the template guard would refuse."""
    col = {n: i for i, n in enumerate(FEATURE_NAMES)}
    out = []
    for X, y, _, _ in parts:
        hit = (
            (X[:, col["same_lang"]] == 1)
            & (X[:, col["lead_has"]] == 1)
            & ((X[:, col["main_near"]] >= cfg.guard_sim) | (X[:, col["term_cos"]] >= cfg.guard_terms))
            & (X[:, col["lead_cover"]] < cfg.guard_cover)
            & (X[:, col["story_cover"]] < cfg.guard_cover)
        )
        comparable = (y == 1) & (X[:, col["same_lang"]] == 1) & (X[:, col["lead_has"]] == 1)
        pos, neg = int((hit & (y == 1)).sum()), int((hit & (y == 0)).sum())
        out.append(f"{pos} of {int(comparable.sum())} positives, {neg} negatives")
    return out


def mixed_batches(splits: dict[str, list[Item]], orders: int) -> list[list[Item]]:
    """The calibration splits as ONE batch, in ``orders`` seeded shuffled orders (seeds 0, 1, ...).

    Production batches are crowded: a user's scrape mixes many unrelated stories, each arriving out of
    order. Each split clustered alone in file order is neither, so the merge pass there meets few wrong
    story pairs and every fit lands on a merge threshold the crowded sets punish."""
    return seeded_orders([it for items in splits.values() for it in items], orders)


def seeded_orders(items: list[Item], n: int) -> list[list[Item]]:
    """``items`` in ``n`` shuffled orders, seeds 0, 1, ... (the same orders on every run)."""
    out = []
    for seed in range(n):
        run = list(items)
        random.Random(seed).shuffle(run)
        out.append(run)
    return out


def with_singletons(pred: dict[str, str], refused: list[Item]) -> dict[str, str]:
    """Predictions plus one story of its own for each input ingest refused (what a user would see)."""
    return {**pred, **{a.id: f"rejected:{a.id}" for a, _ in refused}}


def sweep(
    batches: list[list[Item]], splits: dict[str, list[Item]], enc, cfgs: dict[str, ClusterConfig]
) -> tuple[str, float]:
    """B-cubed F1 of each mixed batch for each configuration (in order), averaged over the batches; the
    best one, judged by the mean of each value and its two neighbours, so that a lone spike of the curve
    is not chosen. Each split's score, restricted from the same runs, is printed beside it."""
    means = []
    for label, c in cfgs.items():
        whole, per = [], defaultdict(list)
        for run in batches:
            pred = cluster_articles([a for a, _ in run], enc, c).assignments
            whole.append(b3(run, pred))
            for name, items in splits.items():
                per[name].append(b3(items, pred))
        parts = " ".join(f"{name} {np.mean(f):.3f}" for name, f in per.items())
        print(f"  {label}: B3 F1 mixed {np.mean(whole):.4f}  ({parts})", flush=True)
        means.append(float(np.mean(whole)))
    smooth = [np.mean(means[max(0, i - 1) : i + 2]) for i in range(len(means))]
    best = int(np.argmax(smooth))
    return list(cfgs)[best], means[best]


def calibrate(data: Path, cfg: ClusterConfig, orders: int = 2) -> ClusterConfig:
    """Fit the weights on the calibration splits clustered as one mixed batch (``orders`` seeded shuffles),
    then the join threshold and the merge threshold that maximize that batch's B-cubed F1; print them as
    the constants of ``chorus.stages.cluster_config``."""
    enc = bench_encoder()
    splits = {name: load(data) for name, load in CALIBRATION.items()}
    split_of = {lab: name for name, items in splits.items() for _, lab in items}
    names = list(splits)
    batches = mixed_batches(splits, orders)
    sizes = ", ".join(f"{n} {len(i)}" for n, i in splits.items())
    print(f"calibration: {len(batches[0])} articles in one batch ({sizes}), {orders} orders")
    parts: list[Pairs] = []
    for k, run in enumerate(batches):
        cut = by_split(gold_pairs(run, enc, cfg), split_of, names)
        enc.save()
        parts.extend(cut)
        for name, (_, y, _, _) in zip(names, cut, strict=True):
            print(f"  order {k}, {name}: {len(y)} pairs, {int(y.sum())} positive")
    for name, cost in zip(names, guard_cost(parts[: len(names)], cfg), strict=True):
        print(f"template guard refuses, on {name} (order 0): {cost}")
    w, bias = fit(parts)
    w[FEATURE_NAMES.index("days_apart")] = DAYS_APART_WEIGHT  # no dated calibration data: set by hand
    fitted = replace(cfg, weights=tuple(round(float(v), 2) for v in w), bias=round(bias, 2), merge_pass=False)
    print("join threshold (online pass only):")
    label, f1 = sweep(batches, splits, enc, {f"{t:.2f}": replace(fitted, join_threshold=t) for t in THRESHOLDS})
    fitted = replace(fitted, join_threshold=float(label))
    print("merge pass after it (batch): story pairs left by the online pass")
    mparts: list[Pairs] = []
    for k, run in enumerate(batches):
        cut = by_split(merge_pairs(run, enc, fitted), split_of, names)
        mparts.extend(cut)
        for name, (_, y, _, _) in zip(names, cut, strict=True):
            print(f"  order {k}, {name}: {len(y)} story pairs, {int(y.sum())} of one event")
    mw, mbias = fit(mparts)
    fitted = replace(fitted, merge_weights=tuple(round(float(v), 2) for v in mw), merge_bias=round(mbias, 2))
    merges = {f"{t:.2f}": replace(fitted, merge_pass=True, merge_threshold=t) for t in THRESHOLDS}
    mlabel, mf1 = sweep(batches, splits, enc, merges)
    print("weights:", ", ".join(f"{n}={v:.2f}" for n, v in zip(FEATURE_NAMES, fitted.weights, strict=True)))
    print(f"WEIGHTS = ({', '.join(f'{v:.2f}' for v in fitted.weights)})\nBIAS = {fitted.bias:.2f}")
    print(f"JOIN_THRESHOLD = {fitted.join_threshold:.2f}  # B3 F1 {f1:.4f} on the mixed calibration batch")
    print("merge weights:", ", ".join(f"{n}={v:.2f}" for n, v in zip(MERGE_FEATURE_NAMES, mw, strict=True)))
    print(f"MERGE_WEIGHTS = ({', '.join(f'{v:.2f}' for v in fitted.merge_weights)})")
    print(f"MERGE_BIAS = {fitted.merge_bias:.2f}")
    print(f"MERGE_THRESHOLD = {mlabel}  # B3 F1 {mf1:.4f} with the merge pass ({mf1 - f1:+.4f})")
    return replace(fitted, merge_pass=cfg.merge_pass, merge_threshold=float(mlabel))


def _rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _throughput_child(data: Path, size: int, cfg: ClusterConfig) -> None:
    """One size in a fresh process: a baseline of 1,000 articles, then ``size`` articles (the gold sets
    replayed with dates shifted by 30 days per replay), vectors served from the warm cache."""
    base = [a for a, _ in load_ecbplus(data) + load_multinews(data) + load_multiling(data)]
    enc = bench_encoder()
    cluster_articles(base, enc, cfg)  # warm: embeddings are the encoder's job (cached), not clustering's
    leads = [next(iter(lead_text(a, cfg.lead_chars).values()), "") for a in base]
    enc.encode(leads, language=cfg.bridge_language)  # bridge (e5) vectors the replays may ask for
    enc.save()
    labels = {a.id: i % 97 for i, a in enumerate(base)}

    def replay(n: int) -> list[Article]:
        out, day0 = [], dt.date(2020, 1, 1)
        for i in range(n):
            rep, a = divmod(i, len(base))
            day = day0 + dt.timedelta(days=rep * 30 + labels[base[a].id] % 7)
            aid = hashlib.sha256(f"{rep}:{base[a].id}".encode()).hexdigest()[:16]
            out.append(replace(base[a], id=aid, published=day))  # shares the text, no copy
        return event_order(out)

    def run(arts: list[Article]) -> tuple[float, StoryClusterer]:
        cl = StoryClusterer(enc, cfg)
        t = time.perf_counter()
        for art in arts:
            cl.add(art)
        return time.perf_counter() - t, cl

    base_secs, _ = run(replay(1000))
    arts = replay(size)
    rss0 = _rss_mb()
    enc.misses = 0
    secs, cl = run(arts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    state = json.dumps(cl.export_state())
    print(
        json.dumps(
            {
                "size": size,
                "seconds": secs,
                "rate": size / secs,
                "baseline_rate": 1000 / base_secs,
                "rss_before_mb": rss0,
                "rss_peak_mb": rss,
                "rss_after_mb": _rss_mb(),
                "active": len(cl.stories),
                "archived": len(cl.archived),
                "state_mb": len(state) / 2**20,
                "model_calls": enc.misses,
            }
        )
    )


def throughput(data: Path, sizes: list[int]) -> None:
    """Articles per second of the clustering stage alone and memory, one fresh process per size."""
    print("clustering only (vectors cached); 'vs 1k' = rate / rate of a 1,000-article baseline run in the same process")
    print(
        f"{'articles':>9} {'seconds':>8} {'art/s':>7} {'vs 1k':>6} {'RSS before':>11} {'RSS after':>10}"
        f" {'peak RSS':>9} {'active':>7} {'archived':>9} {'state MB':>9} {'uncached':>9}"
    )
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--data", str(data), "--throughput-child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{r['size']:>9} {r['seconds']:>8.1f} {r['rate']:>7.0f} {r['rate'] / r['baseline_rate']:>6.2f}"
            f" {r['rss_before_mb']:>9.0f}MB {r['rss_after_mb']:>8.0f}MB {r['rss_peak_mb']:>7.0f}MB"
            f" {r['active']:>7} {r['archived']:>9}"
            f" {r['state_mb']:>9.1f} {r['model_calls']:>9}",
            flush=True,
        )
    enc = bench_encoder().inner
    leads = [lead_text(a, 600).get("en", "") for a, _ in load_ecbplus(data, range(1, 3))][:100]
    t = time.perf_counter()
    enc.encode(leads, language="en")
    print(f"for scale: the USE encoder itself embedded {len(leads) / (time.perf_counter() - t):.0f} leads/s here")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--throughput", action="store_true")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--no-merge", action="store_true", help="skip the batch merge pass (online pass only)")
    ap.add_argument("--shuffles", type=int, default=3, help="also score this many shuffled input orders")
    ap.add_argument("--orders", type=int, default=2, help="--calibrate: shuffled orders of the mixed batch")
    ap.add_argument("--throughput-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (args.data / "ecbplus").is_dir():
        sys.exit(f"gold data not found at {args.data}; pass --data (it lives outside the repo)")
    cfg = ClusterConfig(merge_pass=not args.no_merge)
    if args.throughput_child:
        _throughput_child(args.data, args.throughput_child, cfg)
    elif args.calibrate:
        calibrate(args.data, cfg, args.orders)
    elif args.throughput:
        throughput(args.data, [int(s) for s in args.sizes.split(",")])
    else:
        quality(args.data, cfg, args.shuffles)


if __name__ == "__main__":
    main()
