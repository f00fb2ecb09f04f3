"""Merge an imported model into an existing spec, keeping what only the user can write."""

from __future__ import annotations

import re
from dataclasses import replace

from pydev_workflow.model import Entity, Field, Index, Relationship, Schema, Sequence, snake_case


def _key(e: Entity) -> str:
    return f"{e.schema or ''}.{e.table}".lower()


def merge(existing: Schema, imported: Schema) -> Schema:
    """The imported structure with the user's prose and decisions from `existing`.

    See `merge_report`; this drops the notes.
    """
    return merge_report(existing, imported)[0]


def merge_report(existing: Schema, imported: Schema) -> tuple[Schema, tuple[str, ...]]:
    """Merge `imported` (the source's truth about tables) into `existing` (the user's spec).

    Structure (fields, types, keys, indexes) comes from `imported`. Kept from `existing`:
    entity names (so query patterns and relationships still point at them), descriptions of
    entities and fields where the import has none, components, storage, normalization, key
    patterns, index purposes, partitioning purpose, relationship labels and descriptions,
    query patterns, decisions, migration strategy, project, dialect and components list.
    Entities only in `existing` are kept (they may live outside the database: a cache, files).
    Query patterns whose entity or fields no longer exist are dropped, each noted.

    Returns:
        The merged schema and notes saying what was kept, renamed or dropped.
    """
    notes: list[str] = []
    entities, renames = _merge_entities(existing, imported, notes)
    names = {e.name for e in entities}
    fields = {e.name: {f.name for f in e.fields} for e in entities}
    rels = _merge_relationships(existing, imported, renames, names, notes)
    queries = []
    for q in existing.query_patterns:
        used = {f.field for f in q.filters} | {o.name for o in q.order_by if not o.expression}
        used |= set(q.group_by)
        if q.entity in names and used <= fields.get(q.entity, set()):
            queries.append(q)
        else:
            notes.append(f"query pattern {q.name!r}: dropped (its entity or fields are gone)")
    # facts the source states (e.g. "relational on PostgreSQL") join the user's decisions
    decisions = existing.decisions + tuple(
        d for d in imported.decisions if all(d.decision != o.decision for o in existing.decisions)
    )
    merged = replace(
        existing,
        entities=tuple(entities),
        relationships=tuple(rels),
        query_patterns=tuple(queries),
        decisions=decisions,
        sequences=_merge_sequences(existing, imported, notes),
    )
    return merged, tuple(notes)


def _merge_sequences(existing: Schema, imported: Schema, notes: list[str]) -> tuple[Sequence, ...]:
    """The source's sequences; one only the spec has is kept, noted (it may be created later)."""
    seen = {(q.schema, q.name) for q in imported.sequences}
    kept = tuple(q for q in existing.sequences if (q.schema, q.name) not in seen)
    notes += [f"sequence {q.name}: kept from the spec (not in the source)" for q in kept]
    return imported.sequences + kept


def _merge_entities(
    existing: Schema, imported: Schema, notes: list[str]
) -> tuple[list[Entity], dict[str, str]]:
    """The merged entities, and the renames (imported entity name -> the user's name)."""
    pairs = _pair(existing.entities, imported.entities)
    renames: dict[str, str] = {}  # imported entity name -> the user's name
    entities: list[Entity] = []
    matched: set[str] = set()
    for new in imported.entities:
        found = pairs.get(new.name)
        if found is None:
            entities.append(new)
            notes.append(f"{new.name}: new entity from the source")
            continue
        old, folded = found
        matched.add(_key(old))
        if old.name != new.name:
            renames[new.name] = old.name
        if folded:
            what = "init stub" if _is_stub(old) else "entity"
            notes.append(
                f"{old.name}: the {what} {old.name} (table {old.table}) now holds table "
                f"{new.table} from the source ({new.name}: names match singular/plural, any "
                "case); its description, component, storage and normalization are kept"
            )
        entities.append(_merge_entity(old, new))
    # the user's names replace imported ones in every reference
    entities = [_rename_refs(e, renames) for e in entities]
    for old in existing.entities:
        if _key(old) not in matched:
            entities.append(old)
            if _is_stub(old):
                notes.append(
                    f"{old.name}: init stub kept: no table of the source matches it (give it "
                    "the table's name, or delete it if the component needs no entity)"
                )
            else:
                notes.append(f"{old.name}: kept from the spec (not in the source)")
    return entities, renames


def _merge_relationships(
    existing: Schema,
    imported: Schema,
    renames: dict[str, str],
    names: set[str],
    notes: list[str],
) -> list[Relationship]:
    """The source's relationships with the user's labels, then the user's whose ends remain."""
    rels: list[Relationship] = []
    imported_rels = [_rename_rel(r, renames) for r in imported.relationships]
    for r in imported_rels:
        mine = next((o for o in existing.relationships if _same_rel(o, r)), None)
        if mine is not None:
            r = replace(r, label=mine.label or r.label, description=mine.description)
        rels.append(r)
    for o in existing.relationships:
        present = any(_same_rel(o, r) for r in rels)
        ends = all(x in names for x in (o.left, o.right, o.via) if x)
        if not present and ends:
            rels.append(o)
        elif not present:
            notes.append(f"relationship {o.left} -> {o.right}: dropped (an entity is gone)")
    return rels


_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}
_STUB_FIELDS = ("id", "created_at", "updated_at")  # what `init` writes into each stub


def fold(name: str) -> str:
    """A name as the matcher compares it: `OrderItems`, `order_items`, `OrderItem` -> `orderitem`.

    Case and underscores are ignored and a plural is made singular (`categories` ->
    `category`, `statuses` -> `status`, `people` -> `person`).
    """
    word = re.sub(r"[^a-z0-9]", "", snake_case(name))
    tail = re.sub(r"[^a-z0-9]", "", snake_case(name).rsplit("_", 1)[-1])
    head = word[: len(word) - len(tail)]
    if tail in _IRREGULAR:
        return head + _IRREGULAR[tail]
    for plural, singular in (
        ("ies", "y"),
        ("sses", "ss"),
        ("uses", "us"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
    ):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _is_stub(e: Entity) -> bool:
    return tuple(f.name for f in e.fields) == _STUB_FIELDS and not e.foreign_keys


def _pair(
    existing: tuple[Entity, ...], imported: tuple[Entity, ...]
) -> dict[str, tuple[Entity, bool]]:
    """Imported entity name -> (the user's entity it merges into, matched by folded name).

    First by table (with schema), then by table alone, then by name; what is left is
    paired by folded name (singular/plural, case, underscores) when the components agree
    (the same, or one side has none) and the pairing is unambiguous.
    """
    by_key = {_key(e): e for e in existing}
    by_name = {e.name.lower(): e for e in existing}
    out: dict[str, tuple[Entity, bool]] = {}
    taken: set[str] = set()
    for new in imported:
        old = by_key.get(_key(new)) or by_key.get(f".{new.table}".lower())
        if old is None:
            old = by_name.get(new.name.lower())
        if old is not None and _key(old) not in taken:
            out[new.name] = (old, False)
            taken.add(_key(old))
    left = [e for e in existing if _key(e) not in taken]
    for new in imported:
        if new.name in out:
            continue
        keys = {fold(new.name), fold(new.table)}
        found = [
            o
            for o in left
            if _key(o) not in taken
            and keys & {fold(o.name), fold(o.table)}
            and (not o.component or not new.component or o.component == new.component)
        ]
        if len(found) == 1:
            out[new.name] = (found[0], True)
            taken.add(_key(found[0]))
    return out


def _merge_entity(old: Entity, new: Entity) -> Entity:
    old_fields = {f.name.lower(): f for f in old.fields}
    fields: list[Field] = []
    for f in new.fields:
        o = old_fields.get(f.name.lower())
        fields.append(replace(f, description=f.description or o.description) if o else f)
    old_ix = {ix.name.lower(): ix for ix in old.indexes}
    indexes: list[Index] = []
    for ix in new.indexes:
        oi = old_ix.get(ix.name.lower())
        indexes.append(replace(ix, purpose=ix.purpose or oi.purpose) if oi else ix)
    partitioning = new.partitioning
    if partitioning and old.partitioning and not partitioning.purpose:
        partitioning = replace(partitioning, purpose=old.partitioning.purpose)
    return replace(
        new,
        name=old.name,
        fields=tuple(fields),
        indexes=tuple(indexes),
        partitioning=partitioning,
        description=new.description or old.description,
        component=old.component or new.component,
        storage=old.storage or new.storage,
        normalization=old.normalization or new.normalization,
        key_pattern=old.key_pattern or new.key_pattern,
    )


def _rename_refs(e: Entity, renames: dict[str, str]) -> Entity:
    if not renames or not any(fk.ref_entity in renames for fk in e.foreign_keys):
        return e
    fks = tuple(
        replace(fk, ref_entity=renames.get(fk.ref_entity, fk.ref_entity)) for fk in e.foreign_keys
    )
    return replace(e, foreign_keys=fks)


def _rename_rel(r: Relationship, renames: dict[str, str]) -> Relationship:
    return replace(
        r,
        left=renames.get(r.left, r.left),
        right=renames.get(r.right, r.right),
        via=renames.get(r.via, r.via) if r.via else None,
    )


def _same_rel(a: Relationship, b: Relationship) -> bool:
    if a.via or b.via:
        return a.via == b.via and {a.left, a.right} == {b.left, b.right}
    if (a.left, a.right) != (b.left, b.right):
        return False
    return not a.fk or not b.fk or a.fk == b.fk
