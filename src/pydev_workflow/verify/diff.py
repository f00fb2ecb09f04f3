"""Compare two models (the spec, and what an engine reflects) into coded differences.

What an engine reports back is not what was written: PostgreSQL reflects `string(255)` as
VARCHAR(255) and names its enum types, MariaDB stores BOOLEAN as TINYINT(1) and has no UUID
type, SQLite keeps an enum as VARCHAR. `types_equivalent` and the default/check normalisers
encode those per-dialect facts, so a difference means the engine holds something else, and
what an engine cannot hold at all is said once, as a note, instead of failing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.adapter import EngineAdapter, adapter_for
from pydev_workflow.dialects.base import is_zero_date
from pydev_workflow.dialects.metadata import as_named_for, as_written_for, mysql_partitions_clause
from pydev_workflow.errors import Loc
from pydev_workflow.findings import Finding, Severity  # the one vocabulary (imports only errors)
from pydev_workflow.model.schema import (
    Action,
    Default,
    DefaultKind,
    Entity,
    Field,
    Index,
    IndexField,
    IndexMethod,
    Partitioning,
    PartitionMethod,
    Schema,
    sql_entities,
)
from pydev_workflow.model.types import (
    FieldType,
    TypeKind,
    TypeSyntaxError,
    boolean_literal,
    parse_type,
)
from pydev_workflow.verify.codes import DIFF_CODES as CODES

if TYPE_CHECKING:
    from pydev_workflow.dialects.base import Dialect


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the engine's schema differs from the model."""

    code: str  # stable code, e.g. V113
    name: str  # kebab-case name of the problem, e.g. column-type-differs
    subject: str  # table, table.column or table.index
    message: str
    expected: str = ""
    actual: str = ""
    severity: Severity = Severity.ERROR  # ERROR: a finding; INFO: a note the engine cannot hold
    loc: Loc = Loc()

    def __str__(self) -> str:
        return f"{self.loc}: {self.code} {self.message}"

    @property
    def is_finding(self) -> bool:
        """True for real differences, False for notes about what the engine cannot hold."""
        return self.severity is Severity.ERROR

    def as_finding(self) -> Finding:
        """This difference as a Finding (sarif/github): the subject, the model and engine side."""
        table, _, rest = self.subject.partition(".")
        column = rest if rest and self.code.startswith("V11") else None  # V11x: a column
        sides = [f"model: {self.expected}"] if self.expected else []
        sides += [f"engine: {self.actual}"] if self.actual else []
        return Finding(
            self.code,
            self.name,
            self.severity,
            self.message,
            self.loc,
            entity=table or None,
            hint="; ".join(sides),
            field=column,
        )


# -- normalisers ------------------------------------------------------------------------------
def _caps(dialect: str) -> Dialect:
    """The capability record the DDL builder (dialects/metadata.py) also reads."""
    return get_dialect(dialect)


#: PostgreSQL's own spellings of portable types, as a spec may write them in native(…)
_NATIVE_SYNONYMS = {
    "character varying": "varchar",
    "double precision": "double",
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
    "integer": "integer",
    "serial": "integer",
    "bigserial": "bigint",
    "float8": "double",
    "float4": "real",
}


def _portable(native: str) -> FieldType | None:
    """`native(character varying(20))` -> string(20): a native spelling of a portable type."""
    text = native.strip().lower()
    base, paren, rest = text.partition("(")
    base = _NATIVE_SYNONYMS.get(base.strip(), base.strip())
    try:
        return parse_type(base + (paren + rest if paren else ""))
    except TypeSyntaxError:
        return None


def types_equivalent(expected: FieldType, actual: FieldType, dialect: str) -> bool:
    """True when `actual` is how `dialect` reflects a column created with type `expected`."""
    caps = _caps(dialect)
    e, a = expected, actual
    if e.kind is TypeKind.NATIVE and a.kind is not TypeKind.NATIVE:
        portable = _portable(e.native or "")
        if portable is not None:
            e = portable
    if e.kind is a.kind:
        return _same_kind(e, a, caps)
    return _held_as(e, a, caps, adapter_for(dialect))


def _same_kind(e: FieldType, a: FieldType, caps: Dialect) -> bool:
    """`e` and `a` are of one kind: do their parameters match as the engine keeps them?"""
    k = e.kind
    if k is TypeKind.ENUM:
        return e.values == a.values
    if k in (TypeKind.TIMESTAMP, TypeKind.TIME):
        return not caps.zoned_temporals or e.timezone == a.timezone
    if k is TypeKind.FLOAT:
        return True  # REAL/DOUBLE/FLOAT(p): every engine picks its own width
    if k is TypeKind.DECIMAL:
        if e.precision is None:
            return True  # the engine's default precision
        return (e.precision, e.scale or 0) == (a.precision, a.scale or 0)
    if k in (TypeKind.STRING, TypeKind.CHAR):
        return e.length is None or e.length == a.length
    if k is TypeKind.ARRAY:
        return (
            e.item is not None
            and a.item is not None
            and types_equivalent(e.item, a.item, caps.name)
        )
    if k is TypeKind.NATIVE:
        return _native_key(e.native or "") == _native_key(a.native or "")
    return True


#: MySQL's own integer sizes: the capability that says an engine has one, else the DDL's type
_OWN_SIZES = {
    TypeKind.TINYINT: ("holds_tinyint", TypeKind.SMALLINT),
    TypeKind.MEDIUMINT: ("holds_mediumint", TypeKind.INTEGER),
}


def _held_as(e: FieldType, a: FieldType, caps: Dialect, adapter: EngineAdapter) -> bool:
    """`a`, of another kind than `e`, is the engine's stand-in for a column of type `e`."""
    k = e.kind
    if k is TypeKind.NATIVE and _native_key(e.native or "") in caps.natives_read_as_string:
        return a.kind is TypeKind.STRING and a.length is None
    if k is TypeKind.UUID and not caps.native_uuid:
        # SQLAlchemy's Uuid is CHAR(32) where there is no native type; CHAR(36) by hand;
        # MariaDB 10.7+ has a UUID type SQLAlchemy reflects as native
        if a.kind in (TypeKind.CHAR, TypeKind.STRING) and a.length in (32, 36):
            return True
        return a.kind is TypeKind.NATIVE and (a.native or "").lower() == "uuid"
    if k is TypeKind.ENUM and not caps.named_enums:
        if a.kind is TypeKind.ENUM:
            return e.values == a.values
        # no enum type (SQLite): VARCHAR wide enough for the longest value
        return a.kind is TypeKind.STRING and (
            a.length is None or a.length >= max(map(len, e.values))
        )
    if k is TypeKind.JSON and caps.json_as_text:
        return a.kind is TypeKind.TEXT
    if k is TypeKind.ARRAY and not caps.arrays:
        return a.kind in (TypeKind.JSON, TypeKind.TEXT)
    if k is TypeKind.STRING and (e.length is None or e.length > _varchar_bytes(caps)):
        return a.kind is TypeKind.TEXT  # no length, or longer than a VARCHAR holds (DM701)
    if k is TypeKind.INTERVAL and not caps.interval_type:
        return a.kind in (TypeKind.BIGINT, TypeKind.INTEGER, TypeKind.STRING, TypeKind.TEXT)
    if k is TypeKind.BOOLEAN and adapter.tinyint1_boolean:
        return a.kind is TypeKind.SMALLINT
    if k is TypeKind.BINARY and not caps.holds_binary_length:
        return a.kind is TypeKind.BYTES  # unbounded bytes, noted by the DDL (DM701)
    if k in _OWN_SIZES and not getattr(caps, _OWN_SIZES[k][0]):
        # the DDL's next wider integer; one integer type (SQLite: an identity is its INTEGER rowid)
        return a.kind is _OWN_SIZES[k][1] or (a.is_integer and caps.one_integer_type)
    return e.is_integer and a.is_integer and caps.one_integer_type


def _varchar_bytes(caps: Dialect) -> int:
    """The longest VARCHAR the DDL writes as VARCHAR; a longer one is TEXT (metadata.py)."""
    return caps.limits.varchar_bytes or sys.maxsize


_QUOTED = re.compile(r"('(?:[^']|'')*')")
#: the engine's default display width read back: MariaDB reflects YEAR as YEAR(4)
_NATIVE_ALIASES = {"int4": "integer", "int8": "bigint", "int2": "smallint", "year(4)": "year"}


def _native_key(text: str) -> str:
    """A native type for comparison: names folded and unspaced, quoted values as written."""
    parts = _QUOTED.split(text)
    t = "".join(p if p.startswith("'") else p.lower().replace(" ", "") for p in parts)
    return _NATIVE_ALIASES.get(t, t)


_WS = re.compile(r"\s+")
# `::text`, `::character varying(20)[]`, `::"char"`, `::timestamp with time zone`
_CASTS = re.compile(
    r"::\s*\"?[a-z_][a-z0-9_]*\"?"
    r"(?:\s+(?:varying|precision|with(?:out)?\s+time\s+zone))?"
    r"(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?(?:\s*\[\])*"
)
# PostgreSQL stores `x IN ('a', 'b')` as `x = ANY (ARRAY['a', 'b'])` and LIKE as `~~`
# (https://www.postgresql.org/docs/current/functions-matching.html)
_PG_OPERATORS = ((" !~~* ", " not ilike "), (" ~~* ", " ilike "), (" !~~ ", " not like "),
                 (" ~~ ", " like "))  # fmt: skip
_ANY_ARRAY = (("<>allarray", "notin"), ("=anyarray", "in"))


_CAST_CALL = re.compile(r"\bcast\s*\(", re.I)


def _strip_cast_calls(text: str) -> str:
    """`CAST(x AS date)` -> `x`, innermost last; PostgreSQL reflects it as `x::date`."""
    while (m := _CAST_CALL.search(text)) is not None:
        depth, i, split = 1, m.end(), -1
        while i < len(text) and depth:
            ch = text[i]
            depth += ch == "("
            depth -= ch == ")"
            if depth == 1 and split < 0 and text[i : i + 4].lower() == " as ":
                split = i
            i += 1
        if depth or split < 0:
            return text
        text = text[: m.start()] + text[m.end() : split] + text[i:]
    return text


# a string literal: PostgreSQL's escape string E'…' (backslash escapes), or a standard '…'
_LITERAL = re.compile(r"(?<![\w'])[eE]'((?:[^'\\]|\\.|'')*)'|'((?:[^']|'')*)'", re.S)
# https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS-ESCAPE
_E_ESCAPE = re.compile(
    r"''|\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S
)
_E_LETTERS = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SLOT = re.compile("\x00(\\d+)\x00")


def _e_string(body: str) -> str:
    r"""The value of PostgreSQL's E'…' string: `E'^\\\\d$'` is `^\\d$`."""

    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc is None:
            return "'"
        if esc[0] in "01234567":
            return chr(int(esc, 8))
        if esc[0] in "xuU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        return _E_LETTERS.get(esc, esc)

    return _E_ESCAPE.sub(one, body)


def norm_sql(text: str) -> str:
    r"""Normalise an SQL expression for comparison: case, quotes, casts, parens, spaces.

    PostgreSQL's rewritten forms (`= ANY (ARRAY[…])`, `~~`, `::type` for CAST) compare
    equal to what was written. String literals compare by value, as written: PostgreSQL reads
    `E'^\\\\d{11}$'` and gives it back as `'^\\d{11}$'`, and `IN (-1, 0)` as
    `ANY (ARRAY['-1'::integer, 0])`, so a literal holding a number is that number.
    """
    values: list[str] = []

    def slot(m: re.Match[str]) -> str:
        standard = m.group(2)
        values.append(standard.replace("''", "'") if standard is not None else _e_string(m[1]))
        return f"\x00{len(values) - 1}\x00"

    def literal(m: re.Match[str]) -> str:
        value = values[int(m.group(1))]
        return value if _NUMBER.fullmatch(value) else "'" + value.replace("'", "''") + "'"

    t = " " + _WS.sub(" ", _strip_cast_calls(_LITERAL.sub(slot, text)).lower()) + " "
    t = _CASTS.sub("", t)
    for pg, sql in _PG_OPERATORS:
        t = t.replace(pg, sql)
    t = t.replace('"', "").replace("`", "").replace("[", "").replace("]", "")
    t = t.replace("(", "").replace(")", "")
    t = _WS.sub("", t)
    for pg, sql in _ANY_ARRAY:
        t = t.replace(pg, sql)
    return _SLOT.sub(literal, t)


def _norm_default(
    d: Default | None, ftype: FieldType, norm: Callable[[str], str] = norm_sql
) -> str | None:
    if d is None:
        return None
    if d.kind is DefaultKind.NOW:
        return "now"
    if d.kind is DefaultKind.UUID:
        return "uuid"
    value = (d.value or "").strip()
    if d.kind is DefaultKind.SQL:
        return _norm_sql_default(value, ftype, norm)
    if ftype.kind is TypeKind.BOOLEAN:
        truth = boolean_literal(value)
        return value.strip("'").lower() if truth is None else str(truth).lower()
    if ftype.is_numeric:
        try:
            return repr(float(value))
        except ValueError:
            return value
    if ftype.kind is TypeKind.TIMESTAMP and ftype.timezone:
        return _instant_default(value)
    if ftype.kind is TypeKind.NATIVE and _native_key(ftype.native or "") == "macaddr":
        return _macaddr_default(value)
    if ftype.kind in (TypeKind.BYTES, TypeKind.BINARY):
        return _bytes_default(value)
    if ftype.kind is TypeKind.JSON:
        return _json_default(value)
    return value


def _unquoted(value: str) -> str:
    """`value` without the single quotes of an SQL string literal around it."""
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == "'" else value


_MAC_GROUPS = re.compile(r"[0-9a-fA-F]{1,2}(?:[:-][0-9a-fA-F]{1,2}){5}")


def _macaddr_default(value: str) -> str:
    """A macaddr default as PostgreSQL writes it back: `0:0:0:0:0:0` is `00:00:00:00:00:00`.

    https://www.postgresql.org/docs/current/datatype-net-types.html#DATATYPE-MACADDR
    """
    text = _unquoted(value).strip()
    if _MAC_GROUPS.fullmatch(text):
        return ":".join(g.rjust(2, "0") for g in re.split("[:-]", text)).lower()
    return value


def _instant_default(value: str) -> str:
    """A timestamp(tz) default as the instant it names, a value without an offset in UTC.

    PostgreSQL reads the literal back with the offset of its session (`… 00:00:01+00`).
    """
    text = _unquoted(value)
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return value
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return "instant:" + when.astimezone(dt.UTC).isoformat()


def _json_default(value: str) -> str:
    """A JSON default by meaning: PostgreSQL's jsonb reorders keys and respaces the text."""
    text = value[1:-1].replace("''", "'") if value[:1] == value[-1:] == "'" else value
    try:
        return "json:" + json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
    except ValueError:
        return value


_HEX_BYTES = re.compile(r"\\x((?:[0-9a-fA-F]{2})*)")
_NUL_PAD = re.compile(r"(?:\\0|\x00)+$")


def _bytes_default(value: str) -> str:
    r"""A bytes default as its content, however the engine spells it back.

    PostgreSQL shows bytea as hex (`\x756e…`); MySQL pads BINARY(n) with NUL bytes to n
    (https://dev.mysql.com/doc/refman/8.0/en/binary-varbinary.html); quotes are dropped.
    """
    text = _unquoted(value)
    if hexed := _HEX_BYTES.fullmatch(text):
        text = bytes.fromhex(hexed[1]).decode("utf-8", "surrogateescape")
    return _NUL_PAD.sub("", text)


def _norm_action(a: Action | None, caps: Dialect) -> str:
    if a is None or a is Action.NO_ACTION:
        return "no action"
    if caps.restrict_is_no_action and a in (Action.RESTRICT, Action.SET_DEFAULT):
        # InnoDB: "NO ACTION … is equivalent to RESTRICT", and it rejects SET DEFAULT, which
        # the DDL therefore leaves out: https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
        return "no action"
    return str(a.value)


def _by_name(items: Iterable[Entity], caps: Dialect) -> dict[tuple[str, str], Entity]:
    """Tables by (schema, name).

    Only PostgreSQL keeps schemas apart (the DDL drops them elsewhere), and `public` is its
    default.
    """

    def space(e: Entity) -> str:
        name = (e.schema or "").lower()
        return "" if not caps.schemas or name == "public" else name

    return {(space(e), e.table.lower()): e for e in items}


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
    def __init__(
        self,
        expected: Schema,
        actual: Schema,
        dialect: str,
        notes: bool,
        norm: Callable[[str], str] | None = None,
    ):
        self.norm = norm or norm_sql
        self.expected = expected
        self.actual = actual
        self.dialect = dialect
        self.caps = _caps(dialect)
        self.adapter = adapter_for(dialect)
        self.d = self.caps.name  # for messages only: behaviour asks `caps` and `adapter`
        self.notes = notes
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
        """What the engine did with DDL it accepted (always reported)."""
        self.add("V001", subject, message, loc, severity=Severity.INFO)

    def cannot(self, subject: str, message: str, loc: Loc) -> None:
        """What the DDL could not express: the DDL's own notes say it too (see `diff`)."""
        if self.notes:
            self.note(subject, message, loc)


def diff(
    expected: Schema,
    actual: Schema,
    dialect: str,
    *,
    notes: bool = True,
    normalize: Callable[[str], str] | None = None,
) -> list[Difference]:
    """Every difference between the model `expected` and the reflected `actual` on `dialect`.

    Tables are matched by table name, columns by name, foreign keys by their columns and
    target, indexes by name; unique and check constraints by content (engines rename them).
    Each part of the model is compared in the form the DDL gives it on `dialect` (the same
    capability flags `dialects/metadata.py` reads): an enum is VARCHAR + CHECK on SQLite, a gin
    index is left out on MariaDB. Notes (severity INFO) say what `dialect` cannot hold; they
    are not differences. `notes=False` leaves out the notes that the DDL's own `-- ` notes
    already state (verify reports those), keeping what only the engine's answer shows.
    `normalize` folds CHECKs, SQL defaults and index predicates before they are compared
    (verify passes verify.compare's sqlglot normaliser: meaning, not text); without it a
    text folding that knows no SQL grammar is used.
    """
    expected = as_written_for(expected, dialect)  # the DDL's text: identifiers stay identifiers
    expected = as_named_for(expected, dialect)  # names the target's namespaces made unique
    c = _Collector(expected, actual, dialect, notes, normalize)
    want = _by_name(sql_entities(expected), c.caps)
    have = _by_name(sql_entities(actual), c.caps)
    for key, e in want.items():
        a = have.get(key)
        if a is None:
            c.add("V101", e.table, f"table {e.table} is missing", e.loc, e.table)
            continue
        _entity(c, e, a)
    for key, a in have.items():
        if key not in want:
            c.add(
                "V102", a.table, f"table {a.table} is not in the model", expected.loc, "", a.table
            )
    from pydev_workflow.verify.sequences import sequence_differences  # lazy: imports this module

    return c.out + sequence_differences(expected, actual, c.caps.sequences)


def _entity(c: _Collector, e: Entity, a: Entity) -> None:
    t = e.table
    acols = {f.name.lower(): f for f in a.fields}
    for f in e.fields:
        af = acols.get(f.name.lower())
        subject = f"{t}.{f.name}"
        if af is None:
            c.add("V111", subject, f"column {subject} is missing", f.loc, _field_desc(f))
            continue
        _column(c, e, f, af)
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
    _foreign_keys(c, e, a)
    _uniques(c, e, a)
    _checks(c, e, a)
    _indexes(c, e, a)
    _partitioning(c, e, a)


def _held_type(c: _Collector, e: Entity, f: Field) -> FieldType:
    """The type the DDL gives `f` on this engine (a foreign native type becomes TEXT)."""
    t = f.type
    subject = f"{e.table}.{f.name}"
    if t.kind is TypeKind.NATIVE and not c.caps.speaks(_caps(c.expected.dialect)):
        # a native type belongs to the spec's own engine family; elsewhere the DDL uses TEXT
        c.cannot(subject, f"{c.d} has no {t.native} type: {subject} is stored as text", f.loc)
        return FieldType(TypeKind.TEXT)
    if t.kind is TypeKind.ARRAY and not c.caps.arrays:
        c.cannot(subject, f"{c.d} has no array type: {subject} is stored as JSON", f.loc)
    if t.kind is TypeKind.INTERVAL and not c.caps.interval_type:
        c.cannot(subject, f"{c.d} has no interval type: {subject} is BIGINT", f.loc)
    if unsigned_elsewhere(f, c.d):
        # the DDL's stand-in (dialects/metadata.py): the next wider signed type, CHECK (>= 0);
        # SQLite's INTEGER is 64-bit already
        t = replace(t, unsigned=False)
        if not c.caps.one_integer_type and t.kind in _WIDER:
            t = replace(t, kind=_WIDER[t.kind])
    return t


#: the signed type that holds every value of an unsigned one
_WIDER = {
    TypeKind.TINYINT: TypeKind.SMALLINT,
    TypeKind.SMALLINT: TypeKind.INTEGER,
    TypeKind.MEDIUMINT: TypeKind.INTEGER,
    TypeKind.INTEGER: TypeKind.BIGINT,
}


def unsigned_elsewhere(f: Field, dialect: str) -> bool:
    """True when `f` is an unsigned number on an engine without UNSIGNED (not MySQL/MariaDB).

    The DDL then writes the next wider signed type and CHECK (`f` >= 0).
    """
    return f.type.unsigned and f.type.is_numeric and not _caps(dialect).unsigned


def unsigned_check(f: Field) -> str:
    """The CHECK (`f` >= 0) the DDL adds for an unsigned field where there is no UNSIGNED."""
    return '"' + f.name.replace('"', '""') + '" >= 0'


def _column(c: _Collector, e: Entity, f: Field, af: Field) -> None:
    d = c.d
    subject = f"{e.table}.{f.name}"
    held = _held_type(c, e, f)
    unknown = af.type.kind is TypeKind.NATIVE and af.type.native == "unknown"
    if unknown and held.kind is TypeKind.NATIVE:
        # SQLAlchemy has no class for an extension's type (cube): it reads back as NullType
        c.note(subject, f"{subject} is {held}, a type SQLAlchemy cannot read back", f.loc)
    elif not types_equivalent(held, af.type, c.dialect):
        c.add(
            "V113",
            subject,
            f"column {subject} is {af.type}, expected {f.type}",
            f.loc,
            str(f.type),
            str(af.type),
        )
    if f.nullable and not af.nullable and f.identity and c.caps.identity_any_column:
        c.cannot(subject, f"{d} numbers {subject} as an identity: it is NOT NULL", f.loc)
    elif f.nullable != af.nullable and not e.is_pk(f.name):
        c.add(
            "V114",
            subject,
            f"column {subject} is {'NULL' if af.nullable else 'NOT NULL'}, expected "
            f"{'NULL' if f.nullable else 'NOT NULL'}",
            f.loc,
        )
    want, got = _norm_default(f.default, f.type, c.norm), _norm_default(af.default, f.type, c.norm)
    if want != got and _norm_default(f.default, f.type) == _norm_default(af.default, f.type):
        want = got  # equal as folded text (a reflected text the normaliser could not parse)
    if f.identity or af.identity:
        want = got = None  # a sequence/identity default is the identity itself
    if want != got:
        if want == "uuid" and got is None and not c.caps.uuid_default:
            c.cannot(
                subject, f"{d} has no UUID default: the application generates {subject}", f.loc
            )
        elif f.type.kind is TypeKind.ARRAY and not c.caps.arrays and got is None:
            c.cannot(subject, f"{d} has no arrays: the default of {subject} is left out", f.loc)
        elif not c.caps.zero_dates and got is None and is_zero_date(f.type, want or ""):
            c.cannot(subject, f"{d} has no zero date: the default of {subject} is left out", f.loc)
        else:
            c.add(
                "V115",
                subject,
                f"default of {subject} is {got or 'none'}, expected {want or 'none'}",
                f.loc,
                str(want or ""),
                str(got or ""),
            )
    _identity(c, e, f, af, subject)


def _identity(c: _Collector, e: Entity, f: Field, af: Field, subject: str) -> None:
    """Is the column an identity where the DDL makes one (and only there)?"""
    d = c.d
    # the DDL asks for auto-increment only on a key column outside PostgreSQL (MySQL allows
    # AUTO_INCREMENT only on a key; SQLite only on its INTEGER PRIMARY KEY rowid)
    identity = f.identity and (e.is_pk(f.name) or c.caps.identity_any_column)
    if f.identity and not f.type.is_integer:
        identity = False  # the DDL numbers only integers (DM110): noted there
    elif f.identity and not identity:
        c.note(subject, f"{d} auto-increments only key columns: {subject} is a plain column", f.loc)
    elif identity and c.adapter.rowid_identity and len(e.primary_key) > 1:
        # https://www.sqlite.org/autoinc.html: only a one-column INTEGER PRIMARY KEY is numbered
        identity = False
        c.cannot(subject, f"identity of {subject} in a composite key (set by the app)", f.loc)
    if identity != af.identity:
        rowid = c.adapter.rowid_identity and af.identity and e.primary_key == (f.name,)
        if not rowid:  # SQLite: an INTEGER PRIMARY KEY is always the auto-assigned rowid
            c.add(
                "V116",
                subject,
                f"{subject} is {'' if af.identity else 'not '}an identity column",
                f.loc,
                str(identity),
                str(af.identity),
            )


def _foreign_keys(c: _Collector, e: Entity, a: Entity) -> None:
    def key(fields: tuple[str, ...], table: str, ref: tuple[str, ...]) -> tuple[object, ...]:
        return (tuple(x.lower() for x in fields), table.lower(), tuple(x.lower() for x in ref))

    schema = c.expected
    sql_names = {x.name for x in sql_entities(schema)}
    have = {}
    for fk in a.foreign_keys:
        target = c.actual.entity(fk.ref_entity)
        table = target.table if target is not None else fk.ref_entity
        have[key(fk.fields, table, fk.ref_fields)] = fk
    seen = set()
    for fk in e.foreign_keys:
        ref = schema.entity(fk.ref_entity)
        subject = f"{e.table}({', '.join(fk.fields)})"
        if ref is None:
            continue
        if ref.name not in sql_names:
            c.cannot(
                subject,
                f"{subject} references {ref.name}, which is not an SQL table "
                f"({ref.storage_kind.value}): no foreign key",
                fk.loc,
            )
            continue
        k = key(fk.fields, ref.table, fk.ref_fields)
        seen.add(k)
        if (
            c.caps.set_null_needs_nullable
            and Action.SET_NULL in (fk.on_delete, fk.on_update)
            and any((col := e.field(n)) is None or not col.nullable for n in fk.fields)
            and k not in have
        ):
            # InnoDB refuses SET NULL on a NOT NULL column (errno 150): the DDL leaves it out
            c.cannot(subject, f"foreign key {subject} SET NULL on a NOT NULL column", fk.loc)
            continue
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
            if _norm_action(x, c.caps) != _norm_action(y, c.caps):
                c.add(
                    "V133",
                    subject,
                    f"{what} of {subject} is {_norm_action(y, c.caps).upper()}, "
                    f"expected {_norm_action(x, c.caps).upper()}",
                    fk.loc,
                    _norm_action(x, c.caps),
                    _norm_action(y, c.caps),
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
    want = _unique_sets(e, enames)
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


def _checks(c: _Collector, e: Entity, a: Entity) -> None:
    want: dict[str, tuple[str, Loc]] = {}
    for f in e.fields:
        if f.check:
            want[c.norm(f.check)] = (f.check, f.loc)
    for ch in e.checks:
        want[c.norm(ch.expression)] = (ch.expression, ch.loc)
    for f in e.fields:
        if unsigned_elsewhere(f, c.d):
            want.setdefault(c.norm(unsigned_check(f)), (unsigned_check(f), f.loc))
    have = {c.norm(ch.expression): ch.expression for ch in a.checks}
    have.update({c.norm(f.check): f.check for f in a.fields if f.check})
    # a text the normaliser could not parse on one side still matches as folded text
    folded_want = {norm_sql(text) for text, _ in want.values()}
    folded_have = {norm_sql(text) for text in have.values()}
    # where an engine has no enum type (SQLite; MySQL/MariaDB when not native) an enum field is
    # VARCHAR + CHECK (field IN (...)): that CHECK is the enum itself, not an extra constraint
    represented = {enum_check(f, c.norm) for f in e.fields if f.type.kind is TypeKind.ENUM}
    for k, (text, loc) in want.items():
        if k not in have and norm_sql(text) not in folded_have:
            c.add("V151", e.table, f"CHECK ({k}) of {e.table} is missing", loc)
    for k, text in have.items():
        if k not in want and k not in represented and norm_sql(text) not in folded_want:
            c.add("V152", e.table, f"CHECK ({text}) of {e.table} is not in the model", e.loc)


def enum_check(f: Field, norm: Callable[[str], str] = norm_sql) -> str:
    """The normalised `field IN ('a', 'b')` CHECK that stands for enum field `f`.

    Engines without an enum type hold an enum as VARCHAR plus this CHECK.
    """
    values = ", ".join("'" + v.replace("'", "''") + "'" for v in f.type.values)
    return norm(f"{f.name} IN ({values})")


def held_index(c: _Collector, e: Entity, ix: Index) -> Index | None:
    """`ix` as the DDL creates it on this engine, or None when the DDL leaves it out."""
    caps, d = c.caps, c.d
    subject = f"{e.table}.{ix.name}"
    if ix.method not in caps.index_methods:
        if ix.method is not IndexMethod.HASH:
            c.cannot(
                subject, f"{d} has no {ix.method.value} index: {ix.name} is not created", ix.loc
            )
            return None
        # a hash index only speeds up equality, which a B-tree serves as well
        c.cannot(subject, f"{d} has no hash index: {ix.name} is a B-tree", ix.loc)
        ix = replace(ix, method=IndexMethod.BTREE)
    if any(k.expression for k in ix.fields) and not caps.expression_indexes:
        c.cannot(subject, f"{d} has no expression index: {ix.name} is not created", ix.loc)
        return None
    if ix.where and not caps.partial_indexes:
        if ix.unique:
            c.cannot(subject, f"{d} has no partial index: unique {ix.name} is not created", ix.loc)
            return None
        c.cannot(
            subject,
            f"{d} has no partial index: {ix.name} covers all rows (WHERE {ix.where} dropped)",
            ix.loc,
        )
        ix = replace(ix, where=None)
    if ix.method is IndexMethod.HASH and caps.hash_index_is_btree:
        # InnoDB accepts USING HASH and builds a B-tree
        # (https://mariadb.com/kb/en/storage-engine-index-types/)
        c.note(subject, f"InnoDB has no hash index: {ix.name} is a B-tree", ix.loc)
        ix = replace(ix, method=IndexMethod.BTREE)
    return ix


def _key(k: IndexField, norm: Callable[[str], str] = norm_sql) -> str:
    return norm(k.name) if k.expression else k.name.lower()


def _norm_sql_default(value: str, ftype: FieldType, norm: Callable[[str], str]) -> str | None:
    """An SQL default by meaning: `now`, `uuid`, an empty byte string, else `sql:<folded>`."""
    low = norm_sql(value)
    if low == "null":
        return None
    if low in ("now", "current_timestamp", "localtimestamp"):
        return "now"
    if "uuid" in low:  # MySQL: (REPLACE(UUID(), '-', '')) stands for a generated UUID
        return "uuid"
    if ftype.kind is TypeKind.BYTES and low in ("''", "'\\x'"):
        return "''"  # PostgreSQL writes an empty bytea back in hex form: '\x'::bytea
    folded = norm(value)
    if folded.lower() in ("current_timestamp", "current_timestamp()"):
        return "now"  # `'now'::timestamp` read by meaning
    return "sql:" + folded


def _index_problems(c: _Collector, ix: Index, got: Index) -> list[str]:
    """How the reflected index `got` differs from `ix` as the DDL creates it."""
    problems = []
    if [_key(k, c.norm) for k in ix.fields] != [_key(k, c.norm) for k in got.fields]:
        problems.append("keys")
    elif [k.descending for k in ix.fields] != [k.descending for k in got.fields]:
        problems.append("order")
    if ix.unique != got.unique:
        problems.append("uniqueness")
    if ix.method is not got.method:
        problems.append("method")
    if (c.norm(ix.where) if ix.where else "") != (
        c.norm(got.where) if got.where else ""
    ) and norm_sql(ix.where or "") != norm_sql(got.where or ""):
        problems.append("predicate")
    return problems


def _indexes(c: _Collector, e: Entity, a: Entity) -> None:
    have = {ix.name.lower(): ix for ix in a.indexes}
    wanted_uniques = _unique_sets(e, set())
    for declared in e.indexes:
        subject = f"{e.table}.{declared.name}"
        ix = held_index(c, e, declared)
        if ix is None:
            continue
        got = have.get(ix.name.lower())
        if got is None:
            c.add(
                "V161", subject, f"index {ix.name} on {e.table} is missing", ix.loc, _idx_desc(ix)
            )
            continue
        problems = _index_problems(c, ix, got)
        if problems:
            c.add(
                "V163",
                subject,
                f"index {ix.name} differs in {', '.join(problems)}: "
                f"{_idx_desc(got)}, expected {_idx_desc(declared)}",
                ix.loc,
                _idx_desc(declared),
                _idx_desc(got),
            )
    enames = {ix.name.lower() for ix in e.indexes}
    for name, got in have.items():
        if name in enames:
            continue
        if got.unique and frozenset(n.lower() for n in got.field_names) in wanted_uniques:
            continue  # the engine's index behind a unique constraint
        if c.adapter.fk_makes_index and _backs_foreign_key(e, got):
            continue  # the engine's own index for a foreign key that had none
        c.add(
            "V162",
            f"{e.table}.{got.name}",
            f"index {got.name} on {e.table} is not in the model",
            e.loc,
            "",
            _idx_desc(got),
        )


def _backs_foreign_key(e: Entity, ix: Index) -> bool:
    """A plain index whose leading keys are the columns of one of `e`'s foreign keys."""
    return not ix.unique and any(
        tuple(n.lower() for n in ix.field_names[: len(fk.fields)])
        == tuple(n.lower() for n in fk.fields)
        for fk in e.foreign_keys
    )


def held_partitioning(c: _Collector, e: Entity) -> Partitioning | None:
    """The partitioning the DDL gives `e` on this engine (mirrors dialects/metadata.py)."""
    p = e.partitioning
    if p is None:
        return None
    if not c.caps.partitioning:
        c.cannot(e.table, f"{c.d} has no partitioning: {e.table} is one table", p.loc)
        return None
    if c.caps.partitions_as_written:
        return p
    # MySQL / MariaDB: partitioned InnoDB tables take no foreign keys, and FOR VALUES bounds
    # are PostgreSQL's: only a HASH partitioning without listed partitions is created
    if e.foreign_keys or c.expected.children_of(e.name):
        c.cannot(e.table, f"InnoDB partitioned tables have no foreign keys: {e.table} is one table",
                 p.loc)  # fmt: skip
        return None
    if p.method is PartitionMethod.HASH and not p.partitions:
        return p
    if not partitions_expressible(p):
        c.cannot(e.table, f"{p.method.value} partitions of {e.table}: bounds MariaDB cannot take",
                 p.loc)  # fmt: skip
        return None
    return p


def partitions_expressible(p: Partitioning) -> bool:
    """Can MariaDB's RANGE/LIST COLUMNS or HASH take these partitions (as the DDL renders)?"""
    return mysql_partitions_clause(p) is not None


def _partitioning(c: _Collector, e: Entity, a: Entity) -> None:
    p, q = held_partitioning(c, e), a.partitioning
    if p is None and q is None:
        return

    def desc(x: Partitioning | None) -> str:
        if x is None:
            return "none"
        parts = f" [{', '.join(sorted(y.name for y in x.partitions))}]" if x.partitions else ""
        return f"{x.method.value} ({', '.join(x.key)}){parts}"

    same = (
        p is not None
        and q is not None
        and p.method is q.method
        and tuple(k.lower() for k in p.key) == tuple(k.lower() for k in q.key)
        # partition names, not bound texts: engines rewrite the bounds
        and (not p.partitions or {x.name for x in p.partitions} == {x.name for x in q.partitions})
    )
    if not same:
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
    "enum_check",
    "norm_sql",
    "sql_entities",
    "types_equivalent",
]
