"""Relations: duplicates, containment, wire copy, translations (seeds: one SANA dispatch relayed)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from chorus.errors import ConfigError
from chorus.model import Article
from chorus.stages.relations import RelationsConfig, find_relations, verify_near_duplicate
from chorus.stages.relations_align import AlignConfig, align
from chorus.stages.relations_copy import (
    CopyConfig,
    MinHashConfig,
    compare_copies,
    estimate_jaccard,
    lsh_keys,
    minhash_signature,
    prepare,
    shingles,
)
from chorus.stages.relations_units import article_units, unit_sentences
from tests.conftest import SEEDS
from tests.helpers import make_article, one_thread_use

_HEADER = re.compile(r"\A[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]*")
_ARABIC = re.compile("[\u0600-\u06ff]")


def load_seeds() -> dict[str, Article]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        text = _HEADER.sub("", p.read_text(encoding="utf-8")).rstrip()
        pub = dt.date(2025, 12, 24) if p.name[:3] in ("000", "001", "002") else None
        out[p.name[:3]] = make_article(text, published=pub)
    return out


WIRE = (
    "Putin reaffirmed Russia's firm support for Syria, emphasizing the importance of preserving Syria's "
    "territorial integrity and full sovereignty, the agency said. He also reiterated Moscow's rejection of "
    "Israel's repeated violations of Syrian territory, describing them as a direct threat to regional "
    "stability and security, it added."
)


# --- MinHash / LSH ----------------------------------------------------------------------------------


def test_minhash_signature_is_stable_and_ignores_case_and_spacing():
    a = minhash_signature("Putin met the Syrian foreign minister in Moscow on Tuesday.")
    b = minhash_signature("PUTIN  met the Syrian foreign\nminister in Moscow on Tuesday.")
    assert a.dtype == np.uint64 and a.shape == (128,)
    assert np.array_equal(a, b)


def test_lsh_keys_find_near_duplicates_and_separate_unrelated_texts():
    base = WIRE + " " + WIRE.replace("Putin", "The Russian president")
    edited = base.replace("firm support", "steadfast support")
    other = "The central bank raised interest rates by half a point on Thursday, citing inflation worries."
    keys = [set(lsh_keys(minhash_signature(t))) for t in (base, edited, other)]
    assert all(len(k) == 16 and all(isinstance(b, int) and len(h) == 16 for b, h in k) for k in keys)
    assert keys[0] & keys[1], "a one-word edit must still share an LSH band"
    assert not keys[0] & keys[2]
    jac_est = estimate_jaccard(minhash_signature(base), minhash_signature(edited))
    sa, sb = shingles(base), shingles(edited)
    assert abs(jac_est - len(sa & sb) / len(sa | sb)) < 0.15


def test_minhash_config_rejects_impossible_banding_with_a_fix():
    with pytest.raises(ConfigError, match=r"bands \* minhash\.rows"):
        MinHashConfig(num_perm=64, bands=16, rows=8)
    with pytest.raises(ConfigError):
        lsh_keys(np.zeros(64, dtype=np.uint64))


# --- copies -----------------------------------------------------------------------------------------


def _copy(text: str, uid: str):
    art = make_article(text)
    unit = article_units(art)[0]
    return prepare(uid, art.text, unit.start, unit.end, unit_sentences(art, unit))


def test_exact_duplicate_survives_whitespace_and_case():
    m = compare_copies(_copy(WIRE, "a"), _copy(WIRE.upper().replace(" ", "  "), "b"), CopyConfig())
    assert m.kind == "exact_duplicate" and m.score == 1.0


def test_containment_is_directional_with_sentence_evidence():
    small = WIRE
    big = "Russian President Vladimir Putin met Syria's foreign minister in Moscow on Tuesday.\n" + WIRE
    m = compare_copies(_copy(big, "big"), _copy(small, "small"), CopyConfig())
    assert (m.kind, m.a, m.b) == ("contained", "small", "big")
    assert len(m.evidence) == 2
    a_start, a_end, b_start, b_end = m.evidence[0]
    assert small[a_start:a_end] == big[b_start:b_end]


def test_shared_wire_copy_between_otherwise_different_articles():
    a = (
        "Our correspondent in Damascus says the mood is cautious after months of talks with Moscow.\n"
        + WIRE
        + ("\nThe visit follows Syrian President Ahmed al-Sharaa's trip to Moscow in October, his first.")
    )
    b = WIRE.replace("emphasizing", "emphasising") + (
        "\nA Turkish delegation visited Damascus two days earlier to discuss the integration of armed groups."
        "\nLater on Wednesday the foreign minister met his Russian counterpart Sergey Lavrov for talks."
        "\nLavrov invited him to explore opportunities for enhancing cooperation across various fronts."
    )
    m = compare_copies(_copy(a, "a"), _copy(b, "b"), CopyConfig())
    assert m.kind == "shared_wire_copy"
    assert len(m.evidence) == 2


def test_copy_config_says_how_to_fix_bad_thresholds():
    with pytest.raises(ConfigError, match=r"near_duplicate must be in \(0, 1\]"):
        CopyConfig(near_duplicate=1.5)
    with pytest.raises(ConfigError, match="rapidfuzz ratio"):
        RelationsConfig(copy=CopyConfig(sentence_match=0.9))


# --- alignment --------------------------------------------------------------------------------------


def _unit_rows(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 16))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_alignment_needs_order_and_coverage_not_just_similar_sentences():
    src = _unit_rows(8, 1)
    noise = _unit_rows(8, 2) * 0.3
    trans = src + noise
    trans /= np.linalg.norm(trans, axis=1, keepdims=True)
    lens = np.full(8, 100.0)
    good = align(src, trans, lens, lens, 0.5)
    assert good.coverage_a == 1.0 and good.coverage_b == 1.0
    shuffled = align(src, trans[::-1], lens, lens, 0.5)
    assert min(shuffled.coverage_a, shuffled.coverage_b) < 0.75, "reversed order is not a translation"
    partial = align(src, trans[:3], lens, lens[:3], 0.5)
    assert partial.coverage_a < 0.75 <= partial.coverage_b


def test_alignment_merges_a_sentence_split_in_two():
    src = _unit_rows(4, 3)
    merged = src[1] + src[2]
    tgt = np.stack([src[0], merged / np.linalg.norm(merged), src[3]])
    al = align(src, tgt, np.full(4, 50.0), np.full(3, 60.0), 0.5)
    assert ((1, 2), (1,)) in [(p[0], p[1]) for p in al.pairs]
    assert al.coverage_a == 1.0


def test_ratio_margin_rejects_pairs_that_do_not_stand_out_from_their_neighbours():
    src = _unit_rows(6, 5)
    tgt = src + _unit_rows(6, 6) * 0.3
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    lens = np.full(6, 80.0)
    cos = (src * tgt).sum(axis=1)
    # neighbours as similar as the pair itself (a bunched encoder): nothing stands out
    crowded = align(src, tgt, lens, lens, 1.0, knn_a=cos + 0.05, knn_b=cos + 0.05)
    assert crowded.coverage_a == 0.0
    # neighbours well below the pair: a translation
    clear = align(src, tgt, lens, lens, 1.0, knn_a=cos - 0.2, knn_b=cos - 0.2)
    assert clear.coverage_a == 1.0 and clear.coverage_b == 1.0


def test_align_config_validation():
    with pytest.raises(ConfigError, match="coverage"):
        AlignConfig(coverage=0)


# --- seeds ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def encoder():
    return one_thread_use()


def test_seeds_give_one_dispatch_relayed_exactly_these_relations(encoder):
    s = load_seeds()
    rels = find_relations(list(s.values()), encoder, RelationsConfig())
    units = {u.id: (name, u.language) for name, art in s.items() for u in article_units(art)}
    got = {(r.kind, *sorted((units[r.a], units[r.b]))) for r in rels}
    ar, en = ("002", "ar"), ("002", "en")
    expected = {
        ("exact_duplicate", ("000", "en"), en),  # 000 is word for word 002's English half
        ("translation", ("000", "en"), ar),  # 002's Arabic original and 000
        ("translation", ar, en),  # 002's two halves
        ("shared_wire_copy", ("001", "en"), ("004", "en")),  # Anadolu wire sentences
    }
    assert got == expected
    for r in rels:
        assert r.evidence
        ta, tb = s[units[r.a][0]].text, s[units[r.b][0]].text
        for a0, a1, b0, b1 in r.evidence:
            assert 0 <= a0 < a1 <= len(ta) and 0 <= b0 < b1 <= len(tb)
    translation = next(r for r in rels if r.kind == "translation" and units[r.a][0] == units[r.b][0])
    assert len(translation.evidence) == 8, "each of the 8 Arabic sentences aligns with its English one"


def test_find_relations_without_encoder_still_finds_copies():
    s = load_seeds()
    kinds = sorted(r.kind for r in find_relations(list(s.values()), None))
    assert kinds == ["exact_duplicate", "shared_wire_copy"]


def test_verify_near_duplicate_confirms_only_real_candidates():
    base = make_article(WIRE + "\n" + WIRE.replace("Putin", "The Russian president"))
    edited = make_article(base.text.replace("firm support", "steadfast support", 1))
    other = make_article("The central bank raised interest rates by half a point on Thursday, citing inflation.")
    rel = verify_near_duplicate(base, edited)
    assert rel is not None and rel.kind == "near_duplicate" and 0.8 <= rel.score < 1
    assert verify_near_duplicate(base, other) is None
