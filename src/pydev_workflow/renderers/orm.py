"""SQLAlchemy 2.0 declarative models (Mapped / mapped_column / relationship) from the model."""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass, field, replace

from pydev_workflow.ddlnames import fk_constraint_names
from pydev_workflow.dialects import DIALECTS, get_dialect
from pydev_workflow.dialects.base import Dialect
from pydev_workflow.dialects.metadata import (
    MYSQL_DEFAULT_VARCHAR,
    MYSQL_OWN_INTEGERS,
    sequence_kwargs,
    sequence_schema,
)
from pydev_workflow.model import (
    Cardinality,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    IndexMethod,
    Schema,
    TypeKind,
    snake_case,
)
from pydev_workflow.model.schema import Sequence, sql_entities
from pydev_workflow.model.types import boolean_literal
from pydev_workflow.renderers.base import RenderOptions

#: the longest VARCHAR the MySQL DDL writes as VARCHAR (the dialect's limit, in bytes)
_MYSQL_VARCHAR_BYTES = get_dialect("mysql").limits.varchar_bytes or 65_535

#: Names declarative classes reserve for themselves.
_RESERVED_ATTRS = frozenset({"metadata", "registry", "query"})

_PY_TYPES: dict[TypeKind, str] = {
    TypeKind.UUID: "uuid.UUID",
    TypeKind.STRING: "str",
    TypeKind.CHAR: "str",
    TypeKind.TEXT: "str",
    TypeKind.INTEGER: "int",
    TypeKind.BIGINT: "int",
    TypeKind.SMALLINT: "int",
    TypeKind.TINYINT: "int",
    TypeKind.MEDIUMINT: "int",
    TypeKind.BOOLEAN: "bool",
    TypeKind.DECIMAL: "decimal.Decimal",
    TypeKind.FLOAT: "float",
    TypeKind.DATE: "datetime.date",
    TypeKind.TIME: "datetime.time",
    TypeKind.TIMESTAMP: "datetime.datetime",
    TypeKind.INTERVAL: "datetime.timedelta",
    TypeKind.JSON: "Any",
    TypeKind.BYTES: "bytes",
    TypeKind.BINARY: "bytes",
    TypeKind.ENUM: "str",
    TypeKind.ARRAY: "list[Any]",
    TypeKind.NATIVE: "Any",
}


@dataclass
class Code:
    """Python source being generated: lines plus the imports they need."""

    lines: list[str] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)
    needs_native: bool = False


def _q(value: object) -> str:
    """A Python literal in double quotes (JSON strings and lists are valid Python)."""
    return json.dumps(value, ensure_ascii=False)


def call(prefix: str, args: list[str], indent: str, limit: int = 100) -> str:
    """`prefix(args…)` on one line, or one argument per line when it would be too long."""
    one = f"{indent}{prefix}({', '.join(args)})"
    if len(one) <= limit and "\n" not in one:
        return one
    inner = "".join(
        f"{indent}    {a},\n".replace("\n", f"\n{indent}    ", a.count("\n")) for a in args
    )
    return f"{indent}{prefix}(\n{inner}{indent})"


def attr_name(column: str) -> str:
    """A Python attribute for a column: keywords and declarative names get a `_` suffix."""
    name = re.sub(r"\W", "_", column)
    if name[:1].isdigit():
        name = "c_" + name
    if keyword.iskeyword(name) or name in _RESERVED_ATTRS:
        name += "_"
    return name


def class_name(entity: Entity) -> str:
    """The class of an entity: its name when that is an identifier."""
    name = re.sub(r"\W", "_", entity.name)
    return name if name.isidentifier() and not keyword.iskeyword(name) else f"T{name}"


#: the engines a generated type is spelled for, one per SQLAlchemy dialect module (a tie
#: between spellings goes to the first: SQLite's, the portable one)
_ENGINES = ("sqlite", "postgresql", "mysql")


def _variant_names(d: Dialect) -> tuple[str, ...]:
    """The registry names that share `d`'s SQLAlchemy dialect (MySQL: mysql and mariadb)."""
    return tuple(n for n in DIALECTS.names() if get_dialect(n).speaks(d))


def _own_types(d: Dialect) -> bool:
    """True where the DDL uses the engine's own types (`sqlalchemy.dialects.mysql`).

    There sizes, UNSIGNED and character sets are spelled, as `dialects/metadata.column_type`
    does.
    """
    return d.unsigned


#: MySQL's VARCHAR limit (https://dev.mysql.com/doc/refman/8.0/en/char.html) and the length
#: the DDL gives a `string` without one there (dialects/metadata.py)

#: where there is no UNSIGNED, the DDL uses the next wider integer (SQLite's is 64-bit already)
_WIDER = {
    TypeKind.TINYINT: TypeKind.SMALLINT,
    TypeKind.SMALLINT: TypeKind.INTEGER,
    TypeKind.MEDIUMINT: TypeKind.INTEGER,
    TypeKind.INTEGER: TypeKind.BIGINT,
}


def type_code(t: FieldType, e: Entity, f: Field, schema: Schema, code: Code) -> str:
    """The SQLAlchemy type expression (source text) for a field, as the DDL spells it per engine.

    One spelling per engine family (SQLite, PostgreSQL, MySQL/MariaDB), as
    `dialects/metadata.py` builds the DDL: the most common one is the base type and the others
    are `.with_variant(…)`s, so `create_all` on each engine makes the columns the DDL makes
    (unsigned, storage sizes, binary lengths, the spec's collation, fractional seconds…).
    """
    engines = [get_dialect(n) for n in _ENGINES]
    texts = {d.name: _family_type(t, e, f, schema, d, code) for d in engines}
    values = list(texts.values())
    base = max(values, key=values.count)  # ties: the first, SQLite's (the portable spelling)
    parts = [base]
    for d in engines[1:] + engines[:1]:
        if texts[d.name] != base:
            names = map(_q, _variant_names(d))
            parts.append(call(".with_variant", [texts[d.name], *names], "", 84))
    # a long chain goes one variant a line (it is always an argument: inside parentheses)
    out = "".join(parts) if sum(map(len, parts)) <= 72 else "\n".join(parts)
    for module in sorted({d.sqlalchemy_name for d in engines}):
        if f"{module}." in out:
            code.imports.add(f"from sqlalchemy.dialects import {module}")
    return out


def _home(schema: Schema, d: Dialect) -> bool:
    """True for the engine the spec is written for (its collations, native types)."""
    return get_dialect(schema.dialect).speaks(d)


def _family_type(t: FieldType, e: Entity, f: Field, schema: Schema, d: Dialect, code: Code) -> str:
    if t.unsigned and t.is_numeric and not d.unsigned:
        kind = t.kind if d.one_integer_type else _WIDER.get(t.kind, t.kind)
        t = replace(t, kind=kind, unsigned=False)  # with CHECK (x >= 0): see unsigned_checks
    if _own_types(d):
        special = _mysql_type(t, f, schema)
        if special is not None:
            return special
    return _common_type(t, e, f, schema, d, code)


def _args(*pairs: tuple[str, object]) -> str:
    """`a=1, b="x"` for the pairs whose value is set."""
    return ", ".join(f"{k}={v if isinstance(v, int) else _q(v)}" for k, v in pairs if v is not None)


def _mysql_text_type(t: FieldType, kw: str) -> str | None:
    k = t.kind
    if k is TypeKind.TEXT and (t.size or kw):
        cls = {"tiny": "TINYTEXT", "medium": "MEDIUMTEXT", "long": "LONGTEXT"}.get(t.size or "")
        return f"mysql.{cls or 'TEXT'}({kw})"
    if k is TypeKind.BYTES and t.size:
        return f"mysql.{ {'tiny': 'TINY', 'medium': 'MEDIUM', 'long': 'LONG'}[t.size] }BLOB()"
    if k is TypeKind.BYTES and t.length is not None:
        return f"mysql.VARBINARY({t.length})"
    if k is TypeKind.BINARY:
        return f"mysql.BINARY({t.length})" if t.length is not None else "mysql.BINARY()"
    # the DDL's own limit and default (dialects/metadata.py: a longer VARCHAR is TEXT there)
    if k is TypeKind.STRING and t.length is not None and t.length > _MYSQL_VARCHAR_BYTES:
        return "sa.Text()"
    if k is TypeKind.STRING and (kw or t.length is None):
        length = t.length or MYSQL_DEFAULT_VARCHAR
        return f"mysql.VARCHAR({length}{', ' + kw if kw else ''})" if kw else f"sa.String({length})"
    if k is TypeKind.CHAR and kw:
        return f"mysql.CHAR({t.length}, {kw})" if t.length else f"mysql.CHAR({kw})"
    return None


def _mysql_type(t: FieldType, f: Field, schema: Schema) -> str | None:
    """MySQL/MariaDB's own spelling where the DDL uses one (dialects/metadata.column_type)."""
    k = t.kind
    charset = f.options.get("mariadb", "charset") or f.options.get("mysql", "charset")
    collation = f.collation if _home(schema, get_dialect("mysql")) else None
    kw = _args(("charset", charset), ("collation", collation))
    unsigned = "unsigned=True" if t.unsigned else ""
    if t.is_integer and (t.unsigned or k in MYSQL_OWN_INTEGERS):
        return f"mysql.{k.value.upper()}({unsigned})"
    if k is TypeKind.DECIMAL and t.unsigned:
        size = _args(("precision", t.precision), ("scale", t.scale))
        return f"mysql.DECIMAL({', '.join(x for x in (size, unsigned) if x)})"
    if k is TypeKind.FLOAT and t.unsigned:
        wide = t.length is None or t.length > 24
        return f"mysql.{'DOUBLE' if wide else 'FLOAT'}({unsigned})"
    if k is TypeKind.FLOAT and t.length is not None and t.length <= 24:
        return f"sa.Float({t.length})"  # MySQL's REAL is DOUBLE
    if k is TypeKind.TIMESTAMP and (t.precision is not None or not t.timezone):
        # TIMESTAMP is the instant (UTC, 1970-2038), DATETIME the wall-clock time
        return f"mysql.{'TIMESTAMP' if t.timezone else 'DATETIME'}({_args(('fsp', t.precision))})"
    if k is TypeKind.TIME and t.precision is not None:
        return f"mysql.TIME(fsp={t.precision})"
    return _mysql_text_type(t, kw)


def _collated(cls: str, length: int | None, f: Field, schema: Schema, d: Dialect) -> str:
    own = _own_types(d)  # there the collation goes with the character set (_mysql_type)
    collation = f.collation if f.collation and _home(schema, d) and not own else None
    args = [str(length)] if length is not None else []
    if collation:
        args.append(f"collation={_q(collation)}")
    return f"{cls}({', '.join(args)})"


def _temporal_type(t: FieldType, d: Dialect) -> str:
    """TIMESTAMP / TIME; only PostgreSQL keeps the time zone and fractional digits in the type.

    SQLite and MySQL spell `TIMESTAMP(timezone=True)` as TIMESTAMP: one spelling serves all.
    """
    name = "TIMESTAMP" if t.kind is TypeKind.TIMESTAMP else "TIME"
    if d.zoned_temporals and t.precision is not None:
        return f"postgresql.{name}(timezone={t.timezone}, precision={t.precision})"
    tz = "timezone=True" if t.timezone else ""
    return f"sa.TIMESTAMP({tz})" if name == "TIMESTAMP" else f"sa.Time({tz})"


_SIMPLE = {
    TypeKind.INTEGER: "sa.Integer()",
    TypeKind.BIGINT: "sa.BigInteger()",
    TypeKind.SMALLINT: "sa.SmallInteger()",
    TypeKind.TINYINT: "sa.SmallInteger()",
    TypeKind.MEDIUMINT: "sa.Integer()",
    TypeKind.BOOLEAN: "sa.Boolean()",
    TypeKind.DATE: "sa.Date()",
    TypeKind.BYTES: "sa.LargeBinary()",
    TypeKind.BINARY: "sa.LargeBinary()",
    TypeKind.UUID: "sa.Uuid()",
    TypeKind.INTERVAL: "sa.Interval()",
}


def _common_type(t: FieldType, e: Entity, f: Field, schema: Schema, d: Dialect, code: Code) -> str:
    """The spelling shared by the engines (or PostgreSQL's, where the DDL uses its own)."""
    k = t.kind
    if t.is_integer and f.identity and d.one_integer_type:
        return "sa.Integer()"  # SQLite numbers only INTEGER PRIMARY KEY; its INTEGER is 64-bit
    if k in _SIMPLE:
        return _SIMPLE[k]
    if k in (TypeKind.TEXT, TypeKind.STRING, TypeKind.CHAR):
        cls = {TypeKind.TEXT: "sa.Text", TypeKind.STRING: "sa.String", TypeKind.CHAR: "sa.CHAR"}
        return _collated(cls[k], t.length, f, schema, d)
    if k in (TypeKind.DECIMAL, TypeKind.FLOAT):
        return _number_type(t)
    if k in (TypeKind.TIMESTAMP, TypeKind.TIME):
        return _temporal_type(t, d)
    if k is TypeKind.JSON:
        return "postgresql.JSONB()" if d.binary_json else "sa.JSON()"
    if k is TypeKind.ENUM:
        return _enum_code(t, e, f, d)
    if k is TypeKind.ARRAY and t.item is not None:
        if not d.arrays:
            return "sa.JSON()"
        dims, base = 1, t.item  # SQLAlchemy takes no ARRAY of ARRAY: dimensions instead
        while base.kind is TypeKind.ARRAY and base.item is not None:
            dims, base = dims + 1, base.item
        item = _family_type(base, e, f, schema, d, code) + (
            f", dimensions={dims}" if dims > 1 else ""
        )
        return f"postgresql.ARRAY({item})"
    if k is TypeKind.NATIVE and t.native and _home(schema, d):
        code.needs_native = True
        return f"Native({_q(t.native.upper())})"
    return "sa.Text()"


def _number_type(t: FieldType) -> str:
    if t.kind is TypeKind.DECIMAL:
        return f"sa.Numeric({', '.join(str(x) for x in (t.precision, t.scale) if x is not None)})"
    if t.length is None:
        return "sa.Double()"
    return "sa.REAL()" if t.length <= 24 else f"sa.Float({t.length})"


def _enum_code(t: FieldType, e: Entity, f: Field, d: Dialect) -> str:
    """A named enum; without an enum type text with a CHECK of the values, as the DDL has it."""
    values = [_q(v) for v in t.values]
    if not d.enum_type:
        size = max(len(v) for v in t.values)
        kw = [f"name={_q(f'ck_{e.table}_{f.name}')}", "native_enum=False"]
        kw += ["create_constraint=True", f"length={size}"]
        return call("sa.Enum", [*values, *kw], "", 80)
    return call("sa.Enum", [*values, f"name={_q(t.enum_name or f'{e.table}_{f.name}')}"], "", 80)


def default_code(f: Field) -> str | None:
    """`server_default=…` / `default=…` keyword source for a field, or None."""
    d = f.default
    if d is None:
        return None
    if d.kind is DefaultKind.NOW:
        return "server_default=sa.func.now()"
    if d.kind is DefaultKind.UUID:
        return "default=uuid.uuid4"  # generated in Python: works on every engine
    if d.kind is DefaultKind.SQL:
        return f"server_default=sa.text({_q(d.value)})"
    value = d.value or ""
    if f.type.kind is TypeKind.BOOLEAN:
        truth = bool(boolean_literal(value))
        return f"server_default={'sa.true()' if truth else 'sa.false()'}"
    if f.type.is_numeric and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        return f"server_default=sa.text({_q(value.strip())})"
    return f"server_default={_q(value)}"


def sequence_args(schema: Schema, q: Sequence) -> list[str]:
    """The arguments of `sa.Sequence(…)` (source) for a spec sequence: the settings it gives."""
    args = [_q(q.name)]
    home = sequence_schema(schema, q)  # where the DDL creates it: with the tables, or its own
    if home:
        args.append(f"schema={_q(home)}")
    args += [f"{key}={value}" for key, value in sequence_kwargs(q).items() if key != "cycle"]
    if q.cycle:
        args.append("cycle=True")
    return args


def fk_name(e: Entity, fk: ForeignKey) -> str:
    """The constraint name: the spec's, or fk_<table>_<fields> (`_2`… if taken) as in the DDL."""
    return fk_constraint_names(e)[e.foreign_keys.index(fk)]


def _py_annotation(e: Entity, f: Field) -> str:
    base = _PY_TYPES.get(f.type.kind, "Any")
    optional = f.nullable and not e.is_pk(f.name)
    return f"{base} | None" if optional and base != "Any" else base


def _column_line(schema: Schema, e: Entity, f: Field, code: Code) -> str:
    args = []
    attr = attr_name(f.name)
    if attr != f.name:
        args.append(_q(f.name))
    args.append(type_code(f.type, e, f, schema, code))
    fk = e.fk_of(f.name)
    ref = schema.entity(fk.ref_entity) if fk else None
    if fk is not None and ref is not None and ref in sql_entities(schema):
        kw = [f"{ref.table}.{fk.ref_fields[0]}"]
        fk_args = [_q(kw[0]), f"name={_q(fk_name(e, fk))}"]
        if fk.on_delete:
            fk_args.append(f"ondelete={_q(fk.on_delete.sql)}")
        if fk.on_update:
            fk_args.append(f"onupdate={_q(fk.on_update.sql)}")
        args.append(f"sa.ForeignKey({', '.join(fk_args)})")
    if f.identity and e.is_pk(f.name):
        args.append("sa.Identity()")
    if e.is_pk(f.name):
        args.append("primary_key=True")
        if f.type.is_integer:
            args.append(f"autoincrement={bool(f.identity)}")
    else:
        args.append(f"nullable={f.nullable}")
    if f.unique and not (len(e.primary_key) == 1 and e.is_pk(f.name)):
        args.append("unique=True")
    dflt = default_code(f)
    if dflt:
        args.append(dflt)
    if f.description:
        args.append(f"comment={_q(f.description)}")
    return call(f"{attr}: Mapped[{_py_annotation(e, f)}] = mapped_column", args, "    ")


def table_args(schema: Schema, e: Entity) -> list[str]:
    """Constraint expressions for `__table_args__` (composite keys, uniques, checks)."""
    out: list[str] = []
    tables = {x.name for x in sql_entities(schema)}
    for fk in e.foreign_keys:
        ref = schema.entity(fk.ref_entity)
        if len(fk.fields) < 2 or ref is None or ref.name not in tables:
            continue
        refs = [f"{ref.table}.{c}" for c in fk.ref_fields]
        kw = [f"name={_q(fk_name(e, fk))}"]
        if fk.on_delete:
            kw.append(f"ondelete={_q(fk.on_delete.sql)}")
        if fk.on_update:
            kw.append(f"onupdate={_q(fk.on_update.sql)}")
        out.append(f"sa.ForeignKeyConstraint({_q(list(fk.fields))}, {_q(refs)}, {', '.join(kw)})")
    for u in e.uniques:
        cols = ", ".join(_q(c) for c in u.fields)
        out.append(f"sa.UniqueConstraint({cols}" + (f", name={_q(u.name)})" if u.name else ")"))
    for f in e.fields:
        if f.check:
            out.append(f"sa.CheckConstraint({_q(f.check)}, name={_q(f'ck_{e.table}_{f.name}')})")
    for c in e.checks:
        out.append(
            f"sa.CheckConstraint({_q(c.expression)}" + (f", name={_q(c.name)})" if c.name else ")")
        )
    return out + unsigned_checks(e)


def unsigned_checks(e: Entity) -> list[str]:
    """`CHECK (x >= 0)` for each unsigned number, on the engines without UNSIGNED (as the DDL)."""
    return [
        f"sa.CheckConstraint(sa.column({_q(f.name)}) >= 0)"
        + '.ddl_if(dialect=("postgresql", "sqlite"))'
        for f in e.fields
        if f.type.unsigned and f.type.is_numeric
    ]


def index_lines(e: Entity, ref: str) -> list[str]:
    """`sa.Index(…)` statements for an entity's indexes; `ref` is how columns are reached."""
    out = []
    for ix in e.indexes:
        keys = []
        for k in ix.fields:
            col = f"sa.text({_q(k.name)})" if k.expression else ref.format(attr=attr_name(k.name))
            keys.append(f"{col}.desc()" if k.descending and not k.expression else col)
        kw = []
        if ix.unique:
            kw.append("unique=True")
        if ix.method is not IndexMethod.BTREE:
            kw.append(f"postgresql_using={_q(ix.method.value)}")
        if ix.where:
            kw.append(f"postgresql_where=sa.text({_q(ix.where)})")
            kw.append(f"sqlite_where=sa.text({_q(ix.where)})")
        line = call("sa.Index", [_q(ix.name), *keys, *kw], "")
        if ix.method not in (IndexMethod.BTREE, IndexMethod.HASH):
            line += '.ddl_if(dialect="postgresql")'  # gin/gist/brin exist only there
        out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class _Rel:
    owner: str  # class name
    attr: str
    target: str
    many: bool
    back: str
    secondary: str | None = None
    fk_attr: str | None = None  # the FK column attribute, when several FKs reach one parent
    remote_side: str | None = None  # self-reference: the parent's key, seen from the child
    optional: bool = False  # a scalar side that may be None


def _relationships(schema: Schema, entities: tuple[Entity, ...]) -> list[_Rel]:
    """Both sides of every 1:1 / 1:N foreign key and N:M junction, with unique names."""
    names = {e.name for e in entities}
    used: dict[str, set[str]] = {
        class_name(e): {attr_name(f.name) for f in e.fields} for e in entities
    }
    junctions = {
        r.via for r in schema.relationships if r.cardinality is Cardinality.MANY_TO_MANY and r.via
    }
    one_to_one = {
        (r.left, r.right) for r in schema.relationships if r.cardinality is Cardinality.ONE_TO_ONE
    }

    def take(owner: str, wanted: str) -> str:
        name, i = attr_name(wanted), 2
        while name in used[owner]:
            name, i = f"{attr_name(wanted)}_{i}", i + 1
        used[owner].add(name)
        return name

    out: list[_Rel] = []
    for child in entities:
        if child.name in junctions:
            continue
        for fk in child.foreign_keys:
            parent = schema.entity(fk.ref_entity)
            if parent is None or parent.name not in names or parent.name in junctions:
                continue
            c, p = class_name(child), class_name(parent)
            # more than one FK path between the two tables (either way): name the column
            several = _paths(schema, child, parent) > 1
            base = fk.fields[0][:-3] if fk.fields[0].endswith("_id") else snake_case(parent.name)
            down = take(c, base)
            up_base = child.table if not several else f"{child.table}_{down}"
            single = (parent.name, child.name) in one_to_one
            up = take(p, snake_case(child.name) if single else up_base)
            fk_attr = attr_name(fk.fields[0]) if several or p == c else None
            remote = f"{p}.{attr_name(fk.ref_fields[0])}" if p == c else None
            nullable = any((x := child.field(n)) is not None and x.nullable for n in fk.fields)
            out.append(
                _Rel(c, down, p, False, up, fk_attr=fk_attr, remote_side=remote, optional=nullable)
            )
            out.append(_Rel(p, up, c, not single, down, fk_attr=fk_attr, optional=single))
    for r in schema.relationships:
        if r.cardinality is not Cardinality.MANY_TO_MANY or not r.via:
            continue
        left, right, via = schema.entity(r.left), schema.entity(r.right), schema.entity(r.via)
        if left is None or right is None or via is None:
            continue
        if not {left.name, right.name, via.name} <= names:
            continue
        lc, rc = class_name(left), class_name(right)
        la = take(lc, right.table)
        ra = take(rc, left.table)
        out.append(_Rel(lc, la, rc, True, ra, secondary=via.table))
        out.append(_Rel(rc, ra, lc, True, la, secondary=via.table))
    return out


def _paths(schema: Schema, a: Entity, b: Entity) -> int:
    """How many foreign keys link entities `a` and `b`, in either direction."""

    def to(x: Entity, y: Entity) -> int:
        return sum(1 for fk in x.foreign_keys if schema.entity(fk.ref_entity) is y)

    return to(a, b) + (to(b, a) if a is not b else 0)


def _rel_line(r: _Rel) -> str:
    ann = f"list[{r.target}]" if r.many else r.target + (" | None" if r.optional else "")
    kw = [_q(r.target), f"back_populates={_q(r.back)}"]
    if r.secondary:
        kw.append(f"secondary={_q(r.secondary)}")
    if r.fk_attr:
        # several paths to one parent (or a self-reference): say which column each side uses
        kw.append(f"foreign_keys={_q(f'{_fk_owner(r)}.{r.fk_attr}')}")
    if r.remote_side:
        kw.append(f"remote_side={_q(r.remote_side)}")
    return call(f"{r.attr}: Mapped[{ann}] = relationship", kw, "    ")


def render(schema: Schema, options: RenderOptions) -> str:
    """A Python module: `Base` plus one declarative class per relational entity.

    `Base.metadata.create_all(engine)` creates the same tables, columns, keys, constraints and
    indexes as the `sql` renderer. Relationships are two-sided (`back_populates`); N:M
    relationships go through their junction table with `secondary`.
    """
    entities = sql_entities(schema)
    code = Code()
    body: list[str] = []
    rels = _relationships(schema, entities)
    by_owner: dict[str, list[_Rel]] = {}
    for r in rels:
        by_owner.setdefault(r.owner, []).append(r)
    for e in entities:
        cls = class_name(e)
        body += ["", "", f"class {cls}(Base):"]
        doc = e.description or f"The {e.table} table."
        body.append(f'    """{_doc(doc)}"""')
        body.append("")
        body.append(f"    __tablename__ = {_q(e.table)}")
        args = table_args(schema, e)
        if e.schema:
            args.append('{"schema": ' + _q(e.schema) + "}")
        if e.description:
            args.append('{"comment": ' + _q(e.description) + "}")
        args = _merge_dicts(args)
        if args:
            body.append("    __table_args__ = (")
            body += [f"        {a}," for a in args]
            body.append("    )")
        body.append("")
        body += [_column_line(schema, e, f, code) for f in e.fields]
        rel_lines = [_rel_line(r) for r in by_owner.get(cls, [])]
        if rel_lines:
            body.append("")
            body += rel_lines
    indexes = []
    for e in entities:
        indexes += index_lines(e, f"{class_name(e)}.{{attr}}")
    if indexes:
        body += ["", "", "# indexes (named as in the spec)"]
        body += indexes
    if schema.sequences:
        # create_all makes them where the engine has sequences (PostgreSQL, MariaDB)
        body += ["", "", "# sequences no column owns (the application calls next_value())"]
        body += [
            call("sa.Sequence", [*sequence_args(schema, q), "metadata=Base.metadata"], "")
            for q in schema.sequences
        ]
    project = schema.project or "the data model"
    head = [
        f'"""SQLAlchemy models of {project}, generated from its spec."""',
        "",
        "from __future__ import annotations",
        "",
        "import datetime",
        "import decimal",
        "import uuid",
        "from typing import Any",
        "",
        "import sqlalchemy as sa",
        *sorted(code.imports),
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship",
        "",
        "",
        "class Base(DeclarativeBase):",
        '    """Declarative base of these models."""',
    ]
    if code.needs_native:
        head += [
            "",
            "",
            "class Native(sa.types.UserDefinedType[Any]):",
            '    """An engine type kept verbatim from the spec (`native(…)`)."""',
            "",
            "    cache_ok = True",
            "",
            "    def __init__(self, spelling: str) -> None:",
            "        self.spelling = spelling",
            "",
            "    def get_col_spec(self, **kw: Any) -> str:",
            "        return self.spelling",
        ]
    return "\n".join(head + body) + "\n"


def _fk_owner(r: _Rel) -> str:
    # the FK column lives on the child: the owner of a many-to-one, the target of a one-to-many
    return r.target if r.many else r.owner


def _doc(text: str) -> str:
    text = text.replace('"""', "'''").replace("\\", "\\\\").strip()
    return text if text.endswith(".") else text + "."


def _merge_dicts(args: list[str]) -> list[str]:
    """At most one trailing keyword dict in `__table_args__`."""
    dicts = [a for a in args if a.startswith("{")]
    rest = [a for a in args if not a.startswith("{")]
    if not dicts:
        return rest
    merged = "{" + ", ".join(d[1:-1] for d in dicts) + "}"
    return [*rest, merged]
