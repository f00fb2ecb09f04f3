"""One table cell as written: a type, constraints, a cardinality, storage or normalization."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pydev_workflow.errors import Loc
from pydev_workflow.importers.markdown.parts import DocField, plain, split_top
from pydev_workflow.model import (
    Action,
    Cardinality,
    Default,
    DefaultKind,
    FieldType,
    Filter,
    FilterOp,
    IndexField,
    Normalization,
    NormalizationLevel,
    Storage,
    StorageKind,
    TypeKind,
    TypeSyntaxError,
    parse_type,
)

_DOC_TYPES: dict[str, FieldType] = {
    "timestamptz": FieldType(TypeKind.TIMESTAMP, timezone=True),
    "timestamp with time zone": FieldType(TypeKind.TIMESTAMP, timezone=True),
    "timestamp without time zone": FieldType(TypeKind.TIMESTAMP),
    "timetz": FieldType(TypeKind.TIME, timezone=True),
    "time with time zone": FieldType(TypeKind.TIME, timezone=True),
    "double": FieldType(TypeKind.FLOAT),
    "double precision": FieldType(TypeKind.FLOAT),
    "float8": FieldType(TypeKind.FLOAT),
    "real": FieldType(TypeKind.FLOAT, length=24),
    "float4": FieldType(TypeKind.FLOAT, length=24),
    "serial": FieldType(TypeKind.INTEGER),
    "serial4": FieldType(TypeKind.INTEGER),
    "bigserial": FieldType(TypeKind.BIGINT),
    "serial8": FieldType(TypeKind.BIGINT),
    "smallserial": FieldType(TypeKind.SMALLINT),
    "character varying": FieldType(TypeKind.STRING),
    "nvarchar": FieldType(TypeKind.STRING),
    "long": FieldType(TypeKind.BIGINT),
    "number": FieldType(TypeKind.DECIMAL),
    "bytes": FieldType(TypeKind.BYTES),
    "tinyint(1)": FieldType(TypeKind.BOOLEAN),
}


SERIAL = {"serial", "serial4", "bigserial", "serial8", "smallserial"}


_VARCHAR_RE = re.compile(r"^(?:character varying|nvarchar|varchar|string)\s*\(\s*(\d+)\s*\)$")


def parse_doc_type(text: str) -> FieldType:
    """Read a type as people write it in tables and ERDs (`VARCHAR(255)`, `TIMESTAMPTZ`, `uuid`).

    Unknown spellings become native types (`TSVECTOR` -> native(tsvector)); never raises.
    """
    raw = plain(text).strip().rstrip(",")
    lowered = re.sub(r"\s+", " ", raw.lower())
    if lowered.endswith("[]"):
        return FieldType(TypeKind.ARRAY, item=parse_doc_type(raw[:-2]))
    if lowered in _DOC_TYPES:
        return _DOC_TYPES[lowered]
    m = _VARCHAR_RE.match(lowered)
    if m:
        return FieldType(TypeKind.STRING, length=int(m.group(1)))
    if lowered.startswith("enum") and "(" in raw:
        values = tuple(
            v.strip().strip("'\"") for v in split_top(raw[raw.index("(") + 1 : raw.rindex(")")])
        )
        if values and len(set(values)) == len(values):
            return FieldType(TypeKind.ENUM, values=values)
    try:
        return parse_type(lowered if "(" not in lowered or lowered.startswith("enum") else lowered)
    except TypeSyntaxError:
        return FieldType(TypeKind.NATIVE, native=lowered or "unknown")


def same_type(a: FieldType, b: FieldType) -> bool:
    """Types equal for documentation purposes: an engine enum name or a missing length is fine."""
    if a.kind is not b.kind:
        return False
    if a.kind is TypeKind.ENUM:
        return set(a.values) == set(b.values)
    if a.kind is TypeKind.ARRAY:
        return a.item is not None and b.item is not None and same_type(a.item, b.item)
    if a.kind is TypeKind.NATIVE:
        return (a.native or "").lower() == (b.native or "").lower()
    return replace(a, enum_name=None) == replace(b, enum_name=None)


_ACTION_RE = re.compile(
    r"\bON\s+(DELETE|UPDATE)\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION)", re.I
)


_FK_RE = re.compile(
    r"^(?:FK|FOREIGN\s+KEY|REFERENCES|REF)\b\s*(?:(?:→|->|to|:|=>)\s*)?"
    r"(?:\(\s*)?([A-Za-z_][\w.]*)?(?:\s*\(\s*([\w\s,]+)\))?\s*\)?",
    re.I,
)


_NOW = {"now", "now()", "current_timestamp", "current_timestamp()", "localtimestamp"}


_UUID = {"gen_random_uuid()", "gen_random_uuid", "uuid()", "uuid_generate_v4()", "uuid4"}


def _action(text: str) -> Action:
    return Action(re.sub(r"\s+", " ", text.lower()))


def parse_default(text: str) -> Default:
    """A Default from a cell: NOW, a UUID function, a number, a quoted string or an expression."""
    value = text.strip()
    lowered = value.lower()
    if lowered in _NOW:
        return Default(DefaultKind.NOW)
    if lowered in _UUID:
        return Default(DefaultKind.UUID)
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return Default(DefaultKind.LITERAL, value[1:-1])
    if re.fullmatch(r"-?\d+(\.\d+)?|true|false", lowered):
        return Default(DefaultKind.LITERAL, lowered)
    if "(" in value or " " in value:
        return Default(DefaultKind.SQL, value)
    return Default(DefaultKind.LITERAL, value)


_FLAG_WORDS: dict[str, tuple[str, bool]] = {
    word: (key, value)
    for words, key, value in (
        (("PK", "PRIMARY KEY", "PRIMARY"), "pk", True),
        (("UK", "UQ", "UNIQUE", "UNIQUE KEY"), "unique", True),
        (("NOT NULL", "REQUIRED", "NN"), "nullable", False),
        (("NULL", "NULLABLE", "OPTIONAL"), "nullable", True),
        (("IDENTITY", "AUTO_INCREMENT", "AUTOINCREMENT", "SERIAL", "AUTO"), "identity", True),
    )
    for word in words
}


def _fk_values(token: str) -> dict[str, Any]:
    """`FK → User.id`, `REFERENCES users(id)`: the FK flag, its target entity and field."""
    fm = _FK_RE.match(token)
    values: dict[str, Any] = {"fk": True}
    target = fm.group(1) if fm else None
    if target:
        if fm and fm.group(2):
            values["fk_target"], values["fk_field"] = target, fm.group(2).strip()
        elif "." in target:
            ent, _, fld = target.rpartition(".")
            values["fk_target"], values["fk_field"] = ent, fld
        else:
            values["fk_target"] = target
    return values


def _check_expr(token: str) -> str:
    """The expression of `CHECK (expr)` / `CHECK: expr`, without its outer parentheses."""
    expr = token[len("CHECK") :].strip(" :")
    if expr.startswith("(") and expr.endswith(")"):
        expr = expr[1:-1].strip()
    return expr


def _token_values(token: str) -> dict[str, Any] | None:
    """The DocField values one word of a Constraints cell sets; None if it is not understood."""
    upper = token.upper()
    flag = _FLAG_WORDS.get(upper)
    if flag is not None:
        return {flag[0]: flag[1]}
    if upper.startswith("DEFAULT"):
        return {"default": parse_default(token[len("DEFAULT") :].strip(" :="))}
    if upper.startswith("CHECK"):
        return {"check": _check_expr(token)}
    if upper.startswith(("FK", "FOREIGN KEY", "REFERENCES", "REF ")):
        return _fk_values(token)
    if upper.startswith("PK") and "FK" in upper:  # "PK/FK", "PK FK"
        return {"pk": True, "fk": True}
    if token in ("-", "—", "–"):
        return {}
    return None


def parse_constraints(row: DocField, text: str) -> DocField:
    """Apply the words of a Constraints cell (`PK`, `FK → User.id`, `NOT NULL, DEFAULT NOW`)."""
    values: dict[str, Any] = {}
    unknown: list[str] = []
    for m in _ACTION_RE.finditer(text):
        key = "on_delete" if m.group(1).upper() == "DELETE" else "on_update"
        values[key] = _action(m.group(2))
    text = _ACTION_RE.sub("", text)
    for token in split_top(text, ",;"):
        understood = _token_values(token)
        if understood is None:
            unknown.append(token)
        else:
            values.update(understood)
    if values.get("pk"):
        values.setdefault("nullable", False)
    return replace(row, unknown=tuple(unknown), **values)


def parse_cardinality(text: str) -> tuple[Cardinality | None, bool]:
    """The cardinality a cell names (1:N, one-to-many, N:1...) and whether it is reversed."""
    t = re.sub(r"\s+", "", text.upper()).replace("*", "N")
    t = t.replace("ONE-TO-MANY", "1:N").replace("MANY-TO-ONE", "N:1")
    t = t.replace("ONE-TO-ONE", "1:1").replace("MANY-TO-MANY", "N:M")
    if t in ("1:1",):
        return Cardinality.ONE_TO_ONE, False
    if t in ("1:N", "1:M", "1-N", "1..N", "1:MANY"):
        return Cardinality.ONE_TO_MANY, False
    if t in ("N:1", "M:1", "N-1", "MANY:1"):
        return Cardinality.ONE_TO_MANY, True
    if t in ("N:M", "M:N", "N:N", "M:M", "MANY:MANY"):
        return Cardinality.MANY_TO_MANY, False
    return None, False


def index_field(text: str) -> IndexField:
    """One field of an index as written: `name`, `name DESC`, `lower(name)`."""
    raw = text.strip()
    descending = False
    lowered = raw.lower()
    if lowered.endswith(" desc"):
        descending, raw = True, raw[:-5].rstrip()
    elif lowered.endswith(" asc"):
        raw = raw[:-4].rstrip()
    if "(" in raw or " " in raw:
        expr = raw[1:-1] if raw.startswith("(") and raw.endswith(")") else raw
        return IndexField(expr, descending, expression=True)
    return IndexField(raw, descending)


_FILTER_WORDS = {
    "in": FilterOp.IN,
    "range": FilterOp.RANGE,
    "between": FilterOp.RANGE,
    "<": FilterOp.RANGE,
    ">": FilterOp.RANGE,
    "<=": FilterOp.RANGE,
    ">=": FilterOp.RANGE,
    "prefix": FilterOp.PREFIX,
    "like": FilterOp.PREFIX,
    "contains": FilterOp.CONTAINS,
    "not-null": FilterOp.NOT_NULL,
    "eq": FilterOp.EQ,
    "=": FilterOp.EQ,
}


def parse_filter(text: str) -> Filter | None:
    """A filter a Query Patterns cell names (`status = ?`, `created_at >`), None if none."""
    parts = text.split()
    if not parts:
        return None
    op = _FILTER_WORDS.get(parts[1].lower(), FilterOp.EQ) if len(parts) > 1 else FilterOp.EQ
    return Filter(parts[0], op)


_KIND_WORDS: tuple[tuple[str, StorageKind], ...] = (
    ("key-value", StorageKind.KEY_VALUE),
    ("key value", StorageKind.KEY_VALUE),
    ("kv", StorageKind.KEY_VALUE),
    ("document", StorageKind.DOCUMENT),
    ("relational", StorageKind.RELATIONAL),
    ("object storage", StorageKind.FILE),
    ("file", StorageKind.FILE),
)


_ENGINES: dict[str, StorageKind] = {
    "postgres": StorageKind.RELATIONAL,
    "mysql": StorageKind.RELATIONAL,
    "mariadb": StorageKind.RELATIONAL,
    "sqlite": StorageKind.RELATIONAL,
    "oracle": StorageKind.RELATIONAL,
    "sql server": StorageKind.RELATIONAL,
    "mongo": StorageKind.DOCUMENT,
    "couch": StorageKind.DOCUMENT,
    "firestore": StorageKind.DOCUMENT,
    "elasticsearch": StorageKind.DOCUMENT,
    "redis": StorageKind.KEY_VALUE,
    "memcache": StorageKind.KEY_VALUE,
    "dynamodb": StorageKind.KEY_VALUE,
    "etcd": StorageKind.KEY_VALUE,
    "s3": StorageKind.FILE,
    "gcs": StorageKind.FILE,
    "blob": StorageKind.FILE,
    "minio": StorageKind.FILE,
    "filesystem": StorageKind.FILE,
    "disk": StorageKind.FILE,
}


def undecided(text: str) -> bool:
    """An empty cell, a dash, or the `not decided` our renderer writes for a gap."""
    return text.strip().lower() in ("", "-", "—", "not decided", "undecided", "tbd")


def parse_storage(text: str, loc: Loc) -> Storage | None:
    """`PostgreSQL`, `Redis (key-value)`, `Document DB (MongoDB)`, `S3` -> Storage."""
    raw = text.strip().rstrip(".")
    if undecided(raw):
        return None
    lowered = raw.lower()
    kind: StorageKind | None = None
    engine = raw
    for word, k in _KIND_WORDS:
        m = re.search(rf"\b{re.escape(word)}\b(\s+(db|database|store|storage))?", lowered)
        if m:
            kind = k
            engine = raw[: m.start()] + raw[m.end() :]
            break
    engine = re.sub(r"[()\[\],/:;—–-]+", " ", engine).strip()
    engine = re.sub(r"\s+", " ", engine)
    if engine.lower() in ("", "db", "database", "store", "storage"):
        engine = ""
    if kind is None:
        kind = next((k for word, k in _ENGINES.items() if word in lowered), StorageKind.RELATIONAL)
    return Storage(kind, engine or None, loc)


def parse_normalization(text: str, loc: Loc) -> Normalization | None:
    """`normalized (3NF) — rationale` / `Denormalized: rationale` -> Normalization."""
    lowered = text.lower()
    if "denormali" in lowered:
        level = NormalizationLevel.DENORMALIZED
    elif "normali" in lowered or re.search(r"\b[1-5]nf\b|\bbcnf\b", lowered):
        level = NormalizationLevel.NORMALIZED
    else:
        return None
    fm = re.search(r"\b([1-5]NF|BCNF)\b", text, re.I)
    rest = re.sub(r"^\s*(de)?normali[sz]ed\s*", "", text, flags=re.I)
    if fm:
        rest = rest.replace(f"({fm.group(1)})", "").replace(fm.group(1), "", 1)
    rationale = rest.strip(" -—–:;,.()")
    if rest.rstrip().endswith(".") and rationale:
        rationale = rest.strip(" -—–:;,(")
    return Normalization(level, rationale, fm.group(1).upper() if fm else None, loc)


def partition_purpose(text: str) -> str:
    """The purpose in our renderer's `range on (k) — purpose; partitions: p1, p2` line."""
    head, sep, rest = text.partition(" — ")
    if not sep:
        return ""
    cut = rest.rfind("; partitions:")
    return (rest[:cut] if cut >= 0 else rest).strip()
