"""The report contract (shared/CONTRACT.md): serialization of the model, and the files a run writes.

``DIR/report.json`` (validated against ``docs/report.schema.json``), ``DIR/index.html`` (readable
offline) and ``DIR/stories/<story-id>.md|.html|.json``. All article text is escaped in HTML, and in
Markdown (``brief.markdown`` and the ``.md`` files) so that it renders as literal text; in HTML every
untrusted piece is also isolated and bidi-neutralised (:mod:`chorus.htmlsafe`). Every other JSON string
(``text``, ``title``, ``brief.sentences[].text``...) is plain, unescaped text, for the consumer to escape
for whatever it renders into.

Referential integrity: every article id report.json names (``inputs[].article``/``duplicate_of``,
relation ends, story articles, evidence) is in ``articles[]``. An article a later version of the same
input superseded (``chorus watch``, or re-running an edited file) stays in ``articles[]`` with
``"superseded_by": "<id>"`` (``null`` on current articles) and belongs to no story; its input keeps
status ``stored`` (it was stored) and its reason says "superseded by <id>". Relations are listed only
between articles present.

Files that left their folder (deleted, or renamed: :mod:`chorus.store.files` says what Chorus does and
why): an article is never dropped for it, it stays in its story (deleting a local copy is no
retraction of what was published); the report says so instead. ``gone`` lists the files this run
(``chorus watch``: this watch) found gone and still gone, with the articles they held; an input whose
file is gone has ``"gone": {"event": "removed|renamed", "at": "...", "renamed_to": "path|null"}``
(``null`` while it is there) and its reason says so; an input renamed from another path has
``"renamed_from": "path"``; an article that no input still in its folder holds has
``"input_gone": {"at": "...", "sources": ["path"]}`` (``null`` otherwise).

Files are written to a temporary name and renamed, so a reader never sees half a report.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chorus import __version__
from chorus.htmlsafe import bdi, text_html
from chorus.model import (
    Article,
    Claim,
    DateValue,
    Discrepancy,
    DiscrepancyValue,
    Entity,
    InputRecord,
    Relation,
    Span,
    Story,
    TimelineItem,
)
from chorus.stages.brief import RTL_LANGUAGES, markdown_escape

if TYPE_CHECKING:
    from chorus.store.files import FileEvent
    from chorus.store.sqlite import SQLiteStore


def input_json(r: InputRecord) -> dict[str, Any]:
    """One ``inputs`` entry. CONTRACT.md allows stored, duplicate and rejected: an input left unread on
    purpose (a hidden or partial file, the run's own output or store; ``skipped`` in the CLI and
    ``chorus why``) is reported as rejected, with a reason that starts "not read:"."""
    status, reason = r.status, r.reason
    if status == "skipped":
        status, reason = "rejected", f"not read: {reason or 'skipped'}"
    return {
        "source": r.source,
        "status": status,
        "article": r.article,
        "duplicate_of": r.duplicate_of,
        "reason": reason,
    }


def article_json(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language,
        "text": a.text,
        "segments": [{"id": s.id, "language": s.language, "start": s.start, "end": s.end} for s in a.segments],
        "removed": [{"text": r.text, "why": r.why} for r in a.removed],
        "credits": list(a.credits),
        "metadata": a.metadata,
    }


def relation_json(r: Relation) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "a": r.a,
        "b": r.b,
        "score": round(float(r.score), 4),
        "evidence": [{"a_start": e[0], "a_end": e[1], "b_start": e[2], "b_end": e[3]} for e in r.evidence],
    }


def span_json(s: Span) -> dict[str, Any]:
    return {"article": s.article, "start": s.start, "end": s.end, "text": s.text}


def entity_json(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "variants": list(e.variants),
        "mentions": [{"article": m.article, "start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
        "merge_reasons": list(e.merge_reasons),
    }


def date_json(d: DateValue) -> tuple[str, str | None]:
    end = None
    if d.end is not None:
        end = DateValue(start=d.end, precision="day").format()
    return d.format(), end


def timeline_json(t: TimelineItem) -> dict[str, Any]:
    start, end = date_json(t.date)
    return {
        "date": start,
        "end": end,
        "precision": t.date.precision,
        "text": t.text,
        "articles": list(t.articles),
        "evidence": [span_json(s) for s in t.evidence],
        "phrases": list(t.phrases),
        "notes": list(t.notes),
    }


def claim_json(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "articles": list(c.articles),
        "outlets": list(c.outlets),
        "origins": list(c.origins),
        "independent_origins": c.independent_origins,
        "evidence": [span_json(s) for s in c.evidence],
    }


def discrepancy_value_json(v: DiscrepancyValue) -> dict[str, Any]:
    return {
        "text": v.text,
        "value": v.value,
        "articles": list(v.articles),
        "outlets": list(v.outlets),
        "origins": list(v.origins),
        "independent_origins": v.independent_origins,
        "evidence": [span_json(s) for s in v.evidence],
        "sentences": [span_json(s) for s in v.sentences],
    }


def discrepancy_json(d: Discrepancy) -> dict[str, Any]:
    """A discrepancy; ``values`` (optional in the contract, empty when the check has none) lists each
    distinct value with every article, outlet, span and origin that states it."""
    return {
        "kind": d.kind,
        "text": d.text,
        "claims": list(d.claims),
        "evidence": [span_json(s) for s in d.evidence],
        "values": [discrepancy_value_json(v) for v in d.values],
    }


def story_json(s: Story) -> dict[str, Any]:
    brief = s.brief
    return {
        "id": s.id,
        "title": s.title,
        "articles": list(s.articles),
        "languages": list(s.languages),
        "merged_from": list(s.merged_from),
        "entities": [entity_json(e) for e in s.entities],
        "timeline": [timeline_json(t) for t in s.timeline],
        "claims": [claim_json(c) for c in s.claims],
        "discrepancies": [discrepancy_json(d) for d in s.discrepancies],
        "brief": {
            "markdown": brief.markdown if brief else "",
            "html": brief.html if brief else "",
            "sentences": [{"text": b.text, "citations": list(b.citations)} for b in (brief.sentences if brief else ())],
        },
    }


def gone_json(e: FileEvent) -> dict[str, Any]:
    """What took an input's file out of its folder (``inputs[].gone``)."""
    return {"event": e.event, "at": e.at, "renamed_to": e.other}


def gone_note(e: FileEvent) -> str:
    """The same, for a reason: what a reader of the inputs table needs to know."""
    if e.event == "renamed":
        return f"file renamed to {e.other} at {e.at}"
    return f"file removed from its folder at {e.at} (its article is kept, and stays in its story)"


def _append(entry: dict[str, Any], note: str) -> None:
    entry["reason"] = f"{entry['reason']}; {note}" if entry["reason"] else note


def build_report(
    inputs: Sequence[InputRecord],
    articles: Sequence[Article],
    relations: Sequence[Relation],
    stories: Sequence[dict[str, Any]],
    store: SQLiteStore | None = None,
    *,
    gone: Sequence[FileEvent] = (),
) -> dict[str, Any]:
    """Assemble report.json (stories already serialized with :func:`story_json`).

    With ``store``, an article an input names but no story holds (one a later version superseded) is
    added to ``articles[]``, marked ``superseded_by``, and its input's reason says so; inputs whose file
    left its folder, and articles no input in a folder holds any more, are marked (module docstring).
    ``gone``: the events of files that left their folder during this run; those still gone are listed
    with their articles (added to ``articles[]``). Relations with an end outside ``articles[]`` are left
    out, so every id the report names is in it.
    """
    arts = list(articles)
    have = {a.id for a in arts}
    later: dict[str, str] = {}
    files: list[dict[str, Any]] = []
    held_gone: dict[str, list[FileEvent]] = {}
    events = store is not None and store.any_events()
    if store is not None:
        for e in gone:
            if e.gone and store.gone_file(e.path) == e:  # still gone, by this event
                files.append({"source": e.path, **gone_json(e), "articles": store.file_articles(e.path)})
        named = [x for r in inputs for x in (r.article, r.duplicate_of) if x and x not in have]
        named += [a for f in files for a in f["articles"] if a not in have]
        for a in store.get_articles(named):
            arts.append(a)
            have.add(a.id)
        for aid in have:
            by = store.superseded_by(aid)
            if by:
                later[aid] = by
        held_gone = store.held_only_by_gone(have) if events else {}
    entries = []
    for r in inputs:
        entry = input_json(r)
        by = later.get(r.article or r.duplicate_of or "")
        if by and entry["status"] in ("stored", "duplicate"):
            _append(entry, f"superseded by {by} (a later version of the same input)")
        entry["gone"] = entry["renamed_from"] = None
        path = store.file_of(r.source) if store is not None and events else None
        if store is not None and path is not None:
            left = store.gone_file(path)
            came = store.renamed_from(path)
            if came is not None and came.path != path:
                entry["renamed_from"] = came.path
                _append(entry, f"file renamed from {came.path} at {came.at}")
            if left is not None:
                entry["gone"] = gone_json(left)
                _append(entry, gone_note(left))
        entries.append(entry)
    article_entries = []
    for a in arts:
        entry = article_json(a)
        entry["superseded_by"] = later.get(a.id)
        held = held_gone.get(a.id)
        entry["input_gone"] = {"at": max(e.at for e in held), "sources": [e.path for e in held]} if held else None
        article_entries.append(entry)
    return {
        "chorus_version": __version__,
        "inputs": entries,
        "articles": article_entries,
        "relations": [
            relation_json(r) for r in relations if r.a.partition(":")[0] in have and r.b.partition(":")[0] in have
        ],
        "stories": list(stories),
        "gone": files,
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of report.json (also published as docs/report.schema.json)."""
    return json.loads(resources.files("chorus").joinpath("report.schema.json").read_text("utf-8"))


def validate(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if the report breaks the contract."""
    import jsonschema

    jsonschema.validate(report, schema())


def _write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def write_outputs(report: dict[str, Any], out: Path) -> Path:
    """Write report.json, index.html and one brief per story (md, html, json). Returns report.json's path."""
    out.mkdir(parents=True, exist_ok=True)
    stories_dir = out / "stories"
    stories_dir.mkdir(exist_ok=True)
    titles = {a["id"]: a for a in report["articles"]}
    for story in report["stories"]:
        sid = _safe_id(story["id"])
        _write_atomic(stories_dir / f"{sid}.json", json.dumps(story, ensure_ascii=False, indent=2))
        md = story["brief"]["markdown"] or f"# {markdown_escape(story['title'] or story['id'])}\n"
        _write_atomic(stories_dir / f"{sid}.md", md)
        _write_atomic(stories_dir / f"{sid}.html", story_page(story, titles))
    _write_atomic(out / "index.html", index_page(report))
    path = out / "report.json"
    _write_atomic(path, json.dumps(report, ensure_ascii=False, indent=2))
    return path


def _safe_id(story_id: str) -> str:
    """Story ids become file names: keep only safe characters (no path traversal)."""
    safe = "".join(c for c in story_id if c.isalnum() or c in "-_")
    return safe or "story"


_STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.meta{color:#666;font-size:.9rem}
li{margin:.3rem 0}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:start;vertical-align:top}
.rejected{color:#a00}.duplicate{color:#a60}code{font-size:.85rem}"""


def _page(title: str, body: str, lang: str = "en") -> str:
    """One HTML document: ``lang`` and its direction on ``<html>``, ``title`` untrusted."""
    direction = "rtl" if lang in RTL_LANGUAGES else "ltr"
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}" dir="{direction}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{text_html(title)}</title><style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _lang_attr(languages: Sequence[str]) -> str:
    """``lang="ar"`` for a story in one language (its title is in it), else nothing."""
    return f' lang="{html.escape(languages[0])}"' if len(languages) == 1 else ""


def story_file_href(story_id: str) -> str:
    """Where the offline index links a story: its file ``stories/<safe id>.html`` next to index.html."""
    return f"stories/{_safe_id(story_id)}.html"


def index_page(report: dict[str, Any], story_href: Callable[[str], str] = story_file_href) -> str:
    """The offline index: every story (newest first, then the most reported) with its lead, latest
    article date, size and languages, then every input's fate.

    ``story_href`` maps a story id to its link: the file on disk by default; the HTTP API passes its
    ``/stories/{id}`` route.
    """
    e = html.escape
    current = [a for a in report["articles"] if not a.get("superseded_by")]
    published = {a["id"]: a.get("published") or "" for a in report["articles"]}

    def latest(story: dict[str, Any]) -> str:
        return max((published.get(a, "") for a in story["articles"]), default="")

    # newest first, then the most reported: what an editor opens the page for
    stories = sorted(report["stories"], key=lambda s: (latest(s), len(s["articles"]), s["id"]), reverse=True)
    rows = []
    for s in stories:
        sentences = (s.get("brief") or {}).get("sentences") or []
        lead = sentences[0]["text"] if sentences else ""
        lead = lead if len(lead) <= 240 else lead[:240].rsplit(" ", 1)[0] + " …"
        rows.append(
            f'<tr><td dir="auto"{_lang_attr(s["languages"])}><a href="{e(story_href(s["id"]))}">'
            f"{text_html(s['title'] or s['id'])}</a>"
            + (f'<div class="meta" dir="auto">{text_html(lead)}</div>' if lead else "")
            + f"</td><td>{e(latest(s))}</td>"
            f"<td>{len(s['articles'])}</td><td>{e(', '.join(s['languages']))}</td>"
            f"<td>{len(s['claims'])}</td></tr>"
        )
    gone = report.get("gone") or []
    gone_rows = "".join(
        f"<tr><td><code>{bdi(g['source'])}</code></td><td>{e(g['event'])}</td><td>{e(g['at'])}</td>"
        f"<td>{bdi(g['renamed_to'] or '')}</td><td>{e(', '.join(g['articles']))}</td></tr>"
        for g in gone
    )
    gone_table = (
        "<h2>Files no longer in their folder</h2><p>Their articles are kept and stay in their stories.</p>"
        "<table><tr><th>Source</th><th>What</th><th>Noticed</th><th>Now at</th><th>Articles</th></tr>"
        + gone_rows
        + "</table>"
        if gone
        else ""
    )
    inputs = []
    for r in report["inputs"]:
        detail = r["reason"] or ""
        if r["status"] == "duplicate":
            detail = f"duplicate of {r['duplicate_of']}" + (f" ({detail})" if detail else "")
        inputs.append(
            f'<tr class="{e(r["status"])}"><td><code>{bdi(r["source"])}</code></td><td>{e(r["status"])}</td>'
            f"<td>{e(r['article'] or '')}</td><td>{bdi(detail)}</td></tr>"
        )
    body = (
        f"<h1>Chorus: {len(report['stories'])} stories from {len(current)} articles</h1>"
        f'<p class="meta">chorus {e(report["chorus_version"])}</p>'
        "<h2>Stories</h2><table><tr><th>Story</th><th>Latest article</th><th>Articles</th><th>Languages</th>"
        "<th>Claims</th></tr>"
        + "".join(rows)
        + "</table><h2>Inputs</h2><table><tr><th>Source</th><th>Status</th><th>Article</th><th>Why</th></tr>"
        + "".join(inputs)
        + "</table>"
        + gone_table
    )
    return _page("Chorus report", body)


# The brief fragment's language (brief.py writes ``<article id=.. lang=.. dir=..>``); a brief stored by
# an earlier version is a whole document, whose <html> carries it.
_BRIEF_LANG = re.compile(r'<(?:article|html)\b[^>]*?\blang="([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)"')
_OLD_DOCUMENT = re.compile(r"<body>(.*)</body>", re.S)


def story_page(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    """A story's brief as one standalone document in the brief's language (the brief's own HTML
    fragment when the brief stage wrote one)."""
    title = story["title"] or story["id"]
    brief_html = story["brief"].get("html")
    if brief_html:
        m = _BRIEF_LANG.search(brief_html)
        old = _OLD_DOCUMENT.search(brief_html) if brief_html.lstrip()[:9].lower() == "<!doctype" else None
        return _page(title, old.group(1).strip() if old else brief_html, m.group(1) if m else "en")
    e = html.escape
    items = []
    for aid in story["articles"]:
        a = articles.get(aid, {})
        label = a.get("title") or a.get("outlet") or a.get("source") or aid
        items.append(f'<li>{bdi(str(label))} <span class="meta">{e(aid)}</span></li>')
    langs = list(story.get("languages") or [])
    body = f'<h1 dir="auto"{_lang_attr(langs)}>{text_html(title)}</h1><h2>Articles</h2><ul>{"".join(items)}</ul>'
    return _page(title, body)
