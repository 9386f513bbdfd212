"""Arabic named-entity recognition with a CRF trained on ANERcorp and shipped inside the package.

No Arabic NER model on PyPI works offline, so Chorus trains its own: two linear-chain CRFs
(python-crfsuite) over hand-built features (:mod:`chorus.stages.ner_ar_features`: word, folded word,
clitic-stripped stem, affixes, shape, neighbours, gazetteers, a person-name dictionary, word and
phrase lexicons). The first tags each sentence; the second re-tags it knowing what the first said
about the same words elsewhere in the document (:func:`~chorus.stages.ner_ar_features.document_features`).
``scripts/train_ar_ner.py`` rebuilds both; the weights, their citation and licence live in
``chorus/models/ar_ner/``.

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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from chorus.errors import ConfigError, InputError
from chorus.model import Article, Mention
from chorus.stages.ner_ar_features import document_features, sentence_features, stage2_features
from chorus.stages.ner_ar_lexicons import (
    INVISIBLE,
    PUNCT,
    Gazetteer,
    Lexicons,
    NameDictionary,
    PhraseLexicon,
    WordLexicon,
    fold,
    proclitic_splits,
)

__all__ = ["ArabicNER", "ArabicNERConfig", "TypedMention", "arabic_mentions", "bio_spans", "tokenize"]

FEATURES_VERSION = 2
MODEL_FILE = "model.crfsuite"
MODEL2_FILE = "model2.crfsuite"
LEXICON_FILE = "lexicon.tsv"
PHRASES_FILE = "phrases.tsv"
METADATA_FILE = "metadata.json"
TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "MISC": "OTHER"}
"""ANERcorp tag suffix → Chorus entity type."""

# --- tokenizer ------------------------------------------------------------------------------------

_PUNCT = PUNCT
_INVISIBLE = INVISIBLE
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
        window: Sentences before and after a sentence whose first-stage tags inform its second stage.
        two_stage: Run the second, document-aware stage when the model has one.
    """

    trim_proclitics: bool = True
    max_chunk: int = _MAX_CHUNK
    window: int = 40
    two_stage: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.max_chunk, int) or self.max_chunk < 8:
            raise ConfigError(f"ner_ar.max_chunk must be an integer >= 8 tokens, got {self.max_chunk!r}")
        if not isinstance(self.window, int) or self.window < 0:
            raise ConfigError(f"ner_ar.window must be an integer >= 0 sentences (default 40), got {self.window!r}")


class ArabicNER:
    """A two-stage CRF Arabic NER tagger; build it with :meth:`load`."""

    def __init__(
        self,
        tagger: Any,
        gazetteer: Gazetteer,
        lexicons: Lexicons | None,
        metadata: dict[str, Any],
        config: ArabicNERConfig | None = None,
        closer: ExitStack | None = None,
        tagger2: Any = None,
        names: NameDictionary | None = None,
    ) -> None:
        self._tagger = tagger
        self._tagger2 = tagger2
        self.gazetteer = gazetteer
        self.lexicons = lexicons
        self.names = names
        self.metadata = metadata
        self.config = config or ArabicNERConfig()
        self._closer = closer

    @property
    def lexicon(self) -> WordLexicon | None:
        """The word lexicon (tag counts per word in the training text)."""
        return self.lexicons.words if self.lexicons else None

    @classmethod
    def load(cls, path: str | Path | None = None, config: ArabicNERConfig | None = None) -> ArabicNER:
        """Open a trained model folder (default: the one shipped in ``chorus/models/ar_ner``).

        Args:
            path: Folder holding ``model.crfsuite`` (and optionally ``model2.crfsuite``, ``lexicon.tsv``,
                ``phrases.tsv``, ``metadata.json``), or the ``model.crfsuite`` file itself.
            config: Tagging settings.

        Returns:
            A ready tagger; no network access.

        Raises:
            InputError: The model file is missing, unreadable, or from another feature version.
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
        meta = json.loads((folder / METADATA_FILE).read_text("utf-8")) if (folder / METADATA_FILE).is_file() else {}
        if meta.get("features_version", FEATURES_VERSION) != FEATURES_VERSION:
            stack.close()
            raise InputError(
                f"Arabic NER model {model} was trained with features v{meta['features_version']}, "
                f"this code computes v{FEATURES_VERSION}; retrain with scripts/train_ar_ner.py"
            )
        taggers = []
        for file in (model, folder / MODEL2_FILE):
            if not file.is_file():
                continue
            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(file))
            except (OSError, ValueError) as exc:
                stack.close()
                raise InputError(f"cannot read Arabic NER model {file}: {exc}") from exc
            stack.callback(tagger.close)
            taggers.append(tagger)
        words = WordLexicon.read(folder / LEXICON_FILE) if (folder / LEXICON_FILE).is_file() else None
        phrases = PhraseLexicon.read(folder / PHRASES_FILE) if (folder / PHRASES_FILE).is_file() else None
        lexicons = Lexicons(words, phrases or PhraseLexicon()) if words else None
        names = NameDictionary.packaged() if meta.get("name_dictionary", True) else None
        second = taggers[1] if len(taggers) > 1 else None
        return cls(taggers[0], Gazetteer.packaged(), lexicons, meta, config, stack, second, names)

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels (ANERcorp tag set: ``B-PERS``, ``I-LOC``, ``O`` ...) for the sentences of one document.

        Args:
            sentences: Token strings per sentence, in text order; the second stage reads the other
                sentences within ``config.window`` of each one.

        Returns:
            One label list per sentence.
        """
        first = [sentence_features(ws, self.gazetteer, self.lexicons, self.names) if ws else [] for ws in sentences]
        labels = [list(self._tagger.tag(f)) if f else [] for f in first]
        if self._tagger2 is None or not self.config.two_stage:
            return labels
        doc = document_features(sentences, labels, self.config.window)
        return [list(self._tagger2.tag(stage2_features(f, d))) if f else [] for f, d in zip(first, doc, strict=True)]

    def tag_tokens(self, words: Sequence[str]) -> list[str]:
        """BIO labels for one sentence of tokens, taken as a document of its own."""
        return self.tag_sentences([words])[0] if words else []

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

    def tag_ranges(self, text: str, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Find names in several stretches of ``text`` (an article's Arabic segments) read as one document.

        Args:
            text: The text.
            ranges: ``(start, end)`` character ranges to tag, in text order.

        Returns:
            ``(start, end, type)`` as :meth:`tag` returns them, for all ranges, in text order.
        """
        chunks = [c for s, e in ranges for c in self._chunks(tokenize(text, s, e), text)]
        out: list[tuple[int, int, str]] = []
        labels = self.tag_sentences([[text[s:e] for s, e in chunk] for chunk in chunks])
        for chunk, labs in zip(chunks, labels, strict=True):
            for i, j, typ in bio_spans(labs):
                s, e = chunk[i][0], chunk[j - 1][1]
                if self.config.trim_proclitics:
                    s = self._trim(text, s, e)
                out.append((s, e, TYPES.get(typ, "OTHER")))
        return out

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
        return self.tag_ranges(text, [(start, len(text) if end is None else end)])

    def close(self) -> None:
        """Release the model files (only needed when the package is a zip)."""
        if self._closer is not None:
            self._closer.close()


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedMention:
    """A name found in an article: the mention (evidence span) and its type."""

    mention: Mention
    type: str


def arabic_mentions(article: Article, ner: ArabicNER) -> list[TypedMention]:
    """Tag the Arabic segments of ``article`` (``segment.language == "ar"``) as one document.

    Args:
        article: The article; its other-language segments are skipped.
        ner: A loaded tagger (``ArabicNER.load()``); the caller owns it, so it is loaded once.

    Returns:
        Typed mentions in text order; ``mention.text == article.text[mention.start:mention.end]``.
    """
    ranges = [(seg.start, seg.end) for seg in article.segments if seg.language == "ar" and seg.end > seg.start]
    return [
        TypedMention(mention=Mention(article=article.id, start=s, end=e, text=article.text[s:e]), type=t)
        for s, e, t in ner.tag_ranges(article.text, ranges)
    ]
