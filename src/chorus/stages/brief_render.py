"""The brief as a document: its sections rendered to CommonMark and to one HTML fragment.

``BriefDocument`` collects the sections (headings, paragraphs, lists of cited sentences) once and writes both
forms with their citations ([1] in Markdown, ``<sup><a href="#src-1">`` in HTML) and the numbered
source list. In Markdown every piece of article-derived text is escaped with :func:`markdown_escape`;
in HTML all text is escaped and every untrusted piece isolated (:mod:`chorus.htmlsafe`). The sentences
themselves are chosen by :mod:`chorus.stages.brief`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from chorus.htmlsafe import bdi, neutralise_bidi, text_html
from chorus.model import BriefSentence
from chorus.stages.brief_strings import RTL_LANGUAGES, BriefStrings, brief_strings

# --- rendering -----------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"[\\`<>\[\]]|&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_MD_BLOCK = re.compile(r"#{1,6}(?=\s|$)|[-+*](?=\s|$)|~{3,}|([-*_])(?:\s*\1){2,}\s*$")
_MD_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")


def markdown_escape(text: str, *, line_start: bool = False) -> str:
    """Untrusted text as CommonMark that renders as exactly that text (whitespace runs collapsed).

    Backslash-escapes ``\\``, backticks, ``<``, ``>``, ``[``, ``]`` and an ``&`` that would start an
    entity, everywhere; with ``line_start`` (the text opens a paragraph or a list item) also what would
    open a block there: ``#`` headings, ``-``/``+``/``*`` bullets and rules, ``1.``/``1)`` numbers,
    ``~~~`` fences. Everything else (``*``, ``_``, ``&``, ``#`` inside a line) is left readable. Bidi
    controls that could reorder the text around it are dropped (:func:`chorus.htmlsafe.neutralise_bidi`).

    Example:
        >>> markdown_escape("<img src=x onerror=alert(1)> [click](javascript:x) A & B")
        '\\\\<img src=x onerror=alert(1)\\\\> \\\\[click\\\\](javascript:x) A & B'
        >>> markdown_escape("1. first # not a heading", line_start=True)
        '1\\\\. first # not a heading'
    """
    text = " ".join(neutralise_bidi(text).split())
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), text)
    if line_start:
        if _MD_BLOCK.match(text):
            text = "\\" + text
        else:
            text = _MD_ORDERED.sub(r"\1\\\2", text, count=1) if _MD_ORDERED.match(text) else text
    return text


def _md_heading(text: str) -> str:
    """Heading text: escaped, and a closing ``#`` run (which CommonMark would drop) kept."""
    return re.sub(r"(\s)(#+)$", lambda m: m.group(1) + "\\" + m.group(2), markdown_escape(text))


#: A heading: its template (trusted, from the language file) and the untrusted values it names.
Heading = tuple[str, Mapping[str, str]]
#: A source line: its pieces (label, title, article id), each shown isolated from the others.
SourceLine = tuple[int, Sequence[str]]


class BriefDocument:
    """Collects sections once and renders them to Markdown and HTML."""

    def __init__(self, numbers: dict[str, int], strings: BriefStrings | None = None) -> None:
        self.numbers = numbers
        self.t = strings or brief_strings("en")
        # (kind, heading, sentences, their HTML when composed of isolated pieces: Rich)
        self.blocks: list[tuple[str, Heading | None, list[BriefSentence], list[str | None]]] = []
        self.sentences: list[BriefSentence] = []

    def add(
        self,
        kind: str,
        heading: Heading | None,
        items: list[BriefSentence],
        html_items: Sequence[str | None] | None = None,
    ) -> None:
        """A section. ``html_items`` (one per item, None for plain text) is an item's HTML when the
        item is template text with untrusted pieces each isolated (:class:`Rich`), not one untrusted text."""
        if items:
            self.blocks.append((kind, heading, items, list(html_items or [None] * len(items))))
            self.sentences.extend(items)

    def _nums(self, s: BriefSentence) -> list[int]:
        return sorted({self.numbers[c] for c in s.citations if c in self.numbers})

    def cite_md(self, s: BriefSentence) -> str:
        return "".join(f"[{n}]" for n in self._nums(s))

    def cite_html(self, s: BriefSentence) -> str:
        return "".join(f'<sup><a href="#src-{n}">[{n}]</a></sup>' for n in self._nums(s))

    def markdown(self, title: str, sources: Sequence[SourceLine]) -> str:
        """The brief in CommonMark; all text is escaped (:func:`markdown_escape`), citations are not."""
        esc = markdown_escape
        sep = str(self.t.data["source_separator"])
        out = [f"# {_md_heading(title)}", ""]
        for kind, heading, items, _ in self.blocks:
            if heading:
                template, values = heading
                text = template.format(**{k: neutralise_bidi(v) for k, v in values.items()})
                out += [f"## {_md_heading(text)}", ""]
            if kind == "para":
                out += [
                    " ".join(f"{esc(s.text, line_start=i == 0)} {self.cite_md(s)}" for i, s in enumerate(items)),
                    "",
                ]
            else:
                out += [f"- {esc(s.text, line_start=True)} {self.cite_md(s)}" for s in items] + [""]
        lines = (f"[{n}] " + sep.join(esc(p) for p in parts) for n, parts in sources)
        out += [f"## {_md_heading(self.t('headings.sources'))}", "", *lines]
        return "\n".join(out).rstrip() + "\n"

    def html(self, story_id: str, title: str, sources: Sequence[SourceLine], lang: str) -> str:
        """The brief as one ``<article>`` element carrying the brief's ``lang`` and ``dir``. Every
        sentence, outlet, title and heading value is untrusted: escaped and isolated (``<bdi>``, or
        ``dir="auto"`` on an element holding only it), so none can reorder its neighbours."""
        esc = html.escape
        direction = "rtl" if lang in RTL_LANGUAGES else "ltr"
        sep = esc(str(self.t.data["source_separator"]))
        out = [
            f'<article id="story-{esc(story_id)}" lang="{esc(lang)}" dir="{direction}">',
            f'<h1 dir="auto">{text_html(title)}</h1>',
        ]
        for kind, heading, items, htmls in self.blocks:
            if heading:
                template, values = heading
                out.append(f"<h2>{esc(template).format(**{k: bdi(v) for k, v in values.items()})}</h2>")
            shown = [
                (bdi(s.text) if h is None else f"<bdi>{h}</bdi>") + self.cite_html(s)
                for s, h in zip(items, htmls, strict=True)
            ]
            if kind == "para":
                out.append("<p>" + " ".join(shown) + "</p>")
            else:
                out.append("<ul>" + "".join(f"<li>{x}</li>" for x in shown) + "</ul>")
        out.append(f"<h2>{esc(self.t('headings.sources'))}</h2><ol>")
        out += [f'<li id="src-{n}">' + sep.join(bdi(p) for p in parts) + "</li>" for n, parts in sources]
        out.append("</ol></article>")
        return "\n".join(out) + "\n"
