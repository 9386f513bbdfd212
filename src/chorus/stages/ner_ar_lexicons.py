"""Word lists of the Arabic tagger: gazetteers, a person-name dictionary, and lexicons counted on training text.

- **gazetteers** (``lang/ar/ner_*.txt``): place, organisation, person and other names (currencies,
  religions, prizes, events ...) and cue words, written for Chorus from general knowledge;
- **person-name dictionary**: how often a word is attested as a given name or a family name in the
  Wikidata part of ``arabic-name-romanizer``'s index (an installed dependency, read at run time);
- **word lexicon**: how often each word was tagged ``O``/``PERS``/``ORG``/``LOC``/``MISC`` in the
  training text;
- **phrase lexicon**: the entity phrases of the training text, with their type and how often the
  phrase was an entity when it occurred.

All keys are folded with :func:`fold`. :mod:`chorus.stages.ner_ar_features` turns them into features.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from chorus.text import normalize_arabic

PUNCT = "\"'()[]{}<>«»“”‘’„.,،;؛:?؟!…/\\|*+=~^`@#$&–—‒―-_%٪"
INVISIBLE = "\u200e\u200f\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\ufeff\u061c"
LEX_TYPES = ("O", "PERS", "ORG", "LOC", "MISC")

Sentence = tuple[Sequence[str], Sequence[str]]
"""(words, BIO tags) of one training sentence."""


def fold(word: str) -> str:
    """The token as features see it: invisible marks dropped, Arabic letters folded (``normalize_arabic``)."""
    for ch in INVISIBLE:
        if ch in word:
            word = word.replace(ch, "")
    return normalize_arabic(word)


def proclitic_splits(folded: str) -> list[tuple[int, str]]:
    """Readings of a folded word without its leading proclitics (``و ف`` then ``ب ل ك``, ``لل`` → ``ال``).

    Returns:
        ``(n_chars_removed, remainder)`` pairs, shortest removal first, the word itself excluded.
        Remainders keep at least three letters.
    """
    out: list[tuple[int, str]] = []
    rest, cut = folded, 0
    if len(rest) > 3 and rest[0] in "وف":
        rest, cut = rest[1:], 1
        out.append((cut, rest))
    if len(rest) > 3 and rest[0] in "بلك":
        out.append((cut + 1, rest[1:]))
        if rest.startswith("لل") and len(rest) > 4:
            out.append((cut + 1, "ا" + rest[1:]))
    return out


def stem(folded: str) -> str:
    """The folded word without proclitics and the article ``ال`` (a coarse key shared by ``وللأمم``/``الأمم``)."""
    splits = proclitic_splits(folded)
    core = splits[-1][1] if splits else folded
    if core.startswith("ال") and len(core) > 4:
        core = core[2:]
    return core


def _bucket(n: int) -> str:
    return "1" if n < 3 else "3" if n < 20 else "20" if n < 200 else "200"


# --- gazetteers -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name lists and cue words used as features (all keys folded with :func:`fold`).

    Attributes:
        names: folded multi-word name → types (``LOC``, ``ORG``, ``PERS``, ``MISC``).
        cues: folded word → types it announces.
        longest: the most words in one name.
    """

    names: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    longest: int = 1

    @classmethod
    def packaged(cls) -> Gazetteer:
        """The lists shipped in ``chorus/lang/ar/ner_*.txt``."""
        return _packaged_gazetteer()

    def matches(self, folded: Sequence[str]) -> list[list[str]]:
        """Gazetteer features per token: ``gB=LOC`` at the first word of a listed name, ``gI=LOC`` inside."""
        feats: list[list[str]] = [[] for _ in folded]
        n = len(folded)
        i = 0
        while i < n:
            hit = 0
            for size in range(min(self.longest, n - i), 0, -1):
                first = [folded[i]] + [r for _, r in proclitic_splits(folded[i])]
                for head in first:
                    types = self.names.get((head, *folded[i + 1 : i + size]))
                    if types:
                        for t in sorted(types):
                            feats[i].append("gB=" + t)
                            for j in range(i + 1, i + size):
                                feats[j].append("gI=" + t)
                        hit = size
                        break
                if hit:
                    break
            i += hit or 1
        return feats


@lru_cache(maxsize=1)
def _packaged_gazetteer() -> Gazetteer:
    base = resources.files("chorus").joinpath("lang", "ar")
    names: dict[tuple[str, ...], set[str]] = {}
    lists = (("ner_loc.txt", "LOC"), ("ner_org.txt", "ORG"), ("ner_person.txt", "PERS"), ("ner_misc.txt", "MISC"))
    for fname, typ in lists:
        for line in base.joinpath(fname).read_text("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                names.setdefault(tuple(fold(w) for w in line.split()), set()).add(typ)
    cues: dict[str, set[str]] = {}
    for line in base.joinpath("ner_cues.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typ, word = line.split("\t", 1)
            cues.setdefault(fold(word.strip()), set()).add(typ)
    return Gazetteer(
        names={k: frozenset(v) for k, v in names.items()},
        cues={k: frozenset(v) for k, v in cues.items()},
        longest=max((len(k) for k in names), default=1),
    )


@dataclass(frozen=True, slots=True)
class NameDictionary:
    """How often a folded word is attested as a given name and as a family name (Wikidata names).

    Read from the index that ships with ``arabic-name-romanizer`` (units of source ``wikidata``); an
    empty dictionary when the package is missing, so tagging degrades instead of failing.
    """

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def packaged(cls) -> NameDictionary:
        """The dictionary of the installed ``arabic-name-romanizer`` (cached)."""
        return _packaged_names()

    def features(self, folded: str) -> list[str]:
        """``ndg=<bucket>``/``nds=<bucket>`` for the word, or for it without proclitics or ``ال``."""
        for cand in (folded, *(r for _, r in proclitic_splits(folded))):
            for key in (cand, cand[2:] if cand.startswith("ال") and len(cand) > 4 else ""):
                hit = self.counts.get(key) if key else None
                if hit:
                    given, family = hit
                    return ([f"ndg={_bucket(given)}"] if given else []) + ([f"nds={_bucket(family)}"] if family else [])
        return []


@lru_cache(maxsize=1)
def _packaged_names() -> NameDictionary:
    try:
        from importlib.metadata import version

        import arabic_name_romanizer as anr

        path = Path(anr.__file__).parent / "resources" / "names.sqlite3"
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT arabic_key, role, SUM(count) FROM units WHERE source = 'wikidata' GROUP BY arabic_key, role"
            ).fetchall()
        finally:
            con.close()
        source = f"arabic-name-romanizer {version('arabic-name-romanizer')} (wikidata units)"
    except (ImportError, OSError, sqlite3.Error):
        return NameDictionary()
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, role, n in rows:
        if " " not in key:
            acc[fold(key)][0 if role == "given" else 1] += int(n)
    return NameDictionary({k: (g, f) for k, (g, f) in acc.items()}, source)


# --- lexicons from training text ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordLexicon:
    """How often each folded word was tagged ``O``/``PERS``/``ORG``/``LOC``/``MISC`` in training text."""

    counts: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, sentences: Iterable[Sentence]) -> WordLexicon:
        """Count tags per folded word over (words, BIO tags) sentences."""
        acc: dict[str, list[int]] = {}
        for words, tags in sentences:
            for w, t in zip(words, tags, strict=True):
                row = acc.setdefault(fold(w), [0] * len(LEX_TYPES))
                row[LEX_TYPES.index(t.partition("-")[2] or "O")] += 1
        return cls({w: tuple(c) for w, c in acc.items()})

    @classmethod
    def read(cls, path: Path) -> WordLexicon:
        """Read ``word<TAB>O<TAB>PERS<TAB>ORG<TAB>LOC<TAB>MISC`` lines."""
        counts = {}
        for line in path.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 1 + len(LEX_TYPES) and all(p.isdigit() for p in parts[1:]):
                counts[parts[0]] = tuple(int(p) for p in parts[1:])
        return cls(counts)

    def write(self, path: Path) -> None:
        """Write the counts, most frequent words first."""
        rows = sorted(self.counts.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
        path.write_text("".join(w + "\t" + "\t".join(map(str, c)) + "\n" for w, c in rows), "utf-8")

    def names(self, word: str) -> int:
        """How often ``word`` (folded) was part of a name."""
        return sum(self.counts.get(word, (0,))[1:])

    def features(self, key: str, f: str) -> list[str]:
        """Frequency bucket and dominant tag of ``f``, prefixed with ``key``."""
        c = self.counts.get(f)
        if c is None:
            return [key + "=unk"]
        n = sum(c)
        out = [key + "#" + ("1" if n == 1 else "2" if n < 5 else "5" if n < 20 else "20")]
        best = max(range(len(c)), key=c.__getitem__)
        share = c[best] / n
        out.append(f"{key}t={LEX_TYPES[best]}{'+' if share >= 0.8 else ''}")
        ents = n - c[0]
        if ents and best == 0:
            out.append(key + "e=" + ("lo" if ents / n < 0.2 else "hi"))
        return out


def match_phrases(
    folded: Sequence[str], lookup: Callable[[tuple[str, ...]], str | None], longest: int, prefix: str
) -> list[list[str]]:
    """Longest-first phrase matching: ``<prefix>B=<tag>`` on the first word, ``I`` inside, ``E`` last."""
    out: list[list[str]] = [[] for _ in folded]
    n, i = len(folded), 0
    while i < n:
        hit = 0
        for size in range(min(longest, n - i), 0, -1):
            tag = lookup(tuple(folded[i : i + size]))
            if tag:
                out[i].append(f"{prefix}B={tag}")
                for j in range(i + 1, i + size):
                    out[j].append(f"{prefix}I={tag}")
                if size > 1 and prefix == "t":
                    out[i + size - 1].append(f"{prefix}E={tag}")
                hit = size
                break
        i += hit or 1
    return out


@dataclass(frozen=True, slots=True)
class PhraseLexicon:
    """Entity phrases of training text: folded words → (counts per type, times the phrase occurred)."""

    phrases: dict[tuple[str, ...], tuple[dict[str, int], int]] = field(default_factory=dict)
    longest: int = 1

    @classmethod
    def build(cls, sentences: Sequence[Sentence], max_words: int = 6) -> PhraseLexicon:
        """Collect entity phrases (up to ``max_words`` words) and count their occurrences as any text."""
        from chorus.stages.ner_ar import bio_spans

        ents: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        folded_sents = [[fold(w) for w in words] for words, _ in sentences]
        for f, (_, tags) in zip(folded_sents, sentences, strict=True):
            for i, j, t in bio_spans(tags):
                if j - i <= max_words:
                    ents[tuple(f[i:j])][t] += 1
        occurs: Counter[tuple[str, ...]] = Counter()
        sizes = sorted({len(k) for k in ents})
        for f in folded_sents:
            for n in sizes:
                for i in range(len(f) - n + 1):
                    key = tuple(f[i : i + n])
                    if key in ents:
                        occurs[key] += 1
        return cls({k: (dict(c), occurs[k]) for k, c in ents.items()}, max(sizes, default=1))

    @classmethod
    def read(cls, path: Path) -> PhraseLexicon:
        """Read ``occurrences<TAB>TYPE:n,TYPE:n<TAB>word word ...`` lines."""
        phrases = {}
        for line in path.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[0].isdigit():
                types = {t: int(n) for t, _, n in (x.partition(":") for x in parts[1].split(","))}
                phrases[tuple(parts[2].split(" "))] = (types, int(parts[0]))
        return cls(phrases, max((len(k) for k in phrases), default=1))

    def write(self, path: Path) -> None:
        """Write the phrases, most frequent first."""
        rows = sorted(self.phrases.items(), key=lambda kv: (-kv[1][1], kv[0]))
        path.write_text(
            "".join(
                f"{occ}\t{','.join(f'{t}:{n}' for t, n in sorted(types.items()))}\t{' '.join(k)}\n"
                for k, (types, occ) in rows
            ),
            "utf-8",
        )

    def _tag(self, key: tuple[str, ...]) -> str | None:
        hit = self.phrases.get(key)
        if not hit:
            return None
        types, occ = hit
        typ = max(sorted(types), key=types.__getitem__)
        return typ + ("h" if sum(types.values()) / max(occ, 1) >= 0.5 else "l")

    def matches(self, folded: Sequence[str]) -> list[list[str]]:
        """``tB=ORGh`` on the first word of a known entity phrase (``h``: usually an entity), ``tI``, ``tE``."""
        return match_phrases(folded, self._tag, self.longest, "t")


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The two lexicons counted on training text (one bundle, so jackknifing swaps both)."""

    words: WordLexicon = field(default_factory=WordLexicon)
    phrases: PhraseLexicon = field(default_factory=PhraseLexicon)

    @classmethod
    def build(cls, sentences: Sequence[Sentence]) -> Lexicons:
        """Both lexicons of ``sentences``."""
        return cls(WordLexicon.build(sentences), PhraseLexicon.build(sentences))
