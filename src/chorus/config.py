"""Settings: defaults <- TOML file <- environment <- CLI flags, frozen once built.

A TOML file has one table per stage, named as the attributes of :class:`Settings`::

    [ingest]
    max_file_mb = 20
    [language]
    languages = ["en", "ar", "fr"]

Environment: ``CHORUS_DB`` (store path), ``CHORUS_LANGUAGES`` (comma-separated codes),
``CHORUS_TOKEN`` (token the HTTP API requires for writes).
"""

from __future__ import annotations

import os
import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from chorus.errors import ConfigError
from chorus.ingest import ReadConfig
from chorus.stages.attribution import AttributionConfig
from chorus.stages.brief import BriefConfig
from chorus.stages.claims import ClaimsConfig
from chorus.stages.clean import CleanConfig
from chorus.stages.cluster import ClusterConfig
from chorus.stages.entities import EntitiesConfig
from chorus.stages.language import LanguageConfig
from chorus.stages.relations import RelationsConfig
from chorus.stages.timeline import TimelineConfig


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of a run. Stage settings are their own frozen dataclasses."""

    db: str = "chorus.db"
    ingest: ReadConfig = field(default_factory=ReadConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    relations: RelationsConfig = field(default_factory=RelationsConfig)
    attribution: AttributionConfig = field(default_factory=AttributionConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    entities: EntitiesConfig = field(default_factory=EntitiesConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    brief: BriefConfig = field(default_factory=BriefConfig)
    min_words: int = 5
    token: str | None = None

    def __post_init__(self) -> None:
        if self.min_words < 1:
            raise ConfigError("min_words must be at least 1")


_STAGE_TABLES = ("clean", "language", "relations", "attribution", "cluster", "entities", "timeline", "claims", "brief")


_INGEST_MB = {"max_file_mb": "max_file_bytes", "max_record_mb": "max_record_bytes"}


def _type_name(tp: Any) -> str:
    """What a user writes in TOML for a field of type ``tp``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in typing.get_args(tp) if a is not type(None)]
        return " or ".join(names)
    if origin in (tuple, list, set, frozenset) or tp in (tuple, list):
        return "a list"
    if origin is dict or tp is dict:
        return "a table"
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _fits(value: Any, tp: Any) -> bool:
    """Whether a TOML value can stand for a field of type ``tp`` (unknown types are let through)."""
    if tp is Any:
        return True
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, a) for a in typing.get_args(tp))
    if tp is type(None):
        return value is None
    if origin in (tuple, list, set, frozenset) or tp in (tuple, list):
        return isinstance(value, (list, tuple))
    if origin is dict or tp is dict:
        return isinstance(value, dict)
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is str:
        return isinstance(value, str)
    if isinstance(tp, type) and hasattr(tp, "__dataclass_fields__"):
        return isinstance(value, (dict, tp))
    return True


def _check_types(obj: Any, table: dict[str, Any], where: str, shown: dict[str, str] | None = None) -> None:
    """Raise a ConfigError naming the key and the expected type for a value of the wrong type."""
    try:
        hints = typing.get_type_hints(type(obj))
    except Exception:  # an annotation that cannot be resolved: let the dataclass judge the value
        return
    for key, value in table.items():
        tp = hints.get(key)
        if tp is not None and not _fits(value, tp):
            name = (shown or {}).get(key, key)
            raise ConfigError(f"[{where}] {name} must be {_type_name(tp)}, not {value!r}")


def _apply(obj: Any, table: dict[str, Any], where: str, shown: dict[str, str] | None = None) -> Any:
    """Replace fields of ``obj`` from a TOML table. ``shown``: field name -> the key users write."""
    shown = shown or {}
    names = {f.name for f in fields(obj)}
    unknown = sorted(set(table) - names)
    if unknown:
        valid = sorted(shown.get(n, n) for n in names)
        raise ConfigError(f"unknown setting(s) {[shown.get(k, k) for k in unknown]} in [{where}]; valid: {valid}")
    _check_types(obj, table, where, shown)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    try:
        return replace(obj, **values)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"bad value in [{where}]: {e}") from e


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, an optional TOML file, the environment, then keyword overrides.

    >>> load_settings(db=":memory:").db
    ':memory:'
    """
    s = Settings()
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text("utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(f"config file {p} does not exist") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"config file {p} is not valid TOML: {e}") from e
        top: dict[str, Any] = {}
        for key, value in data.items():
            if key == "ingest" and isinstance(value, dict):
                # Users write sizes in MB (max_file_mb); the ReadConfig fields are in bytes.
                table = {}
                for k, v in value.items():
                    if k in _INGEST_MB:
                        if isinstance(v, bool) or not isinstance(v, (int, float)):
                            raise ConfigError(f"[ingest] {k} must be a number (megabytes), not {v!r}")
                        table[_INGEST_MB[k]] = int(v * 1024 * 1024)
                    elif k in _INGEST_MB.values():  # the byte fields are not settings users write
                        table["\0" + k] = v
                    else:
                        table[k] = v
                shown = {**{b: m for m, b in _INGEST_MB.items()}, **{"\0" + b: b for b in _INGEST_MB.values()}}
                s = replace(s, ingest=_apply(s.ingest, table, "ingest", shown))
            elif key in _STAGE_TABLES and isinstance(value, dict):
                s = replace(s, **{key: _apply(getattr(s, key), value, key)})
            else:
                top[key] = value
        if top:
            s = _apply(s, top, "top level")
    env_db = os.environ.get("CHORUS_DB")
    if env_db:
        s = replace(s, db=env_db)
    env_langs = os.environ.get("CHORUS_LANGUAGES")
    if env_langs:
        s = replace(s, language=LanguageConfig(languages=tuple(x.strip() for x in env_langs.split(",") if x.strip())))
    if os.environ.get("CHORUS_TOKEN"):
        s = replace(s, token=os.environ["CHORUS_TOKEN"])
    clean_overrides = {k: v for k, v in overrides.items() if v is not None}
    return replace(s, **clean_overrides) if clean_overrides else s
