"""Compare two models (the spec, and what an engine reflects) into coded differences.

What an engine reports back is not what was written: PostgreSQL reflects `string(255)` as
VARCHAR(255) and names its enum types, MariaDB stores BOOLEAN as TINYINT(1) and has no UUID
type, SQLite keeps an enum as VARCHAR. `types_equivalent` and the default/check normalisers
encode those per-dialect facts, so a difference means the engine holds something else, and
what an engine cannot hold at all is said once, as a note, instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from pydev_workflow.errors import Loc
from pydev_workflow.model.schema import (
    Action,
    Default,
    DefaultKind,
    Entity,
    Field,
    Index,
    IndexMethod,
    Schema,
    StorageKind,
)
from pydev_workflow.model.types import FieldType, TypeKind


class Severity(Enum):
    """An error is a finding; a note says what the engine cannot hold (not a finding)."""

    ERROR = "error"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the engine's schema differs from the model."""

    code: str  # stable code, e.g. V113
    name: str  # kebab-case name of the problem, e.g. column-type-differs
    subject: str  # table, table.column or table.index
    message: str
    expected: str = ""
    actual: str = ""
    severity: Severity = Severity.ERROR
    loc: Loc = Loc()

    def __str__(self) -> str:
        return f"{self.loc}: {self.code} {self.message}"

    @property
    def is_finding(self) -> bool:
        """True for real differences, False for notes about what the engine cannot hold."""
        return self.severity is Severity.ERROR


#: code -> (name, what it means); documented here so the report and docs share one table
CODES: dict[str, tuple[str, str]] = {
    "V101": ("table-missing", "a table of the model is not in the database"),
    "V102": ("table-extra", "the database has a table the model does not know"),
    "V111": ("column-missing", "a field of the model is not a column of the table"),
    "V112": ("column-extra", "the table has a column the model does not know"),
    "V113": ("column-type-differs", "the column's type is not the field's type on this engine"),
    "V114": ("nullability-differs", "NULL allowed on one side only"),
    "V115": ("default-differs", "the column default differs"),
    "V116": ("identity-differs", "auto-increment / identity on one side only"),
    "V121": ("primary-key-differs", "the primary key has other columns"),
    "V131": ("foreign-key-missing", "a foreign key of the model is not in the database"),
    "V132": ("foreign-key-extra", "the database has a foreign key the model does not know"),
    "V133": ("foreign-key-action-differs", "ON DELETE / ON UPDATE differ"),
    "V141": ("unique-missing", "a unique constraint of the model is missing"),
    "V142": ("unique-extra", "the database has a unique constraint the model does not know"),
    "V151": ("check-missing", "a CHECK constraint of the model is missing"),
    "V152": ("check-extra", "the database has a CHECK constraint the model does not know"),
    "V161": ("index-missing", "an index of the model is not in the database"),
    "V162": ("index-extra", "the database has an index the model does not know"),
    "V163": (
        "index-differs",
        "same index name, other keys, order, method, uniqueness or predicate",
    ),
    "V171": ("partitioning-differs", "the table is partitioned differently"),
    "V001": ("not-expressible", "the engine cannot hold this part of the model (a note)"),
}


def sql_entities(schema: Schema) -> tuple[Entity, ...]:
    """Entities that live as SQL tables: relational ones, and file metadata rows.

    Document and key-value entities are rendered as JSON Schema / key patterns, not tables.
    """
    keep = (StorageKind.RELATIONAL, StorageKind.FILE)
    return tuple(e for e in schema.entities if e.storage_kind in keep)


# -- normalisers ------------------------------------------------------------------------------
_NATIVE_UUID = {"postgresql"}
_ARRAYS = {"postgresql"}
_KEEPS_TZ = {"postgresql"}
_NAMED_ENUMS = {"postgresql"}
_PARTIAL = {"postgresql", "sqlite"}
_PARTITIONS = {"postgresql", "mysql", "mariadb"}
_METHODS: dict[str, set[IndexMethod]] = {
    "postgresql": set(IndexMethod),
    "sqlite": {IndexMethod.BTREE},
    "mysql": {IndexMethod.BTREE, IndexMethod.HASH},
    "mariadb": {IndexMethod.BTREE, IndexMethod.HASH},
}


def _family(dialect: str) -> str:
    d = dialect.lower()
    return (
        "mariadb" if d in ("mysql", "mariadb") else ("postgresql" if d.startswith("postg") else d)
    )


def types_equivalent(expected: FieldType, actual: FieldType, dialect: str) -> bool:
    """True when `actual` is how `dialect` reflects a column created with type `expected`."""
    d = _family(dialect)
    e, a = expected, actual
    if e.kind is a.kind:
        k = e.kind
        if k is TypeKind.ENUM:
            return e.values == a.values
        if k in (TypeKind.TIMESTAMP, TypeKind.TIME):
            return d not in _KEEPS_TZ or e.timezone == a.timezone
        if k is TypeKind.FLOAT:
            return True  # REAL/DOUBLE/FLOAT(p): every engine picks its own width
        if k is TypeKind.DECIMAL:
            if e.precision is None:
                return True  # the engine's default precision
            return (e.precision, e.scale or 0) == (a.precision, a.scale or 0)
        if k in (TypeKind.STRING, TypeKind.CHAR):
            return e.length is None or e.length == a.length
        if k is TypeKind.ARRAY:
            return e.item is not None and a.item is not None and types_equivalent(e.item, a.item, d)
        if k is TypeKind.NATIVE:
            return (e.native or "").lower().replace(" ", "") == (a.native or "").lower().replace(
                " ", ""
            )
        return True
    k = e.kind
    if k is TypeKind.UUID and d not in _NATIVE_UUID:
        # SQLAlchemy's Uuid is CHAR(32) where there is no native type; CHAR(36) by hand;
        # MariaDB 10.7+ has a UUID type SQLAlchemy reflects as native
        if a.kind in (TypeKind.CHAR, TypeKind.STRING) and a.length in (32, 36):
            return True
        return a.kind is TypeKind.NATIVE and (a.native or "").lower() == "uuid"
    if k is TypeKind.ENUM and d not in _NAMED_ENUMS:
        if a.kind is TypeKind.ENUM:
            return e.values == a.values
        # no enum type (SQLite): VARCHAR wide enough for the longest value
        return a.kind is TypeKind.STRING and (
            a.length is None or a.length >= max(map(len, e.values))
        )
    if k is TypeKind.JSON and d == "mariadb":
        return a.kind is TypeKind.TEXT  # https://mariadb.com/kb/en/json-data-type/: LONGTEXT alias
    if k is TypeKind.ARRAY and d not in _ARRAYS:
        return a.kind in (TypeKind.JSON, TypeKind.TEXT)
    if k is TypeKind.STRING and e.length is None:
        return a.kind is TypeKind.TEXT
    if k is TypeKind.INTERVAL and d != "postgresql":
        return a.kind in (TypeKind.BIGINT, TypeKind.INTEGER, TypeKind.STRING, TypeKind.TEXT)
    if k is TypeKind.BOOLEAN and d == "mariadb":
        return a.kind is TypeKind.SMALLINT
    if k is TypeKind.TIME and d == "sqlite":
        return a.kind is TypeKind.TIME
    if e.is_integer and a.is_integer and d == "sqlite":
        # SQLite has one INTEGER storage class: https://www.sqlite.org/datatype3.html
        return True
    return False


_WS = re.compile(r"\s+")
_CASTS = re.compile(r"::[a-z_ ]+(\[\])?(\(\d+(,\d+)?\))?")


def norm_sql(text: str) -> str:
    """Normalise an SQL expression for comparison: case, quotes, casts, parens, spaces."""
    t = text.lower()
    t = _CASTS.sub("", t)
    t = t.replace('"', "").replace("`", "").replace("[", "").replace("]", "")
    t = t.replace("(", "").replace(")", "")
    t = _WS.sub("", t)
    return t


def _norm_default(d: Default | None, ftype: FieldType) -> str | None:
    if d is None:
        return None
    if d.kind is DefaultKind.NOW:
        return "now"
    if d.kind is DefaultKind.UUID:
        return "uuid"
    value = (d.value or "").strip()
    if d.kind is DefaultKind.SQL:
        low = norm_sql(value)
        if low in ("now", "current_timestamp", "localtimestamp"):
            return "now"
        return "sql:" + low
    if ftype.kind is TypeKind.BOOLEAN:
        low = value.strip("'").lower()
        return {"1": "true", "0": "false", "t": "true", "f": "false"}.get(low, low)
    if ftype.is_numeric:
        try:
            return repr(float(value))
        except ValueError:
            return value
    return value


def _norm_action(a: Action | None, dialect: str) -> str:
    if a is None or a is Action.NO_ACTION:
        return "no action"
    if a is Action.RESTRICT and _family(dialect) == "mariadb":
        # InnoDB: "NO ACTION … is equivalent to RESTRICT"
        # https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
        return "no action"
    return a.value


def _by_name(items: Iterable[Entity]) -> dict[str, Entity]:
    return {e.table.lower(): e for e in items}


def _field_desc(f: Field) -> str:
    return str(f.type)


def _idx_desc(ix: Index) -> str:
    text = (
        ("unique " if ix.unique else "")
        + f"{ix.method.value} ("
        + ", ".join(map(str, ix.fields))
        + ")"
    )
    return text + (f" where {ix.where}" if ix.where else "")


# -- the comparison ---------------------------------------------------------------------------
class _Collector:
    def __init__(self, dialect: str):
        self.dialect = dialect
        self.out: list[Difference] = []

    def add(
        self,
        code: str,
        subject: str,
        message: str,
        loc: Loc,
        expected: str = "",
        actual: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.out.append(
            Difference(code, CODES[code][0], subject, message, expected, actual, severity, loc)
        )

    def note(self, subject: str, message: str, loc: Loc) -> None:
        self.add("V001", subject, message, loc, severity=Severity.NOTE)


def diff(expected: Schema, actual: Schema, dialect: str) -> list[Difference]:
    """Every difference between the model `expected` and the reflected `actual` on `dialect`.

    Tables are matched by table name, columns by name, foreign keys by their columns and
    target, indexes by name; unique and check constraints by content (engines rename them).
    Notes (severity NOTE) say what `dialect` cannot hold; they are not differences.
    """
    c = _Collector(dialect)
    d = _family(dialect)
    want = _by_name(sql_entities(expected))
    have = _by_name(sql_entities(actual))
    for key, e in want.items():
        a = have.get(key)
        if a is None:
            c.add("V101", e.table, f"table {e.table} is missing", e.loc, e.table)
            continue
        _entity(c, expected, actual, e, a, d)
    for key, a in have.items():
        if key not in want:
            c.add(
                "V102", a.table, f"table {a.table} is not in the model", expected.loc, "", a.table
            )
    return c.out


def _entity(c: _Collector, schema: Schema, actual: Schema, e: Entity, a: Entity, d: str) -> None:
    t = e.table
    acols = {f.name.lower(): f for f in a.fields}
    for f in e.fields:
        af = acols.get(f.name.lower())
        subject = f"{t}.{f.name}"
        if af is None:
            c.add("V111", subject, f"column {subject} is missing", f.loc, _field_desc(f))
            continue
        _column(c, e, f, af, d)
    ecols = {f.name.lower() for f in e.fields}
    for af in a.fields:
        if af.name.lower() not in ecols:
            c.add(
                "V112",
                f"{t}.{af.name}",
                f"column {t}.{af.name} is not in the model",
                e.loc,
                "",
                _field_desc(af),
            )
    if tuple(n.lower() for n in e.primary_key) != tuple(n.lower() for n in a.primary_key):
        c.add(
            "V121",
            t,
            f"primary key of {t} is ({', '.join(a.primary_key)}), expected "
            f"({', '.join(e.primary_key)})",
            e.loc,
            ", ".join(e.primary_key),
            ", ".join(a.primary_key),
        )
    _foreign_keys(c, schema, actual, e, a, d)
    _uniques(c, e, a)
    _checks(c, e, a, d)
    _indexes(c, e, a, d)
    _partitioning(c, e, a, d)


def _column(c: _Collector, e: Entity, f: Field, af: Field, d: str) -> None:
    subject = f"{e.table}.{f.name}"
    if f.type.kind is TypeKind.ARRAY and d not in _ARRAYS:
        c.note(subject, f"{d} has no array type: {subject} is stored as {af.type}", f.loc)
    if not types_equivalent(f.type, af.type, d):
        c.add(
            "V113",
            subject,
            f"column {subject} is {af.type}, expected {f.type}",
            f.loc,
            str(f.type),
            str(af.type),
        )
    if f.nullable != af.nullable and not e.is_pk(f.name):
        c.add(
            "V114",
            subject,
            f"column {subject} is {'NULL' if af.nullable else 'NOT NULL'}, expected "
            f"{'NULL' if f.nullable else 'NOT NULL'}",
            f.loc,
        )
    want, got = _norm_default(f.default, f.type), _norm_default(af.default, f.type)
    if f.identity or af.identity:
        want = got = None  # a sequence/identity default is the identity itself
    if want != got:
        if want == "uuid" and got is None and d not in _NATIVE_UUID:
            c.note(subject, f"{d} has no UUID default: the application generates {subject}", f.loc)
        else:
            c.add(
                "V115",
                subject,
                f"default of {subject} is {got or 'none'}, expected {want or 'none'}",
                f.loc,
                str(want or ""),
                str(got or ""),
            )
    if f.identity != af.identity:
        rowid = d == "sqlite" and af.identity and e.primary_key == (f.name,)
        if not rowid:  # SQLite: an INTEGER PRIMARY KEY is always the auto-assigned rowid
            c.add(
                "V116",
                subject,
                f"{subject} is {'' if af.identity else 'not '}an identity column",
                f.loc,
                str(f.identity),
                str(af.identity),
            )


def _foreign_keys(
    c: _Collector, schema: Schema, actual: Schema, e: Entity, a: Entity, d: str
) -> None:
    def key(fields: tuple[str, ...], table: str, ref: tuple[str, ...]) -> tuple[object, ...]:
        return (tuple(x.lower() for x in fields), table.lower(), tuple(x.lower() for x in ref))

    sql_names = {x.name for x in sql_entities(schema)}
    have = {}
    for fk in a.foreign_keys:
        target = actual.entity(fk.ref_entity)
        table = target.table if target is not None else fk.ref_entity
        have[key(fk.fields, table, fk.ref_fields)] = fk
    seen = set()
    for fk in e.foreign_keys:
        ref = schema.entity(fk.ref_entity)
        subject = f"{e.table}({', '.join(fk.fields)})"
        if ref is None:
            continue
        if ref.name not in sql_names:
            c.note(
                subject,
                f"{subject} references {ref.name}, which is not an SQL table "
                f"({ref.storage_kind.value}): no foreign key",
                fk.loc,
            )
            continue
        k = key(fk.fields, ref.table, fk.ref_fields)
        seen.add(k)
        got = have.get(k)
        if got is None:
            c.add(
                "V131",
                subject,
                f"foreign key {subject} -> {ref.table}({', '.join(fk.ref_fields)}) is missing",
                fk.loc,
            )
            continue
        for what, x, y in (
            ("ON DELETE", fk.on_delete, got.on_delete),
            ("ON UPDATE", fk.on_update, got.on_update),
        ):
            if _norm_action(x, d) != _norm_action(y, d):
                c.add(
                    "V133",
                    subject,
                    f"{what} of {subject} is {_norm_action(y, d).upper()}, "
                    f"expected {_norm_action(x, d).upper()}",
                    fk.loc,
                    _norm_action(x, d),
                    _norm_action(y, d),
                )
    for k, fk in have.items():
        if k not in seen:
            c.add(
                "V132",
                f"{e.table}({', '.join(fk.fields)})",
                f"foreign key {e.table}({', '.join(fk.fields)}) is not in the model",
                e.loc,
            )


def _unique_sets(ent: Entity, index_names: set[str]) -> dict[frozenset[str], str]:
    out: dict[frozenset[str], str] = {}
    for f in ent.fields:
        if f.unique and not ent.primary_key == (f.name,):
            out[frozenset({f.name.lower()})] = f.name
    for u in ent.uniques:
        out[frozenset(n.lower() for n in u.fields)] = ", ".join(u.fields)
    for ix in ent.indexes:
        if ix.unique and ix.where is None and ix.name.lower() not in index_names and ix.field_names:
            if len(ix.field_names) == len(ix.fields):
                out[frozenset(n.lower() for n in ix.field_names)] = ", ".join(ix.field_names)
    return out


def _uniques(c: _Collector, e: Entity, a: Entity) -> None:
    enames = {ix.name.lower() for ix in e.indexes}
    want = _unique_sets(e, {ix.name.lower() for ix in e.indexes})
    have = _unique_sets(a, enames)
    for k, label in want.items():
        if k not in have:
            c.add("V141", f"{e.table}({label})", f"unique ({label}) of {e.table} is missing", e.loc)
    for k, label in have.items():
        if k not in want:
            c.add(
                "V142",
                f"{e.table}({label})",
                f"unique ({label}) of {e.table} is not in the model",
                e.loc,
            )


def _checks(c: _Collector, e: Entity, a: Entity, d: str) -> None:
    want: dict[str, Loc] = {}
    for f in e.fields:
        if f.check:
            want[norm_sql(f.check)] = f.loc
    for ch in e.checks:
        want[norm_sql(ch.expression)] = ch.loc
    have = {norm_sql(ch.expression): ch.expression for ch in a.checks}
    have.update({norm_sql(f.check): f.check for f in a.fields if f.check})
    for k, loc in want.items():
        if k not in have:
            c.add("V151", e.table, f"CHECK ({k}) of {e.table} is missing", loc)
    for k, text in have.items():
        if k not in want:
            c.add("V152", e.table, f"CHECK ({text}) of {e.table} is not in the model", e.loc)


def _indexes(c: _Collector, e: Entity, a: Entity, d: str) -> None:
    have = {ix.name.lower(): ix for ix in a.indexes}
    wanted_uniques = _unique_sets(e, set())
    for ix in e.indexes:
        subject = f"{e.table}.{ix.name}"
        if ix.method not in _METHODS.get(d, {IndexMethod.BTREE}):
            c.note(
                subject,
                f"{d} has no {ix.method.value} index: {ix.name} is created as btree",
                ix.loc,
            )
        if ix.where and d not in _PARTIAL:
            c.note(
                subject,
                f"{d} has no partial index: {ix.name} covers all rows (WHERE {ix.where} dropped)",
                ix.loc,
            )
        got = have.get(ix.name.lower())
        if got is None:
            c.add(
                "V161", subject, f"index {ix.name} on {e.table} is missing", ix.loc, _idx_desc(ix)
            )
            continue
        problems = []
        if [(k.name.lower() if not k.expression else norm_sql(k.name)) for k in ix.fields] != [
            (k.name.lower() if not k.expression else norm_sql(k.name)) for k in got.fields
        ]:
            problems.append("keys")
        elif [k.descending for k in ix.fields] != [k.descending for k in got.fields]:
            problems.append("order")
        if ix.unique != got.unique:
            problems.append("uniqueness")
        if ix.method in _METHODS.get(d, set()) and ix.method is not got.method:
            problems.append("method")
        if d in _PARTIAL and norm_sql(ix.where or "") != norm_sql(got.where or ""):
            problems.append("predicate")
        if problems:
            c.add(
                "V163",
                subject,
                f"index {ix.name} differs in {', '.join(problems)}: "
                f"{_idx_desc(got)}, expected {_idx_desc(ix)}",
                ix.loc,
                _idx_desc(ix),
                _idx_desc(got),
            )
    enames = {ix.name.lower() for ix in e.indexes}
    for name, ix in have.items():
        if name in enames:
            continue
        if ix.unique and frozenset(n.lower() for n in ix.field_names) in wanted_uniques:
            continue  # the engine's index behind a unique constraint
        if (
            d == "mariadb"
            and not ix.unique
            and any(
                tuple(n.lower() for n in ix.field_names[: len(fk.fields)])
                == tuple(n.lower() for n in fk.fields)
                for fk in e.foreign_keys
            )
        ):
            # InnoDB creates an index for a foreign key that has none
            # (https://mariadb.com/kb/en/foreign-keys/)
            continue
        c.add(
            "V162",
            f"{e.table}.{ix.name}",
            f"index {ix.name} on {e.table} is not in the model",
            e.loc,
            "",
            _idx_desc(ix),
        )


def _partitioning(c: _Collector, e: Entity, a: Entity, d: str) -> None:
    p, q = e.partitioning, a.partitioning
    if p is None and q is None:
        return
    if p is not None and d not in _PARTITIONS:
        c.note(e.table, f"{d} has no partitioning: {e.table} is one table", p.loc)
        return
    if (
        p is None
        or q is None
        or p.method is not q.method
        or tuple(k.lower() for k in p.key) != tuple(k.lower() for k in q.key)
    ):

        def desc(x):
            return f"{x.method.value} ({', '.join(x.key)})" if x else "none"

        c.add(
            "V171",
            e.table,
            f"{e.table} is partitioned {desc(q)}, expected {desc(p)}",
            p.loc if p else e.loc,
            desc(p),
            desc(q),
        )


__all__ = [
    "CODES",
    "Difference",
    "Severity",
    "diff",
    "norm_sql",
    "sql_entities",
    "types_equivalent",
]
