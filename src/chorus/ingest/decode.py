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

    best = from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8",):
        text = str(best)
        if _control_ratio(text) < 0.05:
            enc = best.encoding.replace("_", "-")
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


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return bad / len(sample)
