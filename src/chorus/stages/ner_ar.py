"""Arabic named-entity recognition with a CRF trained on ANERcorp and shipped inside the package.

No Arabic NER model on PyPI works offline, so Chorus trains its own: a linear-chain CRF
(python-crfsuite) over hand-built features (word, folded word, clitic-stripped stem, affixes, shape,
neighbours, gazetteers from ``lang/ar/ner_*.txt``). ``scripts/train_ar_ner.py`` rebuilds it; the
weights, their citation and licence live in ``chorus/models/ar_ner/``.

The tokenizer follows ANERcorp: words split on white space, punctuation (``، ؛ ؟ . , " ( ) « »`` ...)
split off, clitics (``و ب ل ك ف ال``) kept attached. Entity spans are character offsets into the text
given to :meth:`ArabicNER.tag`; by default a leading conjunction or preposition (``وروسيا`` →
``روسيا``) is trimmed from a span when the bare word is a known name.

Example:
    >>> ner = ArabicNER.load()
    >>> text = "استقبل الرئيس الروسي فلاديمير بوتين وزير الخارجية في موسكو."
    >>> [(text[s:e], t) for s, e, t in ner.tag(text)]  # doctest: +SKIP
    [('فلاديمير بوتين', 'PERSON'), ('موسكو', 'LOCATION')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from chorus.errors import ConfigError, InputError
from chorus.model import Article, Mention
from chorus.text import normalize_arabic

FEATURES_VERSION = 1
MODEL_FILE = "model.crfsuite"
LEXICON_FILE = "lexicon.tsv"
METADATA_FILE = "metadata.json"
TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "MISC": "OTHER"}
"""ANERcorp tag suffix → Chorus entity type."""

# --- tokenizer ------------------------------------------------------------------------------------

_PUNCT = "\"'()[]{}<>«»“”‘’„.,،;؛:?؟!…/\\|*+=~^`@#$&–—‒―-_%٪"
_INVISIBLE = "\u200e\u200f\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\ufeff\u061c"
_TOKEN = re.compile(
    r"\d+(?:[.,٫]\d+)+%?"  # 112.5  3,000  1.3%
    r"|[^\s" + re.escape(_PUNCT + _INVISIBLE) + r"]+"  # a word, clitics attached
    r"|[" + re.escape(_PUNCT) + r"]"  # one punctuation mark
)
_SENT_END = frozenset({".", "؟", "?", "!", "…"})
_MAX_CHUNK = 120


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into ANERcorp-style tokens.

    Args:
        text: The text.
        start: First character to read.
        end: One past the last character to read (default: end of text).

    Returns:
        ``(start, end)`` character offsets into ``text``, in order.

    >>> t = "وذكرت وكالة (سانا)، أن"
    >>> [t[s:e] for s, e in tokenize(t)]
    ['وذكرت', 'وكالة', '(', 'سانا', ')', '،', 'أن']
    """
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


# --- features -------------------------------------------------------------------------------------

_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")


def fold(word: str) -> str:
    """The token as features see it: invisible marks dropped, Arabic letters folded (``normalize_arabic``)."""
    for ch in _INVISIBLE:
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


def _shape(word: str) -> str:
    if _DIGIT.search(word):
        return "num" if _DIGIT.fullmatch(word) or word[0].isdigit() else "alnum"
    if len(word) == 1 and word in _PUNCT:
        return "punct"
    if _LATIN.search(word):
        return "latin_cap" if word[:1].isupper() else "latin"
    if _ARABIC.search(word):
        return "ar" + ("1" if len(word) <= 2 else "2" if len(word) <= 4 else "3")
    return "other"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name lists and cue words used as features (all keys folded with :func:`fold`).

    Attributes:
        names: folded multi-word name → types (``LOC``, ``ORG``, ``PERS``).
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
    for fname, typ in (("ner_loc.txt", "LOC"), ("ner_org.txt", "ORG"), ("ner_person.txt", "PERS")):
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


LEX_TYPES = ("O", "PERS", "ORG", "LOC", "MISC")


@dataclass(frozen=True, slots=True)
class WordLexicon:
    """How often each folded word was tagged ``O``/``PERS``/``ORG``/``LOC``/``MISC`` in training text.

    At training time the counts come from the OTHER folds of the training data (jackknifing), so that
    the CRF learns how far to trust them on words it has not seen; at run time they come from all of it.
    """

    counts: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, sentences: Sequence[tuple[Sequence[str], Sequence[str]]]) -> WordLexicon:
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
        feats.extend({"c3=" + s[k : k + 3] for k in range(1, len(s) - 3)})
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


def sentence_features(words: Sequence[str], gaz: Gazetteer, lex: WordLexicon | None = None) -> list[list[str]]:
    """CRF features for one sentence of tokens (the same code for training and tagging).

    Args:
        words: Token strings, as :func:`tokenize` cuts them.
        gaz: Name lists and cue words.
        lex: Tag counts per word from training text (None: no lexicon features).

    Returns:
        One list of string features per token.
    """
    folded = [fold(w) for w in words]
    own = [_token_feats(w, f, gaz, lex) for w, f in zip(words, folded, strict=True)]
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
    return out


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(first_token, last_token + 1, suffix)`` from BIO labels (a stray ``I-`` opens an entity).

    >>> bio_spans(["B-PERS", "I-PERS", "O", "I-LOC"])
    [(0, 2, 'PERS'), (3, 4, 'LOC')]
    """
    spans: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for i, lab in enumerate(labels):
        kind, _, typ = lab.partition("-")
        if cur is not None and (kind != "I" or typ != cur[2]):
            spans.append((cur[0], i, cur[2]))
            cur = None
        if kind in ("B", "I") and cur is None:
            cur = [i, i + 1, typ]
    if cur is not None:
        spans.append((cur[0], len(labels), cur[2]))
    return spans


# --- the tagger -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArabicNERConfig:
    """Settings of :class:`ArabicNER`.

    Attributes:
        trim_proclitics: Drop a leading ``و ف ب ل ك`` from an entity span when the bare word is a known
            name (``وروسيا`` → ``روسيا``). ANERcorp's own spans keep them; the benchmark turns this off.
        max_chunk: Longest run of tokens tagged at once (longer sentences are cut).
    """

    trim_proclitics: bool = True
    max_chunk: int = _MAX_CHUNK

    def __post_init__(self) -> None:
        if not isinstance(self.max_chunk, int) or self.max_chunk < 8:
            raise ConfigError(f"ner_ar.max_chunk must be an integer >= 8 tokens, got {self.max_chunk!r}")


class ArabicNER:
    """A CRF Arabic NER tagger; build it with :meth:`load`."""

    def __init__(
        self,
        tagger: Any,
        gazetteer: Gazetteer,
        lexicon: WordLexicon | None,
        metadata: dict[str, Any],
        config: ArabicNERConfig | None = None,
        closer: ExitStack | None = None,
    ) -> None:
        self._tagger = tagger
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.metadata = metadata
        self.config = config or ArabicNERConfig()
        self._closer = closer

    @classmethod
    def load(cls, path: str | Path | None = None, config: ArabicNERConfig | None = None) -> ArabicNER:
        """Open a trained model folder (default: the one shipped in ``chorus/models/ar_ner``).

        Args:
            path: Folder holding ``model.crfsuite`` (and optionally ``lexicon.tsv``, ``metadata.json``),
                or the ``.crfsuite`` file itself.
            config: Tagging settings.

        Returns:
            A ready tagger; no network access.

        Raises:
            InputError: The model file is missing or unreadable.
        """
        import pycrfsuite

        stack = ExitStack()
        if path is None:
            folder = stack.enter_context(resources.as_file(resources.files("chorus").joinpath("models", "ar_ner")))
        else:
            folder = Path(path)
        model = folder if folder.is_file() else folder / MODEL_FILE
        folder = model.parent
        if not model.is_file():
            stack.close()
            raise InputError(f"no Arabic NER model at {model}; run scripts/train_ar_ner.py to build one")
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(model))
        except (OSError, ValueError) as exc:
            stack.close()
            raise InputError(f"cannot read Arabic NER model {model}: {exc}") from exc
        lexicon = WordLexicon.read(folder / LEXICON_FILE) if (folder / LEXICON_FILE).is_file() else None
        meta = json.loads((folder / METADATA_FILE).read_text("utf-8")) if (folder / METADATA_FILE).is_file() else {}
        if meta.get("features_version", FEATURES_VERSION) != FEATURES_VERSION:
            stack.close()
            raise InputError(
                f"Arabic NER model {model} was trained with features v{meta['features_version']}, "
                f"this code computes v{FEATURES_VERSION}; retrain with scripts/train_ar_ner.py"
            )
        return cls(tagger, Gazetteer.packaged(), lexicon, meta, config, stack)

    def tag_tokens(self, words: Sequence[str]) -> list[str]:
        """BIO labels (ANERcorp tag set: ``B-PERS``, ``I-LOC``, ``O`` ...) for one sentence of tokens."""
        if not words:
            return []
        return list(self._tagger.tag(sentence_features(words, self.gazetteer, self.lexicon)))

    def _chunks(self, toks: list[tuple[int, int]], text: str) -> Iterator[list[tuple[int, int]]]:
        cur: list[tuple[int, int]] = []
        for i, (s, e) in enumerate(toks):
            if cur and "\n" in text[cur[-1][1] : s]:
                yield cur
                cur = []
            cur.append((s, e))
            nxt = toks[i + 1][0] if i + 1 < len(toks) else None
            if (text[s:e] in _SENT_END and nxt is not None and text[nxt] not in _SENT_END) or len(
                cur
            ) >= self.config.max_chunk:
                yield cur
                cur = []
        if cur:
            yield cur

    def _trim(self, text: str, s: int, e: int) -> int:
        """Start of the span after a proclitic that the bare name does without."""
        first_end = e
        m = re.search(r"\s", text[s:e])
        if m:
            first_end = s + m.start()
        word = text[s:first_end]
        f = fold(word)
        if len(f) != len(word):  # offsets would not line up with folded text
            return s
        lex = self.lexicon or WordLexicon()
        own = lex.names(f)
        for cut, rest in proclitic_splits(f):
            if rest != f[cut:]:  # لل → ال reading: no exact sub-span
                continue
            known = lex.names(rest) or (1 if (rest,) in self.gazetteer.names else 0)
            if known and known >= own:
                return s + cut
        return s

    def tag(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Find person, organisation, place and other names in Arabic text.

        Args:
            text: The text (any mix of scripts; non-Arabic words are rarely tagged).
            start: First character to read.
            end: One past the last character to read (default: end of text).

        Returns:
            ``(start, end, type)`` with character offsets into ``text`` (``text[start:end]`` is the name)
            and type one of ``PERSON``, ``ORG``, ``LOCATION``, ``OTHER``, in text order.
        """
        toks = tokenize(text, start, end)
        out: list[tuple[int, int, str]] = []
        for chunk in self._chunks(toks, text):
            labels = self.tag_tokens([text[s:e] for s, e in chunk])
            for i, j, typ in bio_spans(labels):
                s, e = chunk[i][0], chunk[j - 1][1]
                if self.config.trim_proclitics:
                    s = self._trim(text, s, e)
                out.append((s, e, TYPES.get(typ, "OTHER")))
        return out

    def close(self) -> None:
        """Release the model file (only needed when the package is a zip)."""
        self._tagger.close()
        if self._closer is not None:
            self._closer.close()


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedMention:
    """A name found in an article: the mention (evidence span) and its type."""

    mention: Mention
    type: str


def arabic_mentions(article: Article, ner: ArabicNER) -> list[TypedMention]:
    """Tag every Arabic segment of ``article`` (``segment.language == "ar"``).

    Args:
        article: The article; its other-language segments are skipped.
        ner: A loaded tagger (``ArabicNER.load()``); the caller owns it, so it is loaded once.

    Returns:
        Typed mentions in text order; ``mention.text == article.text[mention.start:mention.end]``.
    """
    out: list[TypedMention] = []
    for seg in article.segments:
        if seg.language == "ar":
            for s, e, t in ner.tag(article.text, seg.start, seg.end):
                out.append(
                    TypedMention(mention=Mention(article=article.id, start=s, end=e, text=article.text[s:e]), type=t)
                )
    return out
