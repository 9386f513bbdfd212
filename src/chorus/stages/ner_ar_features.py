"""Features of the Arabic CRF tagger (:mod:`chorus.stages.ner_ar`), the same code for training and tagging.

Per token: the word, its folded form, a clitic-stripped stem, affixes, letter trigrams, shape, the
proclitics it carries, and what the word lists of :mod:`chorus.stages.ner_ar_lexicons` say about it
(gazetteers, the person-name dictionary, the word and phrase lexicons counted on training text). The
two training-text lexicons are *jackknifed* at training time (each sentence sees counts from the
other folds only), so the CRF learns how far to trust them on unseen words.

Stage two adds **document features** (:func:`document_features`): what the first-stage tagger said
about the same word stem, and about the same phrase, in the other sentences within a window, so a
name recognised once ("النجم البرازيلي كافو") is recognised where its context is poor ("يذكر أن كافو").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from chorus.stages.ner_ar_lexicons import (
    PUNCT,
    Gazetteer,
    Lexicons,
    NameDictionary,
    WordLexicon,
    fold,
    match_phrases,
    proclitic_splits,
    stem,
)

_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")


def _shape(word: str) -> str:
    if _DIGIT.search(word):
        return "num" if _DIGIT.fullmatch(word) or word[0].isdigit() else "alnum"
    if len(word) == 1 and word in PUNCT:
        return "punct"
    if _LATIN.search(word):
        return "latin_cap" if word[:1].isupper() else "latin"
    if _ARABIC.search(word):
        return "ar" + ("1" if len(word) <= 2 else "2" if len(word) <= 4 else "3")
    return "other"


# --- sentence and document features ----------------------------------------------------------------


def _token_feats(word: str, f: str, gaz: Gazetteer, lex: WordLexicon | None) -> list[str]:
    s = stem(f)
    feats = [
        "w=" + word,
        "f=" + f,
        "st=" + s,
        "sh=" + _shape(word),
        "p2=" + f[:2],
        "p3=" + f[:3],
        "s1=" + f[-1:],
        "s2=" + f[-2:],
        "s3=" + f[-3:],
        "ss2=" + s[-2:],
        "sp2=" + s[:2],
        "p4=" + f[:4],
        "s4=" + f[-4:],
    ]
    if len(s) >= 5:  # letter trigrams inside the bare word: transliterated names share them
        feats.extend(dict.fromkeys("c3=" + s[k : k + 3] for k in range(1, len(s) - 3)))  # in order: reproducible
    cut = proclitic_splits(f)
    if cut:
        feats.append("pro=" + f[: cut[-1][0]])
    if f.startswith("ال") or any(r.startswith("ال") for _, r in cut):
        feats.append("al")
    if lex is not None:
        feats.extend(lex.features("lx", f))
        if s != f:
            feats.extend(lex.features("ls", s))
    cue = gaz.cues.get(f) or next((gaz.cues[r] for _, r in cut if r in gaz.cues), None)
    if cue:
        feats.extend("cue=" + c for c in sorted(cue))
    return feats


def _with_neighbours(feats: list[list[str]], extra: list[list[str]]) -> None:
    """Add ``extra[i]`` to token i, and with ``-1:``/``+1:`` prefixes to its neighbours."""
    n = len(feats)
    for i in range(n):
        feats[i].extend(extra[i])
        if i > 0:
            feats[i].extend("-1:" + x for x in extra[i - 1])
        if i + 1 < n:
            feats[i].extend("+1:" + x for x in extra[i + 1])


def sentence_features(
    words: Sequence[str],
    gaz: Gazetteer,
    lex: Lexicons | None = None,
    names: NameDictionary | None = None,
) -> list[list[str]]:
    """First-stage CRF features for one sentence of tokens.

    Args:
        words: Token strings, as :func:`chorus.stages.ner_ar.tokenize` cuts them.
        gaz: Name lists and cue words.
        lex: Word and phrase lexicons from training text (None: no lexicon features).
        names: Person-name dictionary (None: no name features).

    Returns:
        One list of string features per token.
    """
    folded = [fold(w) for w in words]
    own = [_token_feats(w, f, gaz, lex.words if lex else None) for w, f in zip(words, folded, strict=True)]
    gfeats = gaz.matches(folded)
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        feats = ["bias", *own[i], *gfeats[i]]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                keep = own[j][1:4] if abs(d) == 1 else own[j][1:3]
                feats.extend(f"{d}:{x}" for x in keep)
                if abs(d) == 1:
                    feats.extend(f"{d}:{x}" for x in own[j] if x.startswith("cue="))
                    feats.extend(f"{d}:{x}" for x in gfeats[j])
                    feats.extend(f"{d}:{x}" for x in own[j] if x.startswith(("lxt=", "lx=")))
            elif abs(d) == 1:
                feats.append(f"{d}:" + ("BOS" if d < 0 else "EOS"))
        if i > 0:
            feats.append(f"bg-={folded[i - 1]}|{folded[i]}")
        if i + 1 < n:
            feats.append(f"bg+={folded[i]}|{folded[i + 1]}")
        out.append(feats)
    if names is not None:
        _with_neighbours(out, [names.features(f) for f in folded])
    if lex is not None:
        _with_neighbours(out, lex.phrases.matches(folded))
    return out


def document_features(
    sentences: Sequence[Sequence[str]], labels: Sequence[Sequence[str]], window: int = 40, max_words: int = 6
) -> list[list[list[str]]]:
    """Second-stage features from first-stage labels of the other sentences within ``window`` sentences.

    Per token: ``dc=<TYPE>+``/``dc=<TYPE>-`` when other occurrences of its stem were mostly/sometimes
    tagged as that type (``dc=O`` when never tagged), and ``dpB=``/``dpI=<TYPE>`` when the token starts
    or continues a phrase tagged as an entity elsewhere. The token's own first-stage label is not used.

    Args:
        sentences: Token strings per sentence, in text order.
        labels: First-stage BIO labels, parallel to ``sentences``.
        window: Sentences before and after that count as the same document.
        max_words: Longest phrase matched.

    Returns:
        Features per sentence per token.
    """
    from chorus.stages.ner_ar import bio_spans

    folded = [[fold(w) for w in ws] for ws in sentences]
    keys = [[stem(f) for f in fs] for fs in folded]
    per: list[dict[str, Counter[str]]] = []
    ents: list[list[tuple[tuple[str, ...], str]]] = []
    for ks, fs, labs in zip(keys, folded, labels, strict=True):
        c: dict[str, Counter[str]] = defaultdict(Counter)
        for k, lab in zip(ks, labs, strict=True):
            if len(k) >= 2:
                c[k][lab.partition("-")[2] or "O"] += 1
        per.append(c)
        ents.append([(tuple(fs[i:j]), t) for i, j, t in bio_spans(labs) if j - i <= max_words])
    out: list[list[list[str]]] = []
    n = len(sentences)
    agg: dict[str, Counter[str]] = defaultdict(Counter)  # stems in the window, kept as it slides
    phrases: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)

    def slide(t: int, sign: int) -> None:
        for k, cnt in per[t].items():
            for typ, v in cnt.items():
                agg[k][typ] += sign * v
        for ph, typ in ents[t]:
            phrases[ph][typ] += sign

    for t in range(min(n, window + 1)):
        slide(t, 1)
    for s in range(n):
        if s > 0:
            if s + window < n:
                slide(s + window, 1)
            if s - window - 1 >= 0:
                slide(s - window - 1, -1)
        for ph, typ in ents[s]:
            phrases[ph][typ] -= 1
        feats: list[list[str]] = []
        for k, lab in zip(keys[s], labels[s], strict=True):
            cnt = Counter({t: v for t, v in agg[k].items() if v > 0}) if k in agg else Counter()
            cnt[lab.partition("-")[2] or "O"] -= 1
            total = sum(v for v in cnt.values() if v > 0)
            f: list[str] = []
            if total:
                typed = {t: v for t, v in cnt.items() if t != "O" and v > 0}
                if typed:
                    best = max(sorted(typed), key=typed.__getitem__)
                    f.append("dc=" + best + ("+" if typed[best] / total >= 0.5 else "-"))
                else:
                    f.append("dc=O")
            feats.append(f)

        def lookup(key: tuple[str, ...]) -> str | None:
            c = phrases.get(key)
            if not c or max(c.values()) <= 0:
                return None
            return max(sorted(c), key=c.__getitem__)

        for i, extra in enumerate(match_phrases(folded[s], lookup, max_words, "dp")):
            feats[i].extend(extra)
        for ph, typ in ents[s]:
            phrases[ph][typ] += 1
        out.append(feats)
    return out


def stage2_features(first: list[list[str]], doc: list[list[str]]) -> list[list[str]]:
    """Second-stage features: the first-stage ones plus the document ones (token and ±1)."""
    out = [list(f) for f in first]
    _with_neighbours(out, doc)
    return out
