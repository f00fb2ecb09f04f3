"""The spec's reference syntax: `Entity.field`, `Entity(a, b)` or `Entity` (its primary key).

A name that is no plain word (a column `the id`, an entity ``Weird`Name``) is written in double
quotes, a quote in it doubled: `MyTable."the id"`, `"Order Details"("Order ID", "Product ID")`.
`spec/dump.py` writes what `spec/load.py` reads back, for every name a model may hold.
"""

from __future__ import annotations

import re

_QUOTED = r'"(?:[^"]|"")*"'
#: an entity: quoted, or a plain name (which may hold dots: the field is after the last one)
_ENTITY = rf"{_QUOTED}|[A-Za-z_][\w.]*?"
_FIELD = rf"{_QUOTED}|\w+"
_REFERENCE = re.compile(
    rf"^\s*({_ENTITY})\s*(?:\.\s*({_FIELD})|\(((?:\s*(?:{_QUOTED}|[^\"(),]+)\s*,?)+)\))?\s*$"
)
_LIST_ITEM = re.compile(rf"\s*({_QUOTED}|[^\",]+?)\s*(?:,|$)")
_PLAIN_ENTITY = re.compile(r"[A-Za-z_][\w.]*")
_PLAIN_FIELD = re.compile(r"\w+")
_PLAIN_LISTED = re.compile(r"\w+(?: +\w+)*")  # `Entity(the id)` has always read as "the id"


def _unquote(text: str) -> str:
    return text[1:-1].replace('""', '"') if text.startswith('"') else text


def parse_reference(raw: str) -> tuple[str, tuple[str, ...]] | None:
    """(entity, fields) of a reference; no fields: the entity's primary key. None: unreadable."""
    m = _REFERENCE.match(raw)
    if not m:
        return None
    entity, single, listed = _unquote(m.group(1)), m.group(2), m.group(3)
    if single:
        return entity, (_unquote(single),)
    if listed is None:
        return entity, ()
    items = [x for x in _LIST_ITEM.findall(listed) if x.strip()]
    if "".join(items).count('"') % 2 or not items:
        return None
    return entity, tuple(_unquote(x.strip()) for x in items)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def format_reference(entity: str, fields: tuple[str, ...], *, listed: bool = False) -> str:
    """The reference text `parse_reference` reads back as (entity, fields).

    `listed`: the `Entity(a, b)` form (a foreign key block), else `Entity.field` for one field.
    """
    shown = entity if _PLAIN_ENTITY.fullmatch(entity) else _quoted(entity)
    if not listed and len(fields) == 1:
        f = fields[0]
        return f"{shown}.{f if _PLAIN_FIELD.fullmatch(f) else _quoted(f)}"
    names = (f if _PLAIN_LISTED.fullmatch(f) else _quoted(f) for f in fields)
    return f"{shown}({', '.join(names)})"


__all__ = ["format_reference", "parse_reference"]
