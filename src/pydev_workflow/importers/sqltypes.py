"""Read SQL column types, defaults and index keys (sqlglot trees) into the model's terms."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sqlglot import exp

from pydev_workflow.importers.base import fold_names
from pydev_workflow.importers.sqlsplit import balanced, matching_paren
from pydev_workflow.importers.sqlstate import NAME, ImportState
from pydev_workflow.model import Default, DefaultKind, FieldType, IndexField, TypeKind

T = exp.DataType.Type

#: serial types: an integer filled from a sequence (an identity column)
_SERIAL = {
    T.SERIAL: TypeKind.INTEGER,
    T.BIGSERIAL: TypeKind.BIGINT,
    T.SMALLSERIAL: TypeKind.SMALLINT,
}
#: types that map to one kind without parameters
_SIMPLE = {
    T.INT: TypeKind.INTEGER,
    T.UINT: TypeKind.INTEGER,
    T.MEDIUMINT: TypeKind.INTEGER,
    T.UMEDIUMINT: TypeKind.INTEGER,
    T.BIGINT: TypeKind.BIGINT,
    T.UBIGINT: TypeKind.BIGINT,
    T.SMALLINT: TypeKind.SMALLINT,
    T.USMALLINT: TypeKind.SMALLINT,
    T.TINYINT: TypeKind.SMALLINT,
    T.UTINYINT: TypeKind.SMALLINT,
    T.BOOLEAN: TypeKind.BOOLEAN,
    T.TEXT: TypeKind.TEXT,
    T.MEDIUMTEXT: TypeKind.TEXT,
    T.LONGTEXT: TypeKind.TEXT,
    T.TINYTEXT: TypeKind.TEXT,
    T.DOUBLE: TypeKind.FLOAT,
    T.DATE: TypeKind.DATE,
    T.TIME: TypeKind.TIME,
    T.INTERVAL: TypeKind.INTERVAL,
    T.JSON: TypeKind.JSON,
    T.JSONB: TypeKind.JSON,
    T.UUID: TypeKind.UUID,
    T.BINARY: TypeKind.BYTES,
    T.VARBINARY: TypeKind.BYTES,
    T.BLOB: TypeKind.BYTES,
    T.LONGBLOB: TypeKind.BYTES,
    T.MEDIUMBLOB: TypeKind.BYTES,
    T.TINYBLOB: TypeKind.BYTES,
}
#: sqlglot's unsigned type -> its signed type
_UNSIGNED = {
    T.UINT: T.INT,
    T.UTINYINT: T.TINYINT,
    T.USMALLINT: T.SMALLINT,
    T.UMEDIUMINT: T.MEDIUMINT,
    T.UBIGINT: T.BIGINT,
    T.UDECIMAL: T.DECIMAL,
    T.UDOUBLE: T.DOUBLE,
}
#: NVARCHAR, NCHAR
NATIONAL = frozenset({T.NVARCHAR, T.NCHAR})
#: MEDIUMTEXT -> (text, medium), …
_SIZES = {
    T.TINYTEXT: (TypeKind.TEXT, "tiny"),
    T.MEDIUMTEXT: (TypeKind.TEXT, "medium"),
    T.LONGTEXT: (TypeKind.TEXT, "long"),
    T.TINYBLOB: (TypeKind.BYTES, "tiny"),
    T.MEDIUMBLOB: (TypeKind.BYTES, "medium"),
    T.LONGBLOB: (TypeKind.BYTES, "long"),
}
_NOW_FUNCTIONS = ("now", "transaction_timestamp", "localtimestamp", "current_timestamp")
_UUID_FUNCTIONS = ("gen_random_uuid", "uuid_generate_v4", "uuid", "uuidv4")


# -- types ---------------------------------------------------------------------------------------
def field_type(state: ImportState, dt: Any) -> tuple[FieldType, bool]:
    """The portable type of a sqlglot DataType and whether it is serial (identity)."""
    if dt is None:  # SQLite allows columns without a type
        return FieldType(TypeKind.TEXT), False
    kind = dt.this
    if kind in _SERIAL:
        return FieldType(_SERIAL[kind]), True
    params = [p.this if isinstance(p, exp.DataTypeParam) else p for p in dt.expressions]
    nums = [int(p.this) for p in params if isinstance(p, exp.Literal) and not p.is_string]
    for read in (_floating, _integer_or_bytes, _text_or_number, _temporal, _composite):
        got = read(state, dt, params, nums)
        if got is not None:
            return got, False
    return native(state.text(dt)), False


def _floating(state: ImportState, dt: Any, params: list[Any], nums: list[int]) -> FieldType | None:
    """FLOAT(p) and REAL: single precision up to 24 bits of precision, double above.

    PostgreSQL's `float(p)` arrives as DOUBLE(p) from sqlglot, MySQL's as FLOAT(p); MySQL's
    FLOAT(M,D) is single precision with display digits the model does not keep (read_elements
    says so at the column). A DOUBLE without a precision is double (the common mapping).
    """
    kind = dt.this
    if state.engine.type_affinity or kind not in (T.FLOAT, T.DOUBLE):
        return None
    if len(nums) == 1:
        return FieldType(TypeKind.FLOAT) if nums[0] > 24 else FieldType(TypeKind.FLOAT, length=24)
    if kind is T.FLOAT:
        return FieldType(TypeKind.FLOAT, length=24)
    return None


def _integer_or_bytes(
    state: ImportState, dt: Any, params: list[Any], nums: list[int]
) -> FieldType | None:
    kind = dt.this
    engine = state.engine
    if kind is T.TINYINT and nums == [1] and engine.tinyint1_boolean:
        return FieldType(TypeKind.BOOLEAN)  # MySQL's BOOLEAN is TINYINT(1)
    if kind in _UNSIGNED:
        base, _ = field_type(state, exp.DataType(this=_UNSIGNED[kind], expressions=[]))
        if kind is T.UDECIMAL:
            base = FieldType(
                TypeKind.DECIMAL,
                precision=nums[0] if nums else None,
                scale=nums[1] if len(nums) > 1 else None,
            )
        return replace(base, unsigned=True)
    if kind in _SIZES:
        kname, size = _SIZES[kind]
        return FieldType(kname, size=size)
    if kind is T.BINARY and engine.fixed_binary:
        return FieldType(TypeKind.BINARY, length=nums[0] if nums else 1)
    if kind is T.VARBINARY:
        return FieldType(TypeKind.BYTES, length=nums[0] if nums else None)
    if kind is T.TINYINT and engine.tinyint:
        return FieldType(TypeKind.TINYINT)
    if kind is T.MEDIUMINT and engine.tinyint:
        return FieldType(TypeKind.MEDIUMINT)
    if kind is T.YEAR:
        return native("year")
    if kind in _SIMPLE:
        return FieldType(_SIMPLE[kind])
    return None


def _text_or_number(
    state: ImportState, dt: Any, params: list[Any], nums: list[int]
) -> FieldType | None:
    kind = dt.this
    first = nums[0] if nums else None
    if kind in (T.VARCHAR, T.NVARCHAR):
        return FieldType(TypeKind.STRING, length=first)
    if kind in (T.CHAR, T.NCHAR):
        return FieldType(TypeKind.CHAR, length=first)
    if kind is T.BPCHAR and nums:
        # PostgreSQL's internal name of CHAR(n); a bare bpchar has no length limit
        return FieldType(TypeKind.CHAR, length=nums[0])
    if kind in (T.DECIMAL, T.UDECIMAL, T.BIGDECIMAL):
        scale = nums[1] if len(nums) > 1 else None
        return FieldType(TypeKind.DECIMAL, precision=first, scale=scale)
    return None


def _temporal(state: ImportState, dt: Any, params: list[Any], nums: list[int]) -> FieldType | None:
    kind = dt.this
    fsp = nums[0] if nums else None  # fractional seconds
    if kind in (T.TIMESTAMP, T.DATETIME, T.DATETIME64, T.TIMESTAMPNTZ):
        return FieldType(TypeKind.TIMESTAMP, precision=fsp)
    if kind in (T.TIMESTAMPTZ, T.TIMESTAMPLTZ):
        # MySQL's TIMESTAMP is stored in UTC and shown in the session's zone: an instant
        return FieldType(TypeKind.TIMESTAMP, timezone=True, precision=fsp)
    if kind is T.TIMETZ:
        return FieldType(TypeKind.TIME, timezone=True, precision=fsp)
    if kind is T.TIME and fsp is not None:
        return FieldType(TypeKind.TIME, precision=fsp)
    return None


def _composite(state: ImportState, dt: Any, params: list[Any], nums: list[int]) -> FieldType | None:
    kind = dt.this
    if kind is T.ENUM:
        values = tuple(str(p.this) for p in params if isinstance(p, exp.Literal))
        if values and len(set(values)) == len(values):
            return FieldType(TypeKind.ENUM, values=values)
    if kind is T.ARRAY and dt.expressions:
        item, _ = field_type(state, dt.expressions[0])
        return FieldType(TypeKind.ARRAY, item=item)
    if kind is T.USERDEFINED:
        return _user_defined(state, dt)
    return None


def _user_defined(state: ImportState, dt: Any) -> FieldType:
    """An enum or domain the script created, else the engine's own type by name."""
    udt = dt.args.get("kind")
    raw = state.text(udt) if udt is not None else state.text(dt)
    schema, name = state.qname(raw)
    key = f"{schema or ''}.{name}".lower()
    if key in state.enums:
        ename, values = state.enums[key]
        return FieldType(TypeKind.ENUM, values=values, enum_name=ename)
    if key in state.domains:
        return state.domains[key]
    if state.engine.type_affinity:
        return sqlite_affinity(name)
    return native(name)


def native(text: str) -> FieldType:
    """The engine's own spelling, whole: `native(set('Trailers', 'Commentaries'))`."""
    return FieldType(TypeKind.NATIVE, native=fold_names(text))


def sqlite_affinity_word(name: str) -> str:
    """The one-word type of a SQLite declared type's affinity (datatype3.html, 3.1)."""
    return {
        TypeKind.INTEGER: "INTEGER",
        TypeKind.TEXT: "TEXT",
        TypeKind.BYTES: "BLOB",
        TypeKind.FLOAT: "REAL",
    }.get(sqlite_affinity(name).kind, "NUMERIC")


def sqlite_affinity(name: str) -> FieldType:
    """SQLite accepts any type name and applies its affinity rules (datatype3.html, 3.1)."""
    upper = name.upper()
    if "INT" in upper:
        return FieldType(TypeKind.INTEGER)
    if any(k in upper for k in ("CHAR", "CLOB", "TEXT")):
        return FieldType(TypeKind.TEXT)
    if "BLOB" in upper or not upper:
        return FieldType(TypeKind.BYTES)
    if any(k in upper for k in ("REAL", "FLOA", "DOUB")):
        return FieldType(TypeKind.FLOAT)
    return FieldType(TypeKind.DECIMAL)


# -- defaults ------------------------------------------------------------------------------------
def default(state: ImportState, node: Any) -> tuple[Default | None, bool]:
    """A column default and whether it is a sequence (serial) default."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal | exp.Neg):
        node = node.this  # pg_dump spells literals as 'x'::character varying
    if node is None or isinstance(node, exp.Null):
        return None, False
    constant = _constant(state, node)
    if constant is not None:
        return constant, False
    return _call(state, node)


def _constant(state: ImportState, node: Any) -> Default | None:
    """A literal, boolean or current-time default; None for anything else."""
    if isinstance(node, exp.Literal):
        return Default(DefaultKind.LITERAL, _number_text(node))
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
        return Default(DefaultKind.LITERAL, "-" + _number_text(node.this))
    if isinstance(node, exp.Boolean):
        return Default(DefaultKind.LITERAL, "true" if node.this else "false")
    if isinstance(node, exp.CurrentDate):
        return Default(DefaultKind.SQL, state.text(node))
    if isinstance(node, exp.CurrentTimestamp):
        return Default(DefaultKind.NOW)
    return None


def _number_text(node: Any) -> str:
    """A literal's text; an integer without its leading zeros.

    `DEFAULT 00` is the number 0, which a text column stores as '0'.
    """
    text = str(node.this)
    if not node.is_string and text.isdigit() and text.isascii():
        return str(int(text))
    return text


_TEXT_TYPES = frozenset({T.TEXT, T.VARCHAR})


def _call(state: ImportState, node: Any) -> tuple[Default | None, bool]:
    """A function-call default: nextval (a sequence), now(), a UUID generator, or SQL."""
    name = ""
    if isinstance(node, exp.Anonymous):
        name = str(node.this).lower()
    elif isinstance(node, exp.Func):
        name = node.sql_name().lower()
    if name == "nextval":
        args = list(node.expressions) if isinstance(node, exp.Anonymous) else [node.this]
        arg = args[0] if args else None
        state.sequence_by_name = False
        while isinstance(arg, exp.Cast | exp.Paren):
            if isinstance(arg, exp.Cast) and arg.to.this in _TEXT_TYPES:
                state.sequence_by_name = True  # nextval('s'::text): looked up on each call
            arg = arg.this
        if isinstance(arg, exp.Literal):  # PostgreSQL: nextval('users_id_seq')
            state.last_sequence = str(arg.this)
        elif isinstance(arg, exp.Column | exp.Table):  # MariaDB: nextval(s), NEXT VALUE FOR s
            state.last_sequence = state.text(arg)
        else:
            state.last_sequence = None
        return None, True
    if name in _NOW_FUNCTIONS:
        return Default(DefaultKind.NOW), False
    if name in _UUID_FUNCTIONS:
        return Default(DefaultKind.UUID), False
    return Default(DefaultKind.SQL, state.text(node)), False


# -- index keys ----------------------------------------------------------------------------------
_INDEX_COLUMN = re.compile(rf"({NAME})(?:\s*\(\s*(\d+)\s*\))?(?:\s+([\w.]+_ops|COLLATE\s+\S+))?")


def index_key(state: ImportState, text: str) -> IndexField:
    """One index key: a (possibly quoted) column with ASC/DESC, or an expression."""
    raw = " ".join(text.split())
    descending = False
    raw = re.sub(r"\s+NULLS\s+(?:FIRST|LAST)$", "", raw, flags=re.I)
    if re.search(r"\s+DESC$", raw, re.I):
        descending, raw = True, raw[:-5].rstrip()
    elif re.search(r"\s+ASC$", raw, re.I):
        raw = raw[:-4].rstrip()
    m = _INDEX_COLUMN.fullmatch(raw)
    if m:
        length = int(m.group(2)) if m.group(2) else None
        extra = m.group(3)
        opclass = extra if extra and not extra.upper().startswith("COLLATE") else None
        if extra and opclass is None:
            state.counts["index key collations (not kept)"] += 1
        return IndexField(state.unquote(m.group(1)), descending, length=length, opclass=opclass)
    opclass = None
    ops = _EXPRESSION_OPCLASS.fullmatch(raw)
    if ops and balanced(ops.group(1)):  # `lower((name)::text) gin_trgm_ops`
        raw, opclass = ops.group(1), ops.group(2)
    if raw.startswith("(") and matching_paren(raw, 0) == len(raw) - 1:
        raw = raw[1:-1].strip()
    return IndexField(raw, descending, expression=True, opclass=opclass)


#: an expression key followed by its operator class (PostgreSQL: `expr opclass`)
_EXPRESSION_OPCLASS = re.compile(r"(.*[)\w])\s+((?:\w+\.)?\w+_ops)", re.S)


# -- the public entry point for other importers --------------------------------------------------
class TypeReader:
    """Read type and default text as `import sql` reads it (the DBML importer's types)."""

    def __init__(self, dialect: str = "postgresql"):
        self.state = ImportState(dialect, strict=False)

    def column_type(self, text: str) -> tuple[FieldType, bool] | None:
        """The type of a column declared `c <text>` and whether it is serial; None if unreadable."""
        try:
            tree = self.state.parse_one(f"CREATE TABLE _t (c {text})")
            dt = tree.this.expressions[0].args.get("kind")
        except Exception:  # noqa: BLE001 - sqlglot raises several error types
            return None
        return field_type(self.state, dt)

    def column_default(self, text: str) -> tuple[Default | None, bool] | None:
        """The default `DEFAULT <text>` and whether it is a sequence; None if unreadable."""
        try:
            tree = self.state.parse_one("SELECT " + text)
        except Exception:  # noqa: BLE001 - sqlglot raises several error types
            return None
        return default(self.state, tree.expressions[0])
