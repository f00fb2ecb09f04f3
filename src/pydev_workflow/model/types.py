"""Portable field types: the closed vocabulary of the spec and their parser."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from pydev_workflow.errors import did_you_mean


class TypeKind(Enum):
    """The portable type families a field can have."""

    UUID = "uuid"
    STRING = "string"  # variable length, optional max length
    CHAR = "char"  # fixed length
    TEXT = "text"
    INTEGER = "integer"
    BIGINT = "bigint"
    SMALLINT = "smallint"
    TINYINT = "tinyint"  # one byte (MySQL TINYINT); SMALLINT where the engine has none
    MEDIUMINT = "mediumint"  # three bytes (MySQL MEDIUMINT); INTEGER where the engine has none
    BOOLEAN = "boolean"
    DECIMAL = "decimal"
    FLOAT = "float"
    DATE = "date"
    TIME = "time"
    TIMESTAMP = "timestamp"
    INTERVAL = "interval"
    JSON = "json"
    BYTES = "bytes"  # variable length binary, optional max length (VARBINARY(n) / BLOB / BYTEA)
    BINARY = "binary"  # fixed-length binary: binary(16)
    ENUM = "enum"
    ARRAY = "array"
    NATIVE = "native"  # an engine-specific type kept verbatim (e.g. tsvector, inet)


PORTABLE_TYPE_NAMES: tuple[str, ...] = tuple(
    k.value for k in TypeKind if k is not TypeKind.NATIVE
) + ("timestamptz", "native")

#: How each kind is spelled in the documentation tables of the seed (upper-case SQL-ish).
_INTEGER_KINDS = {
    TypeKind.INTEGER,
    TypeKind.BIGINT,
    TypeKind.MEDIUMINT,
    TypeKind.SMALLINT,
    TypeKind.TINYINT,
}

#: Storage sizes of text and bytes (MySQL's TINYTEXT/MEDIUMTEXT/LONGTEXT and the BLOB family).
SIZES: tuple[str, ...] = ("tiny", "medium", "long")

_SIZED = {TypeKind.TEXT, TypeKind.BYTES}
_UNSIGNABLE = _INTEGER_KINDS | {TypeKind.DECIMAL, TypeKind.FLOAT}
_LENGTHED = {TypeKind.STRING, TypeKind.CHAR, TypeKind.FLOAT, TypeKind.BYTES, TypeKind.BINARY}


@dataclass(frozen=True, slots=True)
class FieldType:
    """A portable type: kind plus its parameters.

    `str(t)` is the spec spelling (`string(255)`, `decimal(10,2)`, `enum(a,b)`,
    `array(integer)`, `timestamp(tz)`, `integer(unsigned)`, `decimal(10,2,unsigned)`,
    `binary(16)`, `bytes(255)`, `text(medium)`, `bytes(long)`, `timestamp(tz,6)`), and
    `parse_type(str(t)) == t`.
    """

    kind: TypeKind
    length: int | None = None  # string/char/bytes/binary length; float precision in bits
    precision: int | None = None  # decimal; fractional seconds of timestamp/time
    scale: int | None = None  # decimal
    timezone: bool = False  # timestamp/time
    values: tuple[str, ...] = ()  # enum values
    enum_name: str | None = None  # enum type name where the engine names it (PostgreSQL)
    item: FieldType | None = None  # array item type
    native: str | None = None  # native type text
    unsigned: bool = False  # integers, decimals, floats: no negative values (MySQL UNSIGNED)
    size: str | None = None  # text/bytes storage size: tiny, medium or long (None: regular)

    @property
    def is_integer(self) -> bool:
        """True for integer, bigint, mediumint, smallint and tinyint."""
        return self.kind in _INTEGER_KINDS

    @property
    def is_numeric(self) -> bool:
        """True for all number kinds."""
        return self.is_integer or self.kind in (TypeKind.DECIMAL, TypeKind.FLOAT)

    def __str__(self) -> str:
        k = self.kind
        flag = ["unsigned"] if self.unsigned else []
        if k in _LENGTHED and (self.length is not None or flag):
            args = ([str(self.length)] if self.length is not None else []) + flag
            return f"{k.value}({','.join(args)})"
        if k in _SIZED and self.size:
            return f"{k.value}({self.size})"
        if k is TypeKind.DECIMAL and (self.precision is not None or flag):
            args = [str(x) for x in (self.precision, self.scale) if x is not None] + flag
            return f"decimal({','.join(args)})"
        if k in _INTEGER_KINDS and flag:
            return f"{k.value}(unsigned)"
        if k in (TypeKind.TIMESTAMP, TypeKind.TIME) and (self.timezone or self.precision):
            args = (["tz"] if self.timezone else []) + (
                [str(self.precision)] if self.precision is not None else []
            )
            return f"{k.value}({','.join(args)})"
        if k is TypeKind.ENUM:
            return "enum(" + ",".join(self.values) + ")"
        if k is TypeKind.ARRAY and self.item is not None:
            return f"array({self.item})"
        if k is TypeKind.NATIVE:
            return f"native({self.native})"
        return str(k.value)

    def doc_name(self) -> str:
        """Upper-case spelling used in the seed's entity tables (UUID, VARCHAR(255), …)."""
        if self.unsigned:
            from dataclasses import replace

            return replace(self, unsigned=False).doc_name() + " UNSIGNED"
        k = self.kind
        if k is TypeKind.DECIMAL:
            return "DECIMAL" + str(self)[len("decimal") :]
        if k is TypeKind.TIMESTAMP:
            return "TIMESTAMPTZ" if self.timezone else "TIMESTAMP"
        if k is TypeKind.TIME:
            return "TIMETZ" if self.timezone else "TIME"
        if k is TypeKind.ENUM:
            return f"ENUM({', '.join(self.values)})"
        if k is TypeKind.ARRAY and self.item is not None:
            return f"{self.item.doc_name()}[]"
        if k is TypeKind.NATIVE:
            return (self.native or "").upper()
        return self._sized_doc_name()

    def _sized_doc_name(self) -> str:
        """doc_name of the kinds spelled with a length or a size (and of the plain ones)."""
        k = self.kind
        if k is TypeKind.STRING:
            return f"VARCHAR({self.length})" if self.length else "VARCHAR"
        if k is TypeKind.CHAR:
            return f"CHAR({self.length})" if self.length else "CHAR"
        if k is TypeKind.FLOAT:
            return "REAL" if self.length is not None and self.length <= 24 else "DOUBLE"
        if k is TypeKind.BYTES:
            if self.size:
                return f"{self.size.upper()}BLOB"
            return f"VARBINARY({self.length})" if self.length else "BYTES"
        if k is TypeKind.BINARY:
            return f"BINARY({self.length})" if self.length else "BINARY"
        if k is TypeKind.TEXT and self.size:
            return f"{self.size.upper()}TEXT"
        return str(k.value).upper()


class TypeSyntaxError(ValueError):
    """A type spelling the spec does not know; the message says what would be valid."""


_TYPE_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\((.*)\))?\s*(\[\])?\s*$", re.S)

_ALIASES: dict[str, str] = {
    "varchar": "string",
    "str": "string",
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "bool": "boolean",
    "numeric": "decimal",
    "double": "float",
    "real": "float",
    "datetime": "timestamp",
    "blob": "bytes",
    "bytea": "bytes",
    "varbinary": "bytes",
    "jsonb": "json",
    "character": "char",
}


_SIZE_ALIASES: dict[str, tuple[str, str]] = {
    f"{size}{word}": (kind, size)
    for size in SIZES
    for word, kind in (("text", "text"), ("blob", "bytes"))
}


def _split_args(text: str) -> list[str]:
    """Split `a, b, 'c,d'` on top-level commas, honouring parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    quote = ""
    current: list[str] = []
    for ch in text:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
            current.append(ch)
        elif ch == "(":
            depth += 1
            current.append(ch)
        elif ch == ")":
            depth -= 1
            current.append(ch)
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if current or parts:
        parts.append("".join(current).strip())
    return parts


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _int_arg(name: str, arg: str) -> int:
    try:
        value = int(arg)
    except ValueError:
        raise TypeSyntaxError(f"{name}(…) takes a whole number, not {arg!r}") from None
    if value <= 0:
        raise TypeSyntaxError(f"{name}(…) takes a positive number, not {value}")
    return value


@functools.lru_cache(maxsize=4096)
def parse_type(text: str) -> FieldType:
    """Parse a portable type spelling such as `string(255)` or `decimal(10,2)`.

    Raises:
        TypeSyntaxError: the spelling is not a portable type.
    """
    m = _TYPE_RE.match(text)
    if not m:
        if text.count("(") > text.count(")"):
            # `{type: decimal(10,2)}` in a YAML flow mapping splits at the comma
            raise TypeSyntaxError(
                f"cannot read type {text!r} (a comma inside {{…}} splits YAML: quote the type, "
                f'e.g. type: "decimal(10,2)")'
            )
        raise TypeSyntaxError(f"cannot read type {text!r}")
    raw_name, raw_args, brackets = m.group(1), m.group(2), m.group(3)
    name = raw_name.strip().lower()
    if brackets:
        inner = parse_type(text[: text.rindex("[")])
        return FieldType(TypeKind.ARRAY, item=inner)
    name = _ALIASES.get(name, name)
    args = _split_args(raw_args) if raw_args is not None else []
    special = _special_type(name, raw_args, args)
    if special is not None:
        return special
    kind = _type_kind(name, raw_name)
    unsigned = False
    if kind in _UNSIGNABLE and args and args[-1].strip().lower() == "unsigned":
        unsigned, args = True, args[:-1]
    if kind in _SIZED and len(args) == 1 and args[0].strip().lower() in SIZES:
        return FieldType(kind, size=args[0].strip().lower())
    if kind in _LENGTHED:
        return _lengthed_type(kind, name, args, unsigned)
    if kind in _INTEGER_KINDS and unsigned:
        if args:
            raise TypeSyntaxError(f"{name} takes only 'unsigned', e.g. {name}(unsigned)")
        return FieldType(kind, unsigned=True)
    parse = _WITH_ARGS.get(kind)
    if parse is not None:
        return parse(kind, name, args, unsigned)
    if args:
        raise TypeSyntaxError(f"{name} takes no parameters")
    return FieldType(kind)


def _special_type(name: str, raw_args: str | None, args: list[str]) -> FieldType | None:
    """mediumtext, longblob, …, timestamptz and native(…); None for any other name."""
    if name in _SIZE_ALIASES:  # mediumtext, longblob, …
        kind_name, size = _SIZE_ALIASES[name]
        if args:
            raise TypeSyntaxError(f"{name} takes no parameters")
        return FieldType(TypeKind(kind_name), size=size)
    if name == "timestamptz":
        return FieldType(TypeKind.TIMESTAMP, timezone=True)
    if name == "native":
        # the engine's own spelling, kept whole: native(set('a','b')) or native(numeric(5, 2))
        spelling = (raw_args or "").strip()
        if not spelling:
            raise TypeSyntaxError("native(…) takes the engine's type name, e.g. native(tsvector)")
        native = _unquote(spelling) if "," not in spelling else spelling
        return FieldType(TypeKind.NATIVE, native=native)
    return None


def _type_kind(name: str, raw_name: str) -> TypeKind:
    try:
        return TypeKind(name)
    except ValueError:
        hint = did_you_mean(name, PORTABLE_TYPE_NAMES)
        raise TypeSyntaxError(
            f"unknown type {raw_name.strip()!r}"
            + (f" ({hint})" if hint else "")
            + "; use a portable type or native(<engine type>)"
        ) from None


def _lengthed_type(kind: TypeKind, name: str, args: list[str], unsigned: bool) -> FieldType:
    if len(args) > 1:
        raise TypeSyntaxError(f"{name}(…) takes one number")
    if kind is TypeKind.BINARY and not args:
        raise TypeSyntaxError("binary(…) takes its length, e.g. binary(16)")
    length = _int_arg(name, args[0]) if args else None
    return FieldType(kind, length=length, unsigned=unsigned)


def _decimal_type(kind: TypeKind, name: str, args: list[str], unsigned: bool) -> FieldType:
    if len(args) > 2:
        raise TypeSyntaxError("decimal(…) takes precision and scale, e.g. decimal(10,2)")
    precision = _int_arg(name, args[0]) if args else None
    scale = int(args[1]) if len(args) == 2 and args[1].strip().isdigit() else None
    if len(args) == 2 and scale is None:
        raise TypeSyntaxError(f"decimal scale must be a whole number, not {args[1]!r}")
    return FieldType(kind, precision=precision, scale=scale, unsigned=unsigned)


def _temporal_type(kind: TypeKind, name: str, args: list[str], unsigned: bool) -> FieldType:
    tz = bool(args) and args[0].strip().lower() == "tz"
    rest = args[1:] if tz else args
    if len(rest) > 1 or (rest and not rest[0].strip().isdigit()):
        raise TypeSyntaxError(
            f"{name}(…) takes 'tz' and/or fractional digits, e.g. {name}(tz) or {name}(tz,6)"
        )
    return FieldType(kind, timezone=tz, precision=int(rest[0]) if rest else None)


def _enum_type(kind: TypeKind, name: str, args: list[str], unsigned: bool) -> FieldType:
    values = tuple(_unquote(a) for a in args if a)
    if not values:
        raise TypeSyntaxError("enum(…) needs its values, e.g. enum(draft,published)")
    if len(set(values)) != len(values):
        raise TypeSyntaxError("enum(…) values must be distinct")
    return FieldType(kind, values=values)


def _array_type(kind: TypeKind, name: str, args: list[str], unsigned: bool) -> FieldType:
    if len(args) != 1:
        raise TypeSyntaxError("array(…) takes the item type, e.g. array(string)")
    return FieldType(kind, item=parse_type(args[0]))


#: the kinds whose parameters need their own reading: (kind, name, args, unsigned) -> type
_WITH_ARGS: dict[TypeKind, Callable[[TypeKind, str, list[str], bool], FieldType]] = {
    TypeKind.DECIMAL: _decimal_type,
    TypeKind.TIMESTAMP: _temporal_type,
    TypeKind.TIME: _temporal_type,
    TypeKind.ENUM: _enum_type,
    TypeKind.ARRAY: _array_type,
}


#: the spellings of a boolean PostgreSQL accepts, MySQL's 1/0 among them
#: (https://www.postgresql.org/docs/current/datatype-boolean.html)
_TRUTH = {
    **dict.fromkeys(("true", "t", "yes", "y", "on", "1"), True),
    **dict.fromkeys(("false", "f", "no", "n", "off", "0"), False),
}


def boolean_literal(value: str) -> bool | None:
    """The truth a boolean default spells (`'no'`, `t`, `1`…); None when it spells none."""
    return _TRUTH.get(value.strip().strip("'").strip().lower())
