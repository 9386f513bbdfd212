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


def _apply(obj: Any, table: dict[str, Any], where: str) -> Any:
    names = {f.name for f in fields(obj)}
    unknown = sorted(set(table) - names)
    if unknown:
        raise ConfigError(f"unknown setting(s) {unknown} in [{where}]; valid: {sorted(names)}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
    try:
        return replace(obj, **values)
    except TypeError as e:
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
                mb = {k: int(v * 1024 * 1024) for k, v in value.items() if k in ("max_file_mb", "max_record_mb")}
                other = {k: v for k, v in value.items() if k not in ("max_file_mb", "max_record_mb")}
                table = {("max_file_bytes" if k == "max_file_mb" else "max_record_bytes"): v for k, v in mb.items()}
                s = replace(s, ingest=_apply(s.ingest, {**other, **table}, "ingest"))
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
