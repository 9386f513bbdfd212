"""Untrusted text (article text, titles, outlets, URLs, file names) in HTML and Markdown: the one place
that decides how it is escaped and kept from reordering what surrounds it.

Unicode bidi controls in untrusted text are a spoofing tool: an unpaired RIGHT-TO-LEFT OVERRIDE in an
outlet name ("Gazette \\u202egnp.exe") makes everything after it on the line, citations and the next
outlet included, display reversed ("Gazette exe.png ..."). Two defences, both applied everywhere:

- :func:`neutralise_bidi` drops the controls that could act outside their text: an embedding or
  isolate opened and never closed (or closed before it opened), every override (LRO/RLO reorder the
  characters themselves, which news text never needs, paired or not) and a direction mark at either
  end of the text. Paired embeddings and isolates, and marks inside the text, are kept: mixed
  Arabic/English text uses them legitimately and they end where they close.
- in HTML every untrusted piece is *isolated*: :func:`bdi` wraps it in ``<bdi>`` (direction from its
  own first strong character, no effect on its neighbours); a block element holding only untrusted
  text gets ``dir="auto"`` instead (:func:`text_html` for its content).

Markdown cannot isolate without markup, so :func:`chorus.stages.brief.markdown_escape` neutralises.
"""

from __future__ import annotations

import html
import re

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"

_EMBEDDINGS = frozenset((LRE, RLE))
_OVERRIDES = frozenset((LRO, RLO))
_ISOLATES = frozenset((LRI, RLI, FSI))
# The bidi algorithm ends every embedding and isolate at a paragraph separator.
_PARAGRAPH = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MARKS = LRM + RLM + ALM
_EDGE_MARKS = re.compile(rf"^[\s{_MARKS}]*[{_MARKS}]|[{_MARKS}][\s{_MARKS}]*$")


def neutralise_bidi(text: str) -> str:
    """``text`` without the bidi controls that could reorder text outside it (see the module docs).

    Example:
        >>> neutralise_bidi("Gazette \\u202egnp.exe")
        'Gazette gnp.exe'
        >>> neutralise_bidi("a \\u2067عربي\\u2069 b \\u2066x") == "a \\u2067عربي\\u2069 b x"
        True
    """
    if _CONTROLS.search(text) is None:
        return _strip_edge_marks(text)
    drop: set[int] = set()
    stack: list[tuple[int, str]] = []  # (index, opener)

    def close_all() -> None:
        drop.update(i for i, _ in stack)
        stack.clear()

    for i, ch in enumerate(text):
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            stack.append((i, ch))
        elif ch in _OVERRIDES:
            stack.append((i, ch))
            drop.add(i)
        elif ch == PDF:
            if stack and stack[-1][1] not in _ISOLATES:
                _, opener = stack.pop()
                if opener in _OVERRIDES:
                    drop.add(i)  # the override itself is dropped: so is its PDF
            else:
                drop.add(i)
        elif ch == PDI:
            if any(opener in _ISOLATES for _, opener in stack):
                while stack[-1][1] not in _ISOLATES:  # a PDI closes the embeddings inside its isolate
                    drop.add(stack.pop()[0])
                stack.pop()
            else:
                drop.add(i)
        elif ch in _PARAGRAPH:
            close_all()
    close_all()
    kept = "".join(ch for i, ch in enumerate(text) if i not in drop)
    return _strip_edge_marks(kept)


def _strip_edge_marks(text: str) -> str:
    if not any(m in text for m in _MARKS):
        return text
    return _EDGE_MARKS.sub(lambda m: "".join(c for c in m.group(0) if c not in _MARKS), text)


def text_html(text: str) -> str:
    """Untrusted text as HTML element content or an attribute value: bidi-neutralised, escaped. Use it
    alone only inside an element that isolates it (``dir="auto"``, ``<bdi>``, ``<title>``)."""
    return html.escape(neutralise_bidi(text))


def bdi(text: str, lang: str | None = None) -> str:
    """Untrusted inline text as isolated HTML: ``<bdi>escaped</bdi>`` (with ``lang`` when known)."""
    attr = f' lang="{html.escape(lang)}"' if lang else ""
    return f"<bdi{attr}>{text_html(text)}</bdi>"
