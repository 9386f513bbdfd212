"""Bytes to text: BOMs, UTF-8, UTF-16, cp1256 Arabic, latin-1 fallback; binary input rejected.

Detection order (first that succeeds wins):
1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32);
2. strict UTF-8; a multi-byte sequence cut off at the very end (a truncated download) is dropped
   and noted, anything else invalid falls through;
3. charset-normalizer's best guess (finds cp1256 Arabic, cp1252, Shift-JIS...);
4. latin-1, which decodes anything (noted, since it may be wrong).

Binary input (known magic numbers, NUL bytes outside UTF-16/32, too many control characters) is
rejected with a reason instead.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document (extract its text first)"),
    (b"PK\x03\x04", "a ZIP archive (unpack it first)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x1f\x8b", "gzip-compressed data (only .warc.gz is read compressed)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the encoding used, and a note when decoding had to guess or repair."""

    text: str
    encoding: str
    note: str | None = None


class NotText(ValueError):
    """The bytes are not text; the message is the one-line reason shown to the user."""


def sniff_binary(data: bytes) -> str | None:
    """Return what binary format ``data`` looks like, or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def decode(data: bytes) -> Decoded:
    """Decode bytes to text or raise :class:`NotText` with a one-line reason.

    >>> decode("سانا".encode("cp1256")).encoding
    'cp1256'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(enc), enc.replace("-le", "").replace("-be", ""))
            except UnicodeDecodeError as e:
                raise NotText(f"starts with a {enc} byte-order mark but is not valid {enc}: {e.reason}") from e
    what = sniff_binary(data)
    if what:
        raise NotText(f"binary file: looks like {what}")
    head = data[:65536]
    if b"\x00" in head:
        # UTF-16 without a BOM has a NUL in every other byte; anything else with NULs is binary.
        evens, odds = head[0::2].count(0), head[1::2].count(0)
        half = len(head) // 2 or 1
        if odds > 0.4 * half and evens < 0.05 * half:
            return _try(data, "utf-16-le", "UTF-16 without byte-order mark (guessed little-endian)")
        if evens > 0.4 * half and odds < 0.05 * half:
            return _try(data, "utf-16-be", "UTF-16 without byte-order mark (guessed big-endian)")
        # Other scripts (Arabic, Cyrillic, Greek...) have NULs only in the high byte of spaces,
        # digits and punctuation: all on one side, fewer of them. Accept when the text decodes to
        # plausible writing.
        for nuls, other, enc, endian in ((odds, evens, "utf-16-le", "little"), (evens, odds, "utf-16-be", "big")):
            if nuls >= 0.02 * half and other < 0.5 * nuls:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    continue
                if _plausible_utf16(text):
                    return Decoded(text, enc, f"UTF-16 without byte-order mark (guessed {endian}-endian)")
        raise NotText("binary file: contains NUL bytes")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3 and e.reason == "unexpected end of data":
            return Decoded(
                data[: e.start].decode("utf-8"),
                "utf-8",
                f"truncated UTF-8: an incomplete character at byte {e.start} was dropped",
            )
        utf8_error = e
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is not None and best.encoding not in ("utf_8",):
        text = str(best)
        enc = best.encoding.replace("_", "-")
        if not enc.startswith("utf"):
            enc, text = _most_plausible(data, enc, text, [m.encoding for m in matches])
        if _control_ratio(text) < 0.05:
            note = None
            if enc.startswith("utf-8") or enc == "utf-8":
                note = "repaired invalid UTF-8"
            return Decoded(text, enc, note)
    text = data.decode("latin-1")
    if _control_ratio(text) > 0.05:
        raise NotText("binary file: too many control characters to be text")
    return Decoded(text, "latin-1", f"not valid UTF-8 ({utf8_error.reason}); decoded as latin-1")


def _try(data: bytes, enc: str, note: str) -> Decoded:
    try:
        return Decoded(data.decode(enc), enc, note)
    except UnicodeDecodeError as e:
        raise NotText(f"binary file: NUL bytes and not valid {enc}") from e


def _plausible_utf16(text: str) -> bool:
    """Whether text decoded from BOM-less UTF-16 reads as writing, not as numbers taken for text."""
    import unicodedata

    sample = text[:20000]
    if not sample:
        return False
    odd = sum(1 for c in sample if unicodedata.category(c)[0] == "C" and c not in "\t\n\r\f\v")
    words = sum(1 for c in sample if c.isspace())
    return odd <= 0.01 * len(sample) and words > 0 and _implausibility(text) < 0.2


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return bad / len(sample)


# Usual legacy code pages of the languages news comes in, scored alongside charset-normalizer's
# guesses: on short text its best guess is often a neighbouring code page (cp1250 or cp775 for
# French, Shift-JIS for KOI8-R Russian) that turns a few letters into ones no language spells with.
_LEGACY = (
    "cp1252",
    "latin-1",
    "cp1254",
    "cp1250",
    "iso8859-2",
    "cp1251",
    "koi8-r",
    "cp1256",
    "iso8859-6",
    "cp1253",
    "cp1255",
)

# Lower-case letters beyond ASCII that each language writes (a decoding is plausible when one
# language accounts for its letters).
_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    frozenset(a)
    for a in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíñóúü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "ëïéèöüáó",  # Dutch
        "åäöæøéü",  # Nordic
        "áðéíóúýþæö",  # Icelandic
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "čćđšž",  # Croatian, Slovene, Bosnian
        "çğıöşüâî",  # Turkish
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
        "абвгдежзийклмнопрстуфхцчшщъыьэюяё",  # Russian
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",  # Ukrainian
        "абвгдежзийклмнопрстуфхцчшщъьюя",  # Bulgarian
        "абвгдђежзијклљмнњопрстћуфхцчџш",  # Serbian
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",  # Greek
        "".join(chr(c) for c in range(0x5B0, 0x5F5)),  # Hebrew
        "".join(chr(c) for c in range(0x610, 0x6FF)),  # Arabic, Persian, Urdu
        "".join(chr(c) for c in (*range(0x3040, 0x3100), *range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))),  # CJK
        "".join(chr(c) for c in range(0xAC00, 0xD7A4)),  # Korean
    )
)
_MIXED = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")  # a letter beyond Latin, in a word with ASCII letters
_OK_MARKS = frozenset("«»“”‘’„‚–—…¿¡·°€£¥§©®™•\u00a0\u202f،؛؟٪‹›№")


def _implausibility(text: str) -> float:
    """How unlike real writing a decoding is: 0 for ASCII or letters one language accounts for.

    Counts, per non-ASCII character, control or unassigned characters, symbols wedged between
    letters (``zvý¹ení``), letters no single language in :data:`_ALPHABETS` has together with the
    rest, words whose case flips from lower to upper inside them (KOI8-R read as cp1251) and words
    mixing Latin with another script (``h鰄ere``: cp1252 German read as GB18030).
    """
    import unicodedata

    sample = text[:20000]
    non_ascii = [i for i, c in enumerate(sample) if ord(c) > 127]
    if not non_ascii:
        return 0.0
    bad = 0
    letters: list[str] = []
    for i in non_ascii:
        c = sample[i]
        cat = unicodedata.category(c)
        if cat[0] in "LM":
            if cat[0] == "L":
                letters.append(c.lower())
            if "\uff61" <= c <= "\uff9f":  # half-width katakana: legacy Japanese, never news text
                bad += 1
            continue
        if cat[0] == "C":
            bad += 1
            continue
        between = 0 < i < len(sample) - 1 and sample[i - 1].isalpha() and sample[i + 1].isalpha()
        if between or (c not in _OK_MARKS and cat not in ("Zs", "Pd", "Pi", "Pf", "Ps", "Pe", "Sc", "Nd")):
            bad += 1
    if letters:
        bad += len(letters) - max(sum(1 for c in letters if c in a) for a in _ALPHABETS)
    flips = len(re.findall(r"[^\W\d_]*?[a-zà-ÿа-яё][A-ZÀ-ÞА-ЯЁ]", sample))
    mixed = sum(1 for w in re.findall(r"[^\W\d_]+", sample) if _MIXED.search(w) and re.search(r"[A-Za-z]", w))
    return (bad + 2 * flips + 2 * mixed) / (len(non_ascii) + 1)


_SAMPLE_BYTES = 1 << 16  # candidates are scored on this much of the input; only the winner decodes it all


def _sample(data: bytes, encoding: str) -> str | None:
    """The first :data:`_SAMPLE_BYTES` of ``data`` decoded strictly (a character cut at the end is left
    out), or None when the encoding cannot read them."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(
            data[:_SAMPLE_BYTES], final=len(data) <= _SAMPLE_BYTES
        )
    except (UnicodeDecodeError, LookupError):
        return None


def _most_plausible(data: bytes, enc: str, text: str, offered: list[str]) -> tuple[str, str]:
    """Among charset-normalizer's guesses and the usual code pages, the most plausible decoding.

    On a tie the usual code pages (:data:`_LEGACY`, cp1252 first) win over charset-normalizer's
    rarer neighbours (cp852, cp775...), which agree with them on most letters of short texts. Each
    candidate is judged on the first 64 KiB; only the winner decodes the whole input (memory stays at
    one copy of the text, not one per candidate), and a winner that fails further on gives way to the
    next best.
    """
    names = list(dict.fromkeys([*_LEGACY, enc, *(e.replace("_", "-") for e in offered)]))
    scored = []
    for rank, e in enumerate(names):
        sample = _sample(data, e)
        if sample is not None:
            scored.append((_implausibility(sample), rank, e))
    if not scored:
        return enc, text
    least = min(s for s, *_ in scored)
    for _, _, e in sorted((0 if s <= least + 0.02 else 1, rank, e) for s, rank, e in scored):
        if e == enc:
            return enc, text
        try:
            return e, data.decode(e)
        except (UnicodeDecodeError, LookupError):
            continue
    return enc, text
