"""Relationships and cardinality from foreign keys, and foreign keys guessed from names."""

from __future__ import annotations

from dataclasses import replace

from pydev_workflow.model import (
    Cardinality,
    Entity,
    ForeignKey,
    Relationship,
    Schema,
    TypeKind,
    snake_case,
)

#: column names that may sit beside the two keys of a junction table
TIMESTAMP_NAMES = frozenset(
    {
        "created_at",
        "updated_at",
        "created",
        "updated",
        "last_update",
        "last_updated",
        "modified",
        "modified_at",
        "inserted_at",
        "timestamp",
        "created_on",
        "updated_on",
    }
)


def _is_timestamp(e: Entity, name: str) -> bool:
    f = e.field(name)
    if f is None:
        return False
    return name.lower() in TIMESTAMP_NAMES or f.type.kind in (TypeKind.TIMESTAMP, TypeKind.DATE)


def junction_keys(e: Entity) -> tuple[ForeignKey, ForeignKey] | None:
    """The two foreign keys of a junction table, or None.

    A junction's columns are exactly the columns of two foreign keys, plus optional timestamps
    (`created_at`, `last_update`, any timestamp/date column).
    """
    if len(e.foreign_keys) != 2:
        return None
    a, b = e.foreign_keys
    keyed = set(a.fields) | set(b.fields)
    if set(a.fields) & set(b.fields):
        return None
    rest = [f.name for f in e.fields if f.name not in keyed]
    if not all(_is_timestamp(e, n) for n in rest):
        return None
    return a, b


def is_one_to_one(e: Entity, fk: ForeignKey) -> bool:
    """A foreign key whose columns are unique (PK, unique field, unique constraint or index)."""
    return e.is_unique(fk.fields)


def relationships(schema: Schema) -> tuple[Relationship, ...]:
    """One relationship per foreign key; junction tables become one N:M relationship.

    `left` is the referenced (parent) entity, `right` the entity holding the key. A unique key
    makes 1:1; otherwise 1:N. The label is the key's column names.
    """
    out: list[Relationship] = []
    for e in schema.entities:
        pair = junction_keys(e)
        if pair is not None:
            a, b = pair
            label = f"{snake_case(a.ref_entity)}_{snake_case(b.ref_entity)}"
            out.append(
                Relationship(
                    a.ref_entity, b.ref_entity, Cardinality.MANY_TO_MANY, label, via=e.name
                )
            )
            continue
        for fk in e.foreign_keys:
            card = Cardinality.ONE_TO_ONE if is_one_to_one(e, fk) else Cardinality.ONE_TO_MANY
            label = "_".join(fk.fields)
            out.append(Relationship(fk.ref_entity, e.name, card, label, fk=fk.fields))
    return tuple(out)


def _plural(word: str) -> list[str]:
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return [word[:-1] + "ies", word + "s"]
    if word.endswith(("s", "x", "ch", "sh")):
        return [word + "es"]
    return [word + "s"]


def infer_foreign_keys(schema: Schema) -> tuple[Schema, list[str]]:
    """Add foreign keys the source did not declare, by naming rules; each is an assumption.

    A column `x_id` (or `xId`) with no foreign key references the entity whose table is `x`
    or a plural of it (`xs`, `xes`, `ies`) and that has a single-column primary key.
    """
    by_table: dict[str, Entity] = {}
    for e in schema.entities:
        by_table.setdefault(e.table.lower(), e)
        by_table.setdefault(snake_case(e.name), e)
    notes: list[str] = []
    entities = []
    for e in schema.entities:
        added: list[ForeignKey] = []
        for f in e.fields:
            if e.fk_of(f.name) is not None or any(f.name in fk.fields for fk in e.foreign_keys):
                continue
            name = snake_case(f.name)
            if not name.endswith("_id") or len(name) <= 3:
                continue
            stem = name[:-3]
            target = None
            for candidate in [stem, *_plural(stem)]:
                hit = by_table.get(candidate)
                if hit is not None and len(hit.primary_key) == 1:
                    target = hit
                    break
            if target is None or (target is e and e.is_pk(f.name)):
                continue
            if e.is_pk(f.name) and len(e.primary_key) == 1 and target is not e:
                pass  # a shared primary key is still a reference (1:1 extension)
            ref = target.primary_key[0]
            ref_field = target.field(ref)
            if ref_field is None or ref_field.type.kind != f.type.kind:
                if not (ref_field and ref_field.type.is_integer and f.type.is_integer):
                    continue
            added.append(ForeignKey((f.name,), target.name, (ref,)))
            notes.append(
                f"{e.name}.{f.name} -> {target.name}.{ref}: inferred from the name "
                "(no foreign key in the source)"
            )
        entities.append(replace(e, foreign_keys=e.foreign_keys + tuple(added)) if added else e)
    return replace(schema, entities=tuple(entities)), notes
