"""The open API shows no part of a server path: not in a quoted path holding both quotes, not in an
unquoted one holding a space, not after a '#' that is part of a folder's name; and a link skipped for
leading out of the folder keeps its target out of the reason altogether (Skipped.target)."""

from __future__ import annotations

import logging
import os

from chorus.api import public_source, public_text
from chorus.config import Settings
from chorus.ingest import plan_inputs
from chorus.ingest.plan import OUTSIDE, Skipped
from chorus.pipeline import ingest
from chorus.store import SQLiteStore

SECRETS = ("srv", "clients", "Acme", "Corp", "Q3", "reports", "2024", "/in/")


def _clean(shown: str | None) -> str:
    assert shown is not None
    leaked = [s for s in SECRETS if s in shown]
    assert not leaked, f"{leaked} leaked in {shown!r}"
    return shown


def test_a_quoted_path_holding_both_quotes_is_hidden_whole():
    target = '/srv/clients/Acme Corp\'s "Q3"/secret.txt'
    text = "symbolic link to " + repr(target) + ", outside the folder given: not followed"
    assert _clean(public_text(text, "/srv/in/l.txt", "l.txt")) == (
        "symbolic link to 'secret.txt', outside the folder given: not followed"
    )
    # not escaped as repr() does: the path still ends at the quote that ends a word
    text = "cannot be read: '/srv/clients/Acme Corp's/a.txt', gone"
    assert _clean(public_text(text)) == "cannot be read: 'a.txt', gone"
    assert _clean(public_text("error: '/srv/a/x' -> '/srv/b/y'")) == "error: 'x' -> 'y'"


def test_an_unquoted_path_holding_a_space_is_hidden_whole():
    assert _clean(public_text("cannot be read: /srv/clients/Acme Corp/reports/a.txt vanished", "s", None)) == (
        "cannot be read: a.txt vanished"
    )
    # a message cut short (short() ends it with '…') leaves a quote open
    cut = "internal error while reading: OSError: [Errno 5] I/O error: '/srv/clients/Acme Corp/" + "x" * 40 + "…"
    assert _clean(public_text(cut, "/srv/in/a.txt", "a.txt")).endswith("'" + "x" * 40 + "…")
    assert public_text("see /srv/a.txt https://e.org/x") == "see a.txt https://e.org/x", "a URL is not a path"


def test_public_source_splits_off_only_a_record_suffix_or_a_url():
    assert public_source("/srv/clients#2024/in/a.txt") == "a.txt"
    assert public_source("/srv/clients#2024/in/feed.jsonl#L3") == "feed.jsonl#L3"
    assert public_source("/srv/in/items.json#2") == "items.json#2"
    assert public_source("/srv/in/crawl.warc#https://e.org/a#top") == "crawl.warc#https://e.org/a#top"
    shown = public_text("cannot be read: /srv/clients#2024/in/a.txt: gone", "/srv/clients#2024/in/a.txt", "a.txt")
    assert _clean(shown) == "cannot be read: a.txt: gone"
    assert _clean(public_text("no text in /srv/clients#2024/in/x.txt")) == "no text in x.txt"


def test_a_link_out_of_the_folder_keeps_its_target_out_of_the_reason(tmp_path, caplog):
    secret = tmp_path / "srv-secret"
    secret.mkdir()
    (secret / "passwd").write_text("root:x:0:0")
    src = tmp_path / "in"
    src.mkdir()
    os.symlink(secret / "passwd", src / "l.txt")
    (entry,) = plan_inputs([str(src)])
    assert isinstance(entry.rejected, Skipped)
    assert entry.rejected.reason == OUTSIDE and "srv-secret" not in OUTSIDE
    assert entry.rejected.target == str(secret / "passwd"), "the target is in its own field"
    store = SQLiteStore(":memory:")
    with caplog.at_level(logging.INFO, logger="chorus"):
        (rec,) = ingest([str(src)], store, Settings(db=":memory:")).records
    assert rec.status == "skipped" and rec.reason == OUTSIDE
    assert all("srv-secret" not in (r.reason or "") for r in store.inputs()), "nor in the store"
    assert any(str(secret / "passwd") in m for m in caplog.messages), "the user running chorus still learns it"
    store.close()
