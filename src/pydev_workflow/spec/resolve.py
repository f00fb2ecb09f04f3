"""Resolve names in a freshly built Schema: every reference must land on something that exists.

A spec whose references dangle cannot become a model: these are input errors, not findings.
Importers call this too, so every source format gets the same guarantees.
"""

from __future__ import annotations

from dataclasses import replace

from pydev_workflow.errors import Loc, Problem, did_you_mean
from pydev_workflow.model import Entity, ForeignKey, Schema


def resolve(schema: Schema) -> tuple[Schema, list[Problem]]:
    """Fill derived names (FK target fields) and report every dangling or duplicate name."""
    problems: list[Problem] = []

    def err(loc: Loc, message: str, hint: str = "") -> None:
        problems.append(Problem(loc, message, hint))

    by_name: dict[str, Entity] = {}
    by_table: dict[str, Entity] = {}
    by_lower: dict[str, Entity] = {}
    for e in schema.entities:
        clash = by_lower.get(e.name.lower())
        if clash is not None:
            err(e.loc, f"duplicate entity {e.name!r} (also at line {clash.loc.line})", "rename one")
            continue
        qualified = f"{e.schema}.{e.table}" if e.schema else e.table
        if qualified in by_table:
            other = by_table[qualified]
            err(e.loc, f"entity {e.name!r} uses table {qualified!r} of {other.name!r}", "rename")
        by_name[e.name] = e
        by_lower[e.name.lower()] = e
        by_table[qualified] = e
    entity_names = list(by_name)
    bare: dict[str, Entity] = {}
    for qualified, ent in by_table.items():
        bare.setdefault(qualified.rsplit(".", 1)[-1], ent)

    def find(name: str) -> Entity | None:
        return by_name.get(name) or by_table.get(name) or bare.get(name)

    def unknown_entity(loc: Loc, name: str, what: str) -> None:
        err(loc, f"{what} names unknown entity {name!r}", did_you_mean(name, entity_names))

    def check_fields(e: Entity, names: tuple[str, ...], loc: Loc, what: str) -> None:
        for n in names:
            if e.field(n) is None:
                hint = did_you_mean(n, [f.name for f in e.fields])
                err(loc, f"{what} names unknown field {e.name}.{n}", hint)

    index_names: dict[str, Loc] = {}
    new_entities: list[Entity] = []
    for e in schema.entities:
        seen: set[str] = set()
        for f in e.fields:
            if f.name.lower() in seen:
                err(f.loc, f"duplicate field {e.name}.{f.name}", "field names must be unique")
            seen.add(f.name.lower())
        check_fields(e, e.primary_key, e.loc, "primary_key")
        for u in e.uniques:
            check_fields(e, u.fields, u.loc or e.loc, "unique constraint")
        for ix in e.indexes:
            check_fields(e, ix.field_names, ix.loc, f"index {ix.name}")
            key = f"{e.schema or ''}.{ix.name}".lower()
            if key in index_names:
                err(ix.loc, f"duplicate index name {ix.name!r}", "index names share one namespace")
            index_names[key] = ix.loc
        if e.partitioning:
            check_fields(e, e.partitioning.key, e.partitioning.loc, "partitioning key")
        fks: list[ForeignKey] = []
        for fk in e.foreign_keys:
            check_fields(e, fk.fields, fk.loc, "foreign key")
            target = find(fk.ref_entity)
            if target is None:
                unknown_entity(fk.loc, fk.ref_entity, "references")
                fks.append(fk)
                continue
            ref_fields = fk.ref_fields or target.primary_key
            if not ref_fields:
                err(fk.loc, f"{target.name} has no primary key to reference", "name the field")
            check_fields(target, ref_fields, fk.loc, "references")
            if ref_fields and len(ref_fields) != len(fk.fields):
                err(
                    fk.loc,
                    f"foreign key has {len(fk.fields)} field(s) but references {len(ref_fields)}",
                )
            ref_fields = tuple(ref_fields)
            if target.name != fk.ref_entity or ref_fields != fk.ref_fields:
                fk = replace(fk, ref_entity=target.name, ref_fields=ref_fields)
            fks.append(fk)
        new_entities.append(
            replace(e, foreign_keys=tuple(fks)) if fks != list(e.foreign_keys) else e
        )

    for r in schema.relationships:
        for side in (r.left, r.right, r.via):
            if side and find(side) is None:
                unknown_entity(r.loc, side, "relationship")
        if r.fk:
            child = find(r.right)
            if child is not None:
                check_fields(child, r.fk, r.loc, "relationship fk")

    for q in schema.query_patterns:
        if not q.entity:
            continue
        qe = find(q.entity)
        if qe is None:
            unknown_entity(q.loc, q.entity, f"query {q.name!r}")
            continue
        names = tuple(f.field for f in q.filters) + tuple(
            o.name for o in q.order_by if not o.expression
        )
        check_fields(qe, names + q.group_by, q.loc, f"query {q.name!r}")
        if q.index and q.index != "-" and q.index.upper() != "PK":
            if not any(ix.name == q.index for ix in qe.indexes):
                err(
                    q.loc,
                    f"query {q.name!r} names unknown index {q.index!r} of {qe.name}",
                    did_you_mean(q.index, [ix.name for ix in qe.indexes]),
                )

    resolved = replace(schema, entities=tuple(new_entities))
    # relationships and queries may name entities by table: normalise to entity names (a copy
    # only where a name changes: most specs already use entity names)
    rels = []
    for r in schema.relationships:
        left, right = _name(find, r.left), _name(find, r.right)
        via = _name(find, r.via) if r.via else None
        if (left, right, via) != (r.left, r.right, r.via):
            r = replace(r, left=left, right=right, via=via)
        rels.append(r)
    queries = []
    for q in schema.query_patterns:
        entity = _name(find, q.entity)
        queries.append(q if entity == q.entity else replace(q, entity=entity))
    return replace(resolved, relationships=tuple(rels), query_patterns=tuple(queries)), problems


def _name(find: object, name: str) -> str:
    e = find(name)  # type: ignore[operator]
    return e.name if e is not None else name
