"""Resolve names in a freshly built Schema: every reference must land on something that exists.

A spec whose references dangle cannot become a model: these are input errors, not findings.
Importers call this too, so every source format gets the same guarantees.
"""

from __future__ import annotations

from dataclasses import replace

from pydev_workflow.errors import Loc, Problem, did_you_mean
from pydev_workflow.model import DefaultKind, Entity, FieldType, ForeignKey, Schema, TypeKind
from pydev_workflow.spec.fragments import (
    BOUND,
    fragment_problem,
    name_problem,
    native_type_problem,
    one_line_problem,
)

#: type parameters no engine takes (int32 is the widest any engine parses), array dimensions
#: PostgreSQL allows (MAXDIM 6: https://www.postgresql.org/docs/current/arrays.html)
MAX_TYPE_PARAMETER = 2**31 - 1
MAX_ARRAY_DIMENSIONS = 6


def resolve(schema: Schema, *, fragments: bool = True) -> tuple[Schema, list[Problem]]:
    """Fill derived names (FK target fields) and report every dangling or duplicate name.

    Also reports names no engine can hold (control characters, absurd lengths), key columns
    listed twice, type parameters beyond any engine, and (unless `fragments` is False: the
    spec loader checks them at their exact YAML position) every raw SQL fragment that is not
    exactly one sqlglot expression.
    """
    problems: list[Problem] = []

    def err(loc: Loc, message: str, hint: str = "") -> None:
        problems.append(Problem(loc, message, hint))

    problems.extend(_input_limits(schema, fragments))

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


def _input_limits(schema: Schema, fragments: bool) -> list[Problem]:
    """Names, duplicate key columns, type parameters and SQL fragments no engine should see."""
    problems: list[Problem] = []

    def name(loc: Loc, what: str, value: str | None, required: bool = False) -> bool:
        if value and len(value) < 64 and value.isprintable():  # hot: the common case
            return True
        if value or required:
            found = name_problem(value or "")
            if found is not None:
                shown = repr(value if len(value or "") <= 60 else (value or "")[:40] + "…")
                problems.append(Problem(loc, f"{what} {shown} {found[0]}", found[1]))
                return False
        return True

    def twice(loc: Loc, what: str, names: tuple[str, ...]) -> None:
        seen: set[str] = set()
        for n in names:
            if n in seen:
                problems.append(Problem(loc, f"{what} lists {n} twice", "list each field once"))
            seen.add(n)

    dialect = schema.dialect or "postgresql"

    def sql(loc: Loc, what: str, text: str | None, kind: str = "expression") -> None:
        if fragments and text:
            why = fragment_problem(text, dialect, kind)
            if why is not None:
                problems.append(Problem(loc, f"{what} {why}", _SQL_HINT))

    for component in schema.components:
        name(schema.loc, "component", component)
    for e in schema.entities:
        if not name(e.loc, "entity", e.name, required=True):
            continue  # its table name (derived from it) and messages naming it would repeat it
        name(e.loc, f"table of {e.name}", e.table)
        name(e.loc, f"schema of {e.name}", e.schema)
        name(e.loc, f"component of {e.name}", e.component)
        twice(e.loc, f"primary_key of {e.name}", e.primary_key)
        for f in e.fields:
            name(f.loc, f"field of {e.name}", f.name, required=True)
            _type_limits(problems, f.loc, f"{e.name}.{f.name}", f.type, dialect)
            if f.default is not None and f.default.kind is DefaultKind.SQL:
                sql(f.loc, f"default of {e.name}.{f.name}", f.default.value)
            sql(f.loc, f"check of {e.name}.{f.name}", f.check)
        for u in e.uniques:
            name(u.loc or e.loc, f"unique constraint of {e.name}", u.name)
            twice(u.loc or e.loc, f"unique constraint of {e.name}", u.fields)
        for c in e.checks:
            name(c.loc or e.loc, f"check constraint of {e.name}", c.name)
            sql(c.loc or e.loc, f"check of {e.name}", c.expression)
        for fk in e.foreign_keys:
            name(fk.loc, f"foreign key of {e.name}", fk.name)
            twice(fk.loc, f"foreign key of {e.name}", fk.fields)
            twice(fk.loc, f"foreign key of {e.name} references", fk.ref_fields)
        for ix in e.indexes:
            name(ix.loc, f"index of {e.name}", ix.name)
            twice(ix.loc, f"index {ix.name}", tuple(k.name for k in ix.fields))
            for k in ix.fields:
                if k.expression:
                    sql(ix.loc, f"key of index {ix.name}", k.name)
            sql(ix.loc, f"where of index {ix.name}", ix.where)
        if e.partitioning is not None:
            ploc = e.partitioning.loc or e.loc
            twice(ploc, f"partitioning key of {e.name}", e.partitioning.key)
            for pt in e.partitioning.partitions:
                name(ploc, f"partition of {e.name}", pt.name)
                sql(ploc, f"bound of partition {pt.name}", pt.bound, BOUND)
    for r in schema.relationships:  # prose, but one line: the ERD and tables print it so
        if r.label and one_line_problem(r.label):
            problems.append(
                Problem(r.loc, f"relationship label {r.label!r} {one_line_problem(r.label)}")
            )
    for q in schema.query_patterns:
        if q.name and one_line_problem(q.name):
            problems.append(Problem(q.loc, f"query name {q.name!r} {one_line_problem(q.name)}"))
        sql(q.loc, f"aggregate of query {q.name!r}", q.aggregate)
        for o in q.order_by:
            if o.expression:
                sql(q.loc, f"order_by of query {q.name!r}", o.name)
    # importers without positions (DBML) still name their file
    source = Loc(schema.source)
    return [p if p.loc.file or not source.file else replace(p, loc=source) for p in problems]


_SQL_HINT = "write one SQL expression, e.g. `price > 0`: no `;`, comment, statement or subquery"


def _type_limits(problems: list[Problem], loc: Loc, where: str, t: FieldType, dialect: str) -> None:
    """Type parameters no engine takes, arrays deeper than any engine, odd enum values."""
    for what, value in (("length", t.length), ("precision", t.precision), ("scale", t.scale)):
        if value is not None and value > MAX_TYPE_PARAMETER:
            problems.append(
                Problem(
                    loc,
                    f"{where}: {t.kind.value} {what} {value} is beyond any engine",
                    f"at most {MAX_TYPE_PARAMETER}; for long text use type: text",
                )
            )
    for label in t.values:
        found = name_problem(label)
        if found is not None:
            problems.append(Problem(loc, f"{where}: enum value {label!r} {found[0]}", found[1]))
    found = name_problem(t.enum_name) if t.enum_name else None
    if found is not None:
        problems.append(Problem(loc, f"{where}: enum_name {t.enum_name!r} {found[0]}", found[1]))
    if t.kind is TypeKind.NATIVE and t.native:
        why = native_type_problem(t.native, dialect)
        if why is not None:
            problems.append(
                Problem(
                    loc,
                    f"{where}: native type {t.native!r} {why}",
                    "write the engine's type name only, e.g. native(tsvector) or "
                    "native(geometry(Point, 4326))",
                )
            )
    depth, item = 0, t
    while item.kind is TypeKind.ARRAY and item.item is not None:
        depth, item = depth + 1, item.item
    if depth > MAX_ARRAY_DIMENSIONS:
        problems.append(
            Problem(
                loc,
                f"{where}: an array of {depth} dimensions (at most {MAX_ARRAY_DIMENSIONS})",
                "use fewer array(…) levels, or type: json",
            )
        )
    elif item is not t:
        _type_limits(problems, loc, where, item, dialect)
