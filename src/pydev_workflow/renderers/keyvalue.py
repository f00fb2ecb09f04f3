"""Key-pattern tables for key-value entities (Redis and the like get no SQL DDL)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydev_workflow.model import Entity, Schema, StorageKind, TypeKind
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.tables import table

# Field names that say how long a key lives; the first match gives the TTL note.
_EXPIRY_AT = ("expires_at", "expire_at", "expiry", "expires")
_TTL = ("ttl", "ttl_seconds", "expires_in")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class KeySpec:
    """How one key-value entity is laid out: its key, its value fields, its expiry."""

    pattern: str
    key_fields: tuple[str, ...]
    value_fields: tuple[str, ...]
    ttl: str


def key_pattern(entity: Entity) -> str:
    """The declared `key_pattern`, or `{table}:{pk…}` built from the primary key."""
    if entity.key_pattern:
        return entity.key_pattern
    keys = entity.primary_key or tuple(f.name for f in entity.fields[:1])
    return entity.table + "".join(f":{{{k}}}" for k in keys)


def key_spec(entity: Entity) -> KeySpec:
    """The key layout of `entity`: pattern, fields in the key, fields in the value, TTL note."""
    pattern = key_pattern(entity)
    in_key = tuple(n for n in _PLACEHOLDER.findall(pattern) if entity.field(n) is not None)
    values = tuple(f.name for f in entity.fields if f.name not in in_key)
    ttl = "no expiry: keys live until deleted"
    for f in entity.fields:
        name = f.name.lower()
        if name in _EXPIRY_AT and f.type.kind in (TypeKind.TIMESTAMP, TypeKind.DATE):
            ttl = f"expires at `{f.name}` (EXPIREAT)"
            break
        if name in _TTL or name in _EXPIRY_AT:
            ttl = f"TTL from `{f.name}` (EXPIRE)"
            break
    return KeySpec(pattern, in_key, values, ttl)


def value_text(entity: Entity, spec: KeySpec) -> str:
    """`user_id UUID, expires_at TIMESTAMPTZ`: the value fields with their documented types."""
    parts = []
    for name in spec.value_fields:
        f = entity.field(name)
        parts.append(f"{name} {f.type.doc_name()}" if f is not None else name)
    return ", ".join(parts) or "-"


def key_table(entity: Entity) -> str:
    """The seed-style Key pattern | Value | TTL/notes table of one entity (no trailing newline)."""
    spec = key_spec(entity)
    return table(
        ("Key pattern", "Value", "TTL/notes"),
        [(f"`{spec.pattern}`", value_text(entity, spec), spec.ttl)],
    )


def keyvalue_entities(schema: Schema) -> tuple[Entity, ...]:
    """Entities stored in a key-value store, in spec order."""
    return tuple(e for e in schema.entities if e.storage_kind is StorageKind.KEY_VALUE)


def render(schema: Schema, options: RenderOptions) -> str:
    """One Markdown table of every key-value entity (Entity | Store | Key pattern | Value | TTL)."""
    del options  # key layouts depend on neither dialect nor date
    rows = []
    for e in keyvalue_entities(schema):
        spec = key_spec(e)
        engine = e.storage.engine if e.storage and e.storage.engine else "key-value"
        rows.append((e.name, engine, f"`{spec.pattern}`", value_text(e, spec), spec.ttl))
    if not rows:
        return "No key-value entities.\n"
    return table(("Entity", "Store", "Key pattern", "Value", "TTL/notes"), rows) + "\n"


__all__ = [
    "KeySpec",
    "key_pattern",
    "key_spec",
    "key_table",
    "keyvalue_entities",
    "render",
    "value_text",
]
