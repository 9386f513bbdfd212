"""Gazetteers of agencies, outlets, organisations and places, matched in English and Arabic text.

The files live in ``chorus/lang/gazetteer/`` (``orgs.tsv``, ``places.tsv``, ``products.tsv``,
``stop.txt``): one
canonical name per line with its type and every alias in any script. A match carries the canonical
name, so "SANA", "Syrian Arab News Agency" and "وكالة الأنباء السورية" become one entity without any
fuzzy matching, and the gazetteer corrects the English tagger where it is weak (it calls SANA a
person and Tartus an organisation).

Example:
    >>> gaz = Gazetteer.packaged()
    >>> text = "وذكرت وكالة الأنباء السورية (سانا) أن بوتين استقبل الوفد في موسكو"
    >>> sorted({m.canonical for m in gaz.find(text, 0, len(text))})
    ['Moscow', 'SANA']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from chorus.errors import ConfigError
from chorus.stages.entities_names import name_key
from chorus.text import normalize_arabic

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_AR_DIACRITICS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
TYPES = ("PERSON", "ORG", "LOCATION", "OTHER")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One canonical name with its type and aliases."""

    canonical: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """An alias found in a text: ``text[start:end]`` is the alias (clitics excluded)."""

    start: int
    end: int
    canonical: str
    type: str


class _FoldTable(dict[int, "str | None"]):
    """``str.translate`` table of :func:`_fold_map`, filled per character on first sight: Arabic
    diacritics and tatweel dropped (None), Arabic letters folded, other letters lower-cased (kept when
    folding would change the length)."""

    def __missing__(self, code: int) -> str | None:
        c = chr(code)
        if _AR_DIACRITICS.match(c):
            f: str | None = None
        else:
            f = normalize_arabic(c) if _ARABIC.match(c) else c.lower()
            if len(f) != 1:
                f = c
        self[code] = f
        return f


_FOLD = _FoldTable()


def _fold_map(text: str, start: int, end: int) -> tuple[str, Sequence[int]]:
    """A comparison copy of ``text[start:end]`` (Arabic folded, diacritics dropped, Latin
    lower-cased) and, for each of its characters, the index of the original character."""
    part = text[start:end]
    folded = part.translate(_FOLD)
    if len(folded) == len(part):  # nothing dropped (the common case): indices are the identity
        return folded, range(start, end)
    return folded, [i for i, c in enumerate(part, start) if _FOLD[ord(c)] is not None]


def _trie(aliases: list[str]) -> str:
    """One regular expression for a set of strings, as a character trie: a text position is tried
    against the few aliases that share its first characters, not against all of them. Where one alias
    is a prefix of another the longer is tried first, so a match is the longest alias, as in a
    longest-first alternation."""
    root: dict[str, dict] = {}
    for a in aliases:
        node = root
        for ch in a:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(root)


class Gazetteer:
    """Aliases compiled into two regular expressions: case-sensitive acronyms, folded names.

    Args:
        entries: The canonical names with their aliases.
    """

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self.entries = tuple(entries)
        self._by_alias: dict[str, GazetteerEntry] = {}
        self._by_acronym: dict[str, GazetteerEntry] = {}
        for e in entries:
            for a in e.aliases:
                letters = [c for c in a if c.isalpha()]
                if letters and all(c.isupper() for c in letters) and len(letters) <= 6 and " " not in a:
                    self._by_acronym.setdefault(a, e)
                else:
                    key = _fold_map(a, 0, len(a))[0]
                    self._by_alias.setdefault(key, e)
        self._alias_re = self._compile(self._by_alias, clitics=True)
        self._acro_re = self._compile(self._by_acronym, clitics=False)

    @staticmethod
    def _compile(table: dict[str, GazetteerEntry], clitics: bool) -> re.Pattern[str] | None:
        if not table:
            return None
        alts = _trie(sorted(table))
        pre = r"(?:[وفبلك]|وب|ول|فب|فل)?" if clitics else ""
        return re.compile(r"(?<![\w.])" + pre + "(" + alts + r")(?![\w])")

    @classmethod
    def from_files(cls, *paths: str | Path) -> Gazetteer:
        """Read ``canonical<TAB>TYPE<TAB>alias|alias`` files (``#`` starts a comment line).

        Raises:
            ConfigError: A line has the wrong number of fields or an unknown type.
        """
        entries: list[GazetteerEntry] = []
        for path in paths:
            for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
                entries.extend(_parse_line(line, f"{path}:{n}"))
        return cls(entries)

    @classmethod
    def packaged(cls) -> Gazetteer:
        """The gazetteer shipped in ``chorus/lang/gazetteer`` (cached)."""
        return _packaged()

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry whose alias is exactly ``name`` (folded), or None."""
        if name in self._by_acronym:
            return self._by_acronym[name]
        return self._by_alias.get(_fold_map(name, 0, len(name))[0])

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[GazetteerMatch]:
        """Every alias occurrence in ``text[start:end]``, longest first, never overlapping."""
        end = len(text) if end is None else end
        found: list[GazetteerMatch] = []
        if self._acro_re is not None:
            for m in self._acro_re.finditer(text, start, end):
                e = self._by_acronym[m.group(1)]
                found.append(GazetteerMatch(m.start(1), m.end(1), e.canonical, e.type))
        if self._alias_re is not None:
            folded, idx = _fold_map(text, start, end)
            for m in self._alias_re.finditer(folded):
                e = self._by_alias[m.group(1)]
                s, t = idx[m.start(1)], idx[m.end(1) - 1] + 1
                found.append(GazetteerMatch(s, t, e.canonical, e.type))
        found.sort(key=lambda g: (g.start, -(g.end - g.start)))
        out: list[GazetteerMatch] = []
        for g in found:
            if out and g.start < out[-1].end:
                continue
            out.append(g)
        return out


def _parse_line(line: str, where: str) -> list[GazetteerEntry]:
    line = line.rstrip("\n")
    if not line.strip() or line.lstrip().startswith("#"):
        return []
    parts = line.split("\t")
    if len(parts) != 3:
        raise ConfigError(f"{where}: expected canonical<TAB>TYPE<TAB>alias|alias, got {line!r}")
    canonical, typ, aliases = (p.strip() for p in parts)
    if typ not in TYPES:
        raise ConfigError(f"{where}: type must be one of {', '.join(TYPES)}, got {typ!r}")
    als = tuple(dict.fromkeys(a.strip() for a in aliases.split("|") if a.strip()))
    return [GazetteerEntry(canonical, typ, als or (canonical,))]


@lru_cache(maxsize=1)
def _packaged() -> Gazetteer:
    base = resources.files("chorus").joinpath("lang", "gazetteer")
    entries: list[GazetteerEntry] = []
    for name in ("orgs.tsv", "places.tsv", "products.tsv"):
        for n, line in enumerate(base.joinpath(name).read_text(encoding="utf-8").splitlines(), 1):
            entries.extend(_parse_line(line, f"gazetteer/{name}:{n}"))
    return Gazetteer(entries)


@lru_cache(maxsize=1)
def stop_names() -> frozenset[str]:
    """Name keys (:func:`chorus.stages.entities_names.name_key`) of words that alone are never an
    entity (``gazetteer/stop.txt``): "Defense", "tsunami", the currency "دولار"/"الدولار"."""
    raw = resources.files("chorus").joinpath("lang", "gazetteer", "stop.txt").read_text(encoding="utf-8")
    lines = [x.strip() for x in raw.splitlines() if x.strip() and not x.startswith("#")]
    return frozenset(k for x in lines for k in (x.casefold(), name_key(x)) if k)
