"""A registry of entities across stories, so that one person seen in many stories is one entity.

Registry ids are stable: ``"e"`` + 16 hex digits of sha256 over the entity type and the normalized
key of its canonical name, so the same canonical name gets the same id in any run. An entity from a
new story resolves to an existing record when they share a multi-word name key (e.g. "murhaf
abuqasra"), or a single-word key that only one record of that type holds; a full name joins through
a family name only when the given names agree, so "Hafez al-Assad" never becomes the "Bashar
al-Assad" on record. Otherwise it is added.

The state is plain data (lists, dicts, strings) for the lead's store: :meth:`EntityRegistry.export`
and :meth:`EntityRegistry.from_state`.

Example:
    >>> from chorus.model import Entity
    >>> reg = EntityRegistry()
    >>> a = Entity(id="x", name="Vladimir Putin", type="PERSON", variants=("Vladimir Putin", "Putin"), mentions=())
    >>> b = Entity(id="y", name="Putin", type="PERSON", variants=("Putin",), mentions=())
    >>> reg.resolve(a) == reg.resolve(b)
    True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from chorus.errors import InputError
from chorus.model import Entity
from chorus.stages.entities_names import name_key, token_similarity

STATE_VERSION = 1
GIVEN_NAME_SIMILARITY = 0.8
"""How alike two given names must be (:func:`token_similarity`) for two full names to be one person."""


def entity_id(type_: str, name: str) -> str:
    """The stable id of an entity: ``"e"`` + sha256(type + normalized name key)[:16].

    >>> entity_id("PERSON", "al-Shaibani") == entity_id("PERSON", "Al Shaibani")
    True
    """
    key = name_key(name) or name.casefold()
    return "e" + hashlib.sha256(f"{type_}\t{key}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Record:
    id: str
    name: str
    type: str
    keys: set[str] = field(default_factory=set)
    variants: dict[str, None] = field(default_factory=dict)
    stories: int = 0


class EntityRegistry:
    """Entities seen so far, indexed by the normalized keys of their variants."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._index: dict[tuple[str, str], set[str]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, entity_id_: object) -> bool:
        return entity_id_ in self._records

    def name(self, entity_id_: str) -> str:
        """The canonical name recorded for ``entity_id_``.

        Raises:
            InputError: The id is unknown.
        """
        try:
            return self._records[entity_id_].name
        except KeyError:
            raise InputError(f"unknown entity id {entity_id_!r}; resolve() an entity first") from None

    def variants(self, entity_id_: str) -> tuple[str, ...]:
        """Every surface form recorded for ``entity_id_`` (empty when unknown)."""
        rec = self._records.get(entity_id_)
        return tuple(rec.variants) if rec else ()

    def _candidates(self, type_: str, keys: set[str]) -> list[str]:
        multi = [k for k in keys if " " in k]
        for k in sorted(multi):
            hits = self._index.get((type_, k))
            if hits:
                return sorted(hits)
        for k in sorted(keys - set(multi)):
            hits = self._index.get((type_, k))
            if hits and len(hits) == 1:
                (rid,) = hits
                if type_ == "PERSON" and multi and not self._same_given_name(multi, self._records[rid].keys):
                    continue  # "Hafez al-Assad" is not the "Bashar al-Assad" on record
                return [rid]
        return []

    @staticmethod
    def _same_given_name(new_keys: list[str], old_keys: set[str]) -> bool:
        """A full name may join a record through its family name only when the record knows no full
        name, or one whose given name matches (Sergei ~ Sergey)."""
        old_given = [k.split(" ", 1)[0] for k in old_keys if " " in k]
        if not old_given:
            return True
        return any(
            token_similarity(k.split(" ", 1)[0], g) >= GIVEN_NAME_SIMILARITY for k in new_keys for g in old_given
        )

    @staticmethod
    def _keys(entity: Entity) -> set[str]:
        """Index keys: every multi-word name key; for a person with a full name, single words only as
        the family name of a full name (a one-word variant such as a garbled "Al-Shallah" is evidence
        inside its story only); otherwise every key."""
        keys = {k for k in (name_key(v) for v in (entity.name, *entity.variants)) if k}
        multi = {k for k in keys if " " in k}
        if entity.type != "PERSON" or not multi:
            return keys
        return multi | {k.rsplit(" ", 1)[1] for k in multi}

    def resolve(self, entity: Entity) -> str:
        """The registry id of ``entity``, adding it (or its new variants) to the registry.

        Args:
            entity: An entity extracted from one story.

        Returns:
            The id of the matching record, or of a new record built from the entity.
        """
        keys = self._keys(entity)  # a family name alone ("Lavrov") may find the full name later
        hits = self._candidates(entity.type, keys)
        if hits:
            rec = self._records[hits[0]]
            if " " not in name_key(rec.name) and " " in name_key(entity.name):
                rec.name = entity.name  # the id stays; the name grows from "Assad" to the full name
        else:
            rid = entity_id(entity.type, entity.name)
            rec = self._records.get(rid) or _Record(id=rid, name=entity.name, type=entity.type)
            self._records[rid] = rec
        rec.stories += 1
        for v in (entity.name, *entity.variants):
            rec.variants.setdefault(v, None)
        for k in keys:
            rec.keys.add(k)
            self._index.setdefault((rec.type, k), set()).add(rec.id)
        return rec.id

    def export(self) -> dict[str, Any]:
        """The registry state as plain JSON-ready data (see :meth:`from_state`)."""
        return {
            "version": STATE_VERSION,
            "entities": [
                {
                    "id": r.id,
                    "name": r.name,
                    "type": r.type,
                    "keys": sorted(r.keys),
                    "variants": list(r.variants),
                    "stories": r.stories,
                }
                for r in sorted(self._records.values(), key=lambda r: r.id)
            ],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> EntityRegistry:
        """Rebuild a registry from :meth:`export` output.

        Raises:
            InputError: The state is not a registry export of a known version.
        """
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise InputError(f"not an entity registry state of version {STATE_VERSION}: pass EntityRegistry.export()")
        reg = cls()
        for row in state.get("entities", []):
            rec = _Record(
                id=row["id"],
                name=row["name"],
                type=row["type"],
                keys=set(row.get("keys", [])),
                variants=dict.fromkeys(row.get("variants", [])),
                stories=int(row.get("stories", 0)),
            )
            reg._records[rec.id] = rec
            for k in rec.keys:
                reg._index.setdefault((rec.type, k), set()).add(rec.id)
        return reg
