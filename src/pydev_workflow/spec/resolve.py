"""Resolve names in a freshly built Schema: every reference must land on something that exists.

A spec whose references dangle cannot become a model: these are input errors, not findings.
Importers call this too, so every source format gets the same guarantees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pydev_workflow.errors import Loc, Problem, did_you_mean
from pydev_workflow.model import (
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    QueryPattern,
    Relationship,
    Schema,
    TypeKind,
)
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
    problems = _input_limits(schema, fragments)
    names = _Names(schema, problems)
    index_names: dict[str, Loc] = {}
    new_entities = [names.entity(e, index_names) for e in schema.entities]
    for r in schema.relationships:
        names.relationship(r)
    for q in schema.query_patterns:
        names.query(q)
    resolved = replace(schema, entities=tuple(new_entities))
    # relationships and queries may name entities by table: normalise to entity names (a copy
    # only where a name changes: most specs already use entity names)
    find = names.find
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


class _Names:
    """The entities by name, table and bare table name, and the checks of names against them."""

    def __init__(self, schema: Schema, problems: list[Problem]) -> None:
        self.problems = problems
        self.by_name: dict[str, Entity] = {}
        self.by_table: dict[str, Entity] = {}
        by_lower: dict[str, Entity] = {}
        for e in schema.entities:
            clash = by_lower.get(e.name.lower())
            if clash is not None:
                self.err(
                    e.loc,
                    f"duplicate entity {e.name!r} (also at line {clash.loc.line})",
                    "rename one",
                )
                continue
            qualified = f"{e.schema}.{e.table}" if e.schema else e.table
            if qualified in self.by_table:
                other = self.by_table[qualified]
                self.err(
                    e.loc, f"entity {e.name!r} uses table {qualified!r} of {other.name!r}", "rename"
                )
            self.by_name[e.name] = e
            by_lower[e.name.lower()] = e
            self.by_table[qualified] = e
        self.entity_names = list(self.by_name)
        self.bare: dict[str, Entity] = {}
        for qualified, ent in self.by_table.items():
            self.bare.setdefault(qualified.rsplit(".", 1)[-1], ent)

    def err(self, loc: Loc, message: str, hint: str = "") -> None:
        self.problems.append(Problem(loc, message, hint))

    def find(self, name: str) -> Entity | None:
        return self.by_name.get(name) or self.by_table.get(name) or self.bare.get(name)

    def unknown_entity(self, loc: Loc, name: str, what: str) -> None:
        self.err(
            loc, f"{what} names unknown entity {name!r}", did_you_mean(name, self.entity_names)
        )

    def check_fields(self, e: Entity, names: tuple[str, ...], loc: Loc, what: str) -> None:
        for n in names:
            if e.field(n) is None:
                hint = did_you_mean(n, [f.name for f in e.fields])
                self.err(loc, f"{what} names unknown field {e.name}.{n}", hint)

    def entity(self, e: Entity, index_names: dict[str, Loc]) -> Entity:
        """Check `e`'s own names; `e` with its foreign keys' targets filled in."""
        lowered = [f.name.lower() for f in e.fields]
        if len(set(lowered)) < len(lowered):  # hot: 5,000 entities in a big spec, no duplicate
            seen: set[str] = set()
            for f, low in zip(e.fields, lowered, strict=True):
                if low in seen:
                    self.err(
                        f.loc, f"duplicate field {e.name}.{f.name}", "field names must be unique"
                    )
                seen.add(low)
        self.check_fields(e, e.primary_key, e.loc, "primary_key")
        for u in e.uniques:
            self.check_fields(e, u.fields, u.loc or e.loc, "unique constraint")
        for ix in e.indexes:
            self.check_fields(e, ix.field_names, ix.loc, f"index {ix.name}")
            key = f"{e.schema or ''}.{ix.name}".lower()
            if key in index_names:
                self.err(
                    ix.loc, f"duplicate index name {ix.name!r}", "index names share one namespace"
                )
            index_names[key] = ix.loc
        if e.partitioning:
            self.check_fields(e, e.partitioning.key, e.partitioning.loc, "partitioning key")
        fks = [self.foreign_key(e, fk) for fk in e.foreign_keys]
        return replace(e, foreign_keys=tuple(fks)) if fks != list(e.foreign_keys) else e

    def foreign_key(self, e: Entity, fk: ForeignKey) -> ForeignKey:
        """Check `fk` of `e`; `fk` naming its target entity and fields."""
        self.check_fields(e, fk.fields, fk.loc, "foreign key")
        target = self.find(fk.ref_entity)
        if target is None:
            self.unknown_entity(fk.loc, fk.ref_entity, "references")
            return fk
        ref_fields = fk.ref_fields or target.primary_key
        if not ref_fields:
            self.err(fk.loc, f"{target.name} has no primary key to reference", "name the field")
        self.check_fields(target, ref_fields, fk.loc, "references")
        if ref_fields and len(ref_fields) != len(fk.fields):
            self.err(
                fk.loc,
                f"foreign key has {len(fk.fields)} field(s) but references {len(ref_fields)}",
            )
        ref_fields = tuple(ref_fields)
        if target.name != fk.ref_entity or ref_fields != fk.ref_fields:
            fk = replace(fk, ref_entity=target.name, ref_fields=ref_fields)
        return fk

    def relationship(self, r: Relationship) -> None:
        """Check the entities and the foreign key `r` names."""
        for side in (r.left, r.right, r.via):
            if side and self.find(side) is None:
                self.unknown_entity(r.loc, side, "relationship")
        if r.fk:
            child = self.find(r.right)
            if child is not None:
                self.check_fields(child, r.fk, r.loc, "relationship fk")

    def query(self, q: QueryPattern) -> None:
        """Check the entity, fields and index query pattern `q` names."""
        if not q.entity:
            return
        qe = self.find(q.entity)
        if qe is None:
            self.unknown_entity(q.loc, q.entity, f"query {q.name!r}")
            return
        names = tuple(f.field for f in q.filters) + tuple(
            o.name for o in q.order_by if not o.expression
        )
        self.check_fields(qe, names + q.group_by, q.loc, f"query {q.name!r}")
        if q.index and q.index != "-" and q.index.upper() != "PK":
            if not any(ix.name == q.index for ix in qe.indexes):
                self.err(
                    q.loc,
                    f"query {q.name!r} names unknown index {q.index!r} of {qe.name}",
                    did_you_mean(q.index, [ix.name for ix in qe.indexes]),
                )


def _name(find: Callable[[str], Entity | None], name: str) -> str:
    e = find(name)
    return e.name if e is not None else name


def _repeats(names: tuple[str, ...]) -> bool:
    """Whether a name is listed twice (Limits.twice says which)."""
    return len(names) > 1 and len(set(names)) < len(names)


def _plain_name(value: str | None) -> bool:
    """A name no engine could object to: the common case, checked before any message is built."""
    return value is not None and 0 < len(value) < 64 and value.isprintable()


class _Limits:
    """Names, duplicate key columns, type parameters and SQL fragments no engine should see.

    Messages are built only for a problem: a big spec has 40,000 fields and none of them.
    """

    def __init__(self, dialect: str, fragments: bool) -> None:
        self.problems: list[Problem] = []
        self.dialect = dialect
        self.fragments = fragments
        #: the types found within every limit, by id (kept alive here, so no id is reused):
        #: a big spec has 40,000 fields of a few types
        self.fine_types: dict[int, FieldType] = {}

    def name(self, loc: Loc, what: str, value: str | None, required: bool = False) -> bool:
        if value and len(value) < 64 and value.isprintable():  # hot: the common case
            return True
        if value or required:
            found = name_problem(value or "")
            if found is not None:
                shown = repr(value if len(value or "") <= 60 else (value or "")[:40] + "…")
                self.problems.append(Problem(loc, f"{what} {shown} {found[0]}", found[1]))
                return False
        return True

    def twice(self, loc: Loc, what: str, names: tuple[str, ...]) -> None:
        if len(names) < 2 or len(set(names)) == len(names):  # hot: the common case
            return
        seen: set[str] = set()
        for n in names:
            if n in seen:
                self.problems.append(
                    Problem(loc, f"{what} lists {n} twice", "list each field once")
                )
            seen.add(n)

    def sql(self, loc: Loc, what: str, text: str | None, kind: str = "expression") -> None:
        if self.fragments and text:
            why = fragment_problem(text, self.dialect, kind)
            if why is not None:
                self.problems.append(Problem(loc, f"{what} {why}", _SQL_HINT))

    def entity(self, e: Entity) -> None:
        if not self.name(e.loc, "entity", e.name, required=True):
            return  # its table name (derived from it) and messages naming it would repeat it
        # hot: 5,000 entities and 40,000 fields in a big spec, within every limit: messages
        # are built only where a check finds something
        if not _plain_name(e.table):
            self.name(e.loc, f"table of {e.name}", e.table)
        if e.schema:
            self.name(e.loc, f"schema of {e.name}", e.schema)
        if e.component and not _plain_name(e.component):
            self.name(e.loc, f"component of {e.name}", e.component)
        if _repeats(e.primary_key):
            self.twice(e.loc, f"primary_key of {e.name}", e.primary_key)
        self.fields(e)
        for u in e.uniques:
            self.name(u.loc or e.loc, f"unique constraint of {e.name}", u.name)
            self.twice(u.loc or e.loc, f"unique constraint of {e.name}", u.fields)
        for c in e.checks:
            self.name(c.loc or e.loc, f"check constraint of {e.name}", c.name)
            self.sql(c.loc or e.loc, f"check of {e.name}", c.expression)
        self.foreign_keys(e)
        for ix in e.indexes:
            self.index(e, ix)
        if e.partitioning is not None:
            ploc = e.partitioning.loc or e.loc
            self.twice(ploc, f"partitioning key of {e.name}", e.partitioning.key)
            for pt in e.partitioning.partitions:
                self.name(ploc, f"partition of {e.name}", pt.name)
                self.sql(ploc, f"bound of partition {pt.name}", pt.bound, BOUND)

    def foreign_keys(self, e: Entity) -> None:
        for fk in e.foreign_keys:
            if fk.name:
                self.name(fk.loc, f"foreign key of {e.name}", fk.name)
            if _repeats(fk.fields):
                self.twice(fk.loc, f"foreign key of {e.name}", fk.fields)
            if _repeats(fk.ref_fields):
                self.twice(fk.loc, f"foreign key of {e.name} references", fk.ref_fields)

    def fields(self, e: Entity) -> None:
        fine = self.fine_types
        for f in e.fields:
            if (
                id(f.type) in fine
                and _plain_name(f.name)
                and (f.default is None or f.default.kind is not DefaultKind.SQL)
                and not f.check
            ):
                continue  # hot: nothing field() would find
            self.field(e, f)

    def field(self, e: Entity, f: Field) -> None:
        if not _plain_name(f.name):
            self.name(f.loc, f"field of {e.name}", f.name, required=True)
        if id(f.type) not in self.fine_types:
            found = len(self.problems)
            _type_limits(self.problems, f.loc, f"{e.name}.{f.name}", f.type, self.dialect)
            if len(self.problems) == found:
                self.fine_types[id(f.type)] = f.type
        if f.default is not None and f.default.kind is DefaultKind.SQL:
            self.sql(f.loc, f"default of {e.name}.{f.name}", f.default.value)
        if f.check:
            self.sql(f.loc, f"check of {e.name}.{f.name}", f.check)

    def index(self, e: Entity, ix: Index) -> None:
        if not _plain_name(ix.name):
            self.name(ix.loc, f"index of {e.name}", ix.name)
        keys = tuple(k.name for k in ix.fields)
        if _repeats(keys):
            self.twice(ix.loc, f"index {ix.name}", keys)
        for k in ix.fields:
            if k.expression:
                self.sql(ix.loc, f"key of index {ix.name}", k.name)
        if ix.where:
            self.sql(ix.loc, f"where of index {ix.name}", ix.where)

    def prose(self, schema: Schema) -> None:
        """Relationship labels and query names: prose, but one line (tables print them so)."""
        for r in schema.relationships:
            if r.label and one_line_problem(r.label):
                self.problems.append(
                    Problem(r.loc, f"relationship label {r.label!r} {one_line_problem(r.label)}")
                )
        for q in schema.query_patterns:
            if q.name and one_line_problem(q.name):
                self.problems.append(
                    Problem(q.loc, f"query name {q.name!r} {one_line_problem(q.name)}")
                )
            if q.aggregate:
                self.sql(q.loc, f"aggregate of query {q.name!r}", q.aggregate)
            for o in q.order_by:
                if o.expression:
                    self.sql(q.loc, f"order_by of query {q.name!r}", o.name)


def _input_limits(schema: Schema, fragments: bool) -> list[Problem]:
    """Names, duplicate key columns, type parameters and SQL fragments no engine should see."""
    limits = _Limits(schema.dialect or "postgresql", fragments)
    for component in schema.components:
        limits.name(schema.loc, "component", component)
    for e in schema.entities:
        limits.entity(e)
    limits.prose(schema)
    # importers without positions (DBML) still name their file
    source = Loc(schema.source)
    return [p if p.loc.file or not source.file else replace(p, loc=source) for p in limits.problems]


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
