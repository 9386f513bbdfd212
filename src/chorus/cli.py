"""The ``chorus`` command line (typer + rich). Thin: all work happens in :mod:`chorus.pipeline`.

Exit status: 0 when a run finished (even with rejected inputs, which are listed), 1 when nothing could
be ingested or an error stopped the command, 2 for a usage error. Errors print one line, never a
traceback (set ``CHORUS_DEBUG=1`` to see one).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chorus import __version__
from chorus.errors import ChorusError, ConfigError

app = typer.Typer(
    name="chorus",
    help="Turn a pile or a feed of news articles into stories with cited briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite store (default ./chorus.db, or $CHORUS_DB).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="A TOML settings file.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"chorus {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    # Libraries' own warnings ("discarding data" for a cookie-banner page) repeat what the inputs log
    # already says with a reason; show them only with --verbose.
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.ERROR)


def _settings(db: str | None, config: Path | None) -> Any:
    from chorus.config import load_settings

    return load_settings(config, db=db)


def _store(settings: Any, *, must_exist: bool = False) -> Any:
    """Open the store; read-only commands pass ``must_exist`` so a mistyped --db creates nothing."""
    from chorus.store import open_store

    return open_store(settings.db, must_exist=must_exist)


def _show(value: object) -> str:
    """A user-controlled string (file name, URL, title) made safe to print through rich markup."""
    from chorus.pipeline import display_name

    return escape(display_name(str(value)))


def _check_out_dir(out_dir: Path) -> None:
    """Refuse an --out that cannot be a folder before anything is ingested."""
    if out_dir.exists():
        if not out_dir.is_dir():
            raise ConfigError(f"--out {out_dir} exists and is not a folder; give a folder for the report")
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise ConfigError(f"--out {out_dir} is not writable")
        return
    parent = out_dir.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise ConfigError(f"--out {out_dir} cannot be created: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ConfigError(f"--out {out_dir} cannot be created: {parent} is not writable")


def _write_report(report: dict[str, Any], out_dir: Path) -> Path:
    """write_outputs, removing the temporary files a failed write leaves behind."""
    from chorus.report import write_outputs

    folders = (out_dir, out_dir / "stories")
    before = {p for d in folders if d.is_dir() for p in d.glob("*.tmp")}
    try:
        return write_outputs(report, out_dir)
    except BaseException:
        for d in folders:
            if d.is_dir():
                for p in d.glob("*.tmp"):
                    if p not in before:
                        p.unlink(missing_ok=True)
        raise


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _progress(enabled: bool) -> Any:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    if not enabled:
        return None
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} inputs"),
        console=err,
        transient=True,
    )


def _inputs_table(records: list[Any]) -> Table:
    t = Table(show_header=True, header_style="bold")
    t.add_column("source", overflow="fold")
    t.add_column("status")
    t.add_column("article / reason", overflow="fold")
    for r in records:
        style = {"stored": "green", "duplicate": "yellow", "rejected": "red", "skipped": "dim"}.get(r.status, "")
        detail = r.article or ""
        if r.status == "duplicate":
            detail = f"duplicate of {r.duplicate_of}"
        if r.reason:
            detail = f"{detail} ({r.reason})" if detail else r.reason
        t.add_row(_show(r.source), f"[{style}]{escape(r.status)}[/]" if style else escape(r.status), _show(detail))
    return t


STATUSES = ("stored", "duplicate", "rejected", "skipped")


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for standard input.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where report.json, index.html and stories/ go.")] = Path(
        "out"
    ),
    db: DbOpt = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
    engine: Annotated[
        str, typer.Option(help=escape("local (default) or spark (pip install 'chorus-news[spark]')."))
    ] = "local",
    master: Annotated[str, typer.Option(help="Spark master URL, with --engine spark.")] = "local[2]",
) -> None:
    """Ingest, relate, cluster and analyse; write report.json, index.html and one brief per story."""
    from chorus.pipeline import run as run_pipeline

    if engine not in ("local", "spark"):
        raise ConfigError(f"--engine must be local or spark, not {engine!r}")
    _check_out_dir(out_dir)
    settings = _settings(db, config)
    store = _store(settings)
    progress = _progress(not as_json and err.is_terminal and engine == "local")
    try:
        if engine == "spark":
            from chorus.scale.spark import run_spark

            result = run_spark(inputs, store, settings, master=master, out_dir=out_dir)
        elif progress:
            with progress:
                task = progress.add_task("ingesting", total=None)
                result = run_pipeline(
                    inputs, store, settings, progress=lambda s: progress.advance(task), out_dir=out_dir
                )
        else:
            result = run_pipeline(inputs, store, settings, out_dir=out_dir)
        path = _write_report(result.report, out_dir)
    finally:
        store.close()
    records = result.ingest.records
    n_new = len(result.ingest.new_articles)
    counts = {k: sum(1 for r in records if r.status == k) for k in STATUSES}
    if as_json:
        _print_json({"report": str(path), "inputs": counts, "new_articles": n_new, "stories": result.story_ids})
    else:
        # Everything not plainly stored: rejections, duplicates, skips, and stored inputs with a note
        # (a future date left unknown, a near duplicate, a guessed encoding).
        notable = [r for r in records if r.status != "stored" or (r.reason and r.reason != "already stored")]
        if notable:
            out.print(_inputs_table(notable))
        out.print(
            f"{counts['stored']} stored ({n_new} new), {counts['duplicate']} duplicate, {counts['rejected']} rejected, "
            f"{counts['skipped']} skipped; {len(result.story_ids)} stories"
        )
        out.print(f"Report: {_show(path)}")
    if not counts["stored"] and not counts["duplicate"]:
        raise typer.Exit(1)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or - for standard input.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Only read, clean and store inputs (no analysis); print what happened to each."""
    from chorus.pipeline import ingest as ingest_inputs

    settings = _settings(db, config)
    store = _store(settings)
    try:
        result = ingest_inputs(inputs, store, settings)
    finally:
        store.close()
    if as_json:
        from chorus.report import input_json

        _print_json([input_json(r) for r in result.records])
    else:
        out.print(_inputs_table(result.records))
    if not any(r.status in ("stored", "duplicate") for r in result.records):
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOpt = None,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Full-text query.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List stored articles (or those matching --search)."""
    settings = _settings(db, None)
    store = _store(settings, must_exist=True)
    try:
        if search:
            arts = store.get_articles(store.search(search, limit))
        else:
            arts = []
            for a in store.iter_articles():
                arts.append(a)
                if len(arts) >= limit:
                    break
    finally:
        store.close()
    if as_json:
        from chorus.report import article_json

        _print_json([article_json(a) for a in arts])
        return
    t = Table(show_header=True, header_style="bold")
    for col in ("id", "published", "lang", "outlet", "title / start of text"):
        t.add_column(col, overflow="fold")
    for a in arts:
        t.add_row(
            a.id,
            a.published.isoformat() if a.published else "",
            "+".join(a.languages),
            _show(a.outlet or ""),
            _show((a.title or a.text[:80]).replace("\n", " ")),
        )
    out.print(t)


@app.command()
def why(
    key: Annotated[str, typer.Argument(help="An input path/URL as given, or an article id (or its first 6+ chars).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Explain what happened to an input: stored, duplicate of X, rejected or skipped and why; and
    whether its file has since left its folder (removed, or renamed to another path)."""
    from chorus.pipeline import display_name

    key = display_name(key)
    settings = _settings(db, None)
    store = _store(settings, must_exist=True)
    try:
        records = store.why(key)
        files = dict.fromkeys(f for f in (store.file_of(s) for s in [key, *(r.source for r in records)]) if f)
        events = sorted({e.seq: e for f in files for e in store.file_events(f)}.values(), key=lambda e: e.seq)
        held = {e.path: store.file_articles(e.path) for e in events if e.event == "removed"}
        gone = {r.source: store.gone_file(f) if (f := store.file_of(r.source)) else None for r in records}
        story = None
        later: dict[str, str | None] = {}
        for r in records:
            aid = r.article or r.duplicate_of
            if aid and aid not in later:
                later[aid] = store.superseded_by(aid)
        for r in reversed(records):  # the story of the latest version
            aid = r.article or r.duplicate_of
            if aid and not later.get(aid):
                story = store.story_of(aid)
                break
    finally:
        store.close()
    if as_json:
        from chorus.report import gone_json, input_json

        inputs = []
        for r in records:
            entry = input_json(r)
            entry["superseded_by"] = later.get(r.article or r.duplicate_of or "")
            left = gone.get(r.source)
            entry["gone"] = gone_json(left) if left else None
            inputs.append(entry)
        files_json = [{"source": e.path, **gone_json(e)} for e in events]
        _print_json({"key": key, "inputs": inputs, "story": story, "files": files_json})
        return
    if not records and not events:
        err.print(
            f"Nothing known about {key!r}: it was never given to `chorus run` or `chorus ingest` with this --db.",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(1)
    for r in records:
        note = f" ({r.reason})" if r.reason else ""
        if r.status == "stored":
            line = f"{r.source}: stored as article {r.article}{note}"
        elif r.status == "duplicate":
            line = f"{r.source}: duplicate of article {r.duplicate_of}{note}"
        elif r.status == "skipped":
            line = f"{r.source}: skipped: {r.reason}"
        else:
            line = f"{r.source}: rejected: {r.reason}"
        by = later.get(r.article or r.duplicate_of or "")
        if by:
            line += f"; superseded by {by} (a later version of the same input)"
        out.print(line, markup=False, highlight=False)
    for e in events:
        if e.event == "renamed":
            line = f"{e.path}: renamed to {e.other} (noticed {e.at}); its article keeps its id and story"
        elif e.event == "back":
            line = f"{e.path}: back in its folder (noticed {e.at})"
        else:
            ids = held.get(e.path) or []
            what = f"its article {ids[0]} is" if len(ids) == 1 else f"its {len(ids)} articles are"
            line = f"{e.path}: removed from its folder (noticed {e.at})"
            if ids:
                line += (
                    f"; {what} kept, in the store and in its story (deleting a local copy does not retract "
                    "what was published)"
                )
        out.print(line, markup=False, highlight=False)
    if story:
        out.print(f"story: {story}", markup=False, highlight=False)


@app.command()
def stories(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List the stories in the store."""
    settings = _settings(db, None)
    store = _store(settings, must_exist=True)
    try:
        rows = store.list_stories()
    finally:
        store.close()
    if as_json:
        _print_json([{"id": i, "title": t, "articles": n} for i, t, n in rows])
        return
    t = Table(show_header=True, header_style="bold")
    t.add_column("story")
    t.add_column("articles", justify="right")
    t.add_column("title", overflow="fold")
    for i, title, n in rows:
        t.add_row(_show(i), str(n), _show(title or ""))
    out.print(t)


@app.command()
def show(
    story_id: Annotated[str, typer.Argument(help="A story id (old ids of merged stories resolve too).")],
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="md, json or html.")] = "md",
) -> None:
    """Print one story's brief."""
    if fmt not in ("md", "json", "html"):
        raise ConfigError(f"--format must be md, json or html, not {fmt!r}")
    settings = _settings(db, None)
    store = _store(settings, must_exist=True)
    try:
        data = store.get_story(story_id)
    finally:
        store.close()
    if data is None:
        err.print(
            f"No story {story_id!r} in {settings.db}; `chorus stories` lists them.", markup=False, highlight=False
        )
        raise typer.Exit(1)
    if fmt == "json":
        _print_json(data)
    elif fmt == "html":
        from chorus.report import story_page

        sys.stdout.write(story_page(data, {}))
    else:
        sys.stdout.write(data["brief"]["markdown"] or f"# {data['title']}\n")


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="The folder to watch (recursively).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where the report and briefs are kept current.")] = Path("out"),
    db: DbOpt = None,
    config: ConfigOpt = None,
    settle: Annotated[float, typer.Option(help="Seconds a file must stay unchanged before it is read.")] = 1.0,
) -> None:
    """Pick up new files as they land in FOLDER, assign them to stories, keep the report current."""
    from chorus.pipeline import display_name
    from chorus.watch import watch as watch_folder

    if not folder.is_dir():
        raise ConfigError(f"{display_name(str(folder))} is not a folder")
    _check_out_dir(out_dir)
    settings = _settings(db, config)
    store = _store(settings)

    def report(state: Any) -> None:
        out.print(
            f"batch {state.batches}: {len(state.records)} inputs so far, {len(state.story_ids)} stories; "
            f"report in {_show(out_dir / 'report.json')}"
        )

    out.print(f"Watching {_show(folder)} (Ctrl-C to stop)")
    try:
        watch_folder(folder, store, settings, out_dir, settle=settle, on_batch=report)
    finally:
        store.close()


@app.command()
def serve(
    db: DbOpt = None,
    config: ConfigOpt = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (1-65535; 0 picks a free one).", min=0, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(help="Token required by write endpoints ($CHORUS_TOKEN).")] = None,
) -> None:
    """Serve the HTTP API and the web page (reads are open; writes need the token)."""
    import uvicorn

    from chorus.api import create_app

    settings = _settings(db, config)
    if token:
        from dataclasses import replace

        settings = replace(settings, token=token)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


def _fail(message: str, code: int) -> None:
    from chorus.pipeline import display_name

    sys.stderr.write(f"error: {display_name(message)}\n")
    sys.exit(code)


def main() -> None:
    """Entry point: run the app, turning every Chorus error into one line and an exit code."""
    try:
        rc = app(standalone_mode=False)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except ConfigError as e:
        _fail(str(e), 2)
    except ChorusError as e:
        _fail(str(e), 1)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: everything stored so far is kept\n")
        sys.exit(130)
    except Exception as e:
        # typer vendors its own click: recognise its usage errors by shape, not by class.
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):
            code = int(e.exit_code)
            if type(e).__name__ == "NoArgsIsHelpError":
                sys.exit(2)
            _fail(e.format_message(), 2 if code not in (0, 1) else max(code, 1))
        if type(e).__name__ == "Abort":
            _fail("aborted", 1)
        if os.environ.get("CHORUS_DEBUG"):
            raise
        _fail(f"{type(e).__name__}: {e} (set CHORUS_DEBUG=1 for the traceback)", 1)
    sys.exit(rc if isinstance(rc, int) else 0)
