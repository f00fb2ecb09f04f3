"""An Alembic revision that creates the spec's tables, indexes and foreign keys, and drops them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import sqlalchemy as sa

from pydev_workflow.dialects import DIALECTS, get_dialect
from pydev_workflow.dialects.base import Dialect
from pydev_workflow.dialects.metadata import (
    build_metadata,
    partition_by_sql,
    partition_of_sql,
    sequence_schema,
)
from pydev_workflow.model import (
    DefaultKind,
    Entity,
    Field,
    ForeignKey,
    IndexMethod,
    Schema,
    TypeKind,
)
from pydev_workflow.model.schema import sql_entities
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.orm import (
    Code,
    _q,
    call,
    default_code,
    fk_name,
    sequence_args,
    type_code,
    unsigned_checks,
)
from pydev_workflow.spec.dump import dumps


def revision_id(schema: Schema) -> str:
    """12 hex digits derived from the spec's content: the same spec, the same revision."""
    return hashlib.sha256(dumps(schema).encode("utf-8")).hexdigest()[:12]


def _column(schema: Schema, e: Entity, f: Field, code: Code) -> str:
    args = [_q(f.name), type_code(f.type, e, f, schema, code)]
    if f.identity and e.is_pk(f.name):
        args.append("sa.Identity()")
    args.append(f"nullable={False if e.is_pk(f.name) else f.nullable}")
    if e.is_pk(f.name) and f.type.is_integer:
        args.append(f"autoincrement={bool(f.identity)}")
    if f.default is not None and f.default.kind is DefaultKind.UUID:
        args.append("server_default=_uuid_default()")
    else:
        dflt = default_code(f)
        if dflt:
            args.append(dflt)
    if f.description:
        args.append(f"comment={_q(f.description)}")
    return call("sa.Column", args, "        ", limit=99) + ","


def _constraints(schema: Schema, e: Entity, cyclic: set[str]) -> list[str]:
    out = []
    if e.primary_key:
        out.append(f"sa.PrimaryKeyConstraint({', '.join(_q(c) for c in e.primary_key)})")
    for f in e.fields:
        if f.unique and e.primary_key != (f.name,):
            out.append(f"sa.UniqueConstraint({_q(f.name)})")
    for u in e.uniques:
        name = f", name={_q(u.name)}" if u.name else ""
        out.append(f"sa.UniqueConstraint({', '.join(_q(c) for c in u.fields)}{name})")
    for f in e.fields:
        if f.check:
            out.append(f"sa.CheckConstraint({_q(f.check)}, name={_q(f'ck_{e.table}_{f.name}')})")
    for c in e.checks:
        name = f", name={_q(c.name)}" if c.name else ""
        out.append(f"sa.CheckConstraint({_q(c.expression)}{name})")
    for fk, ref in _fks(schema, e):
        if fk_name(e, fk) not in cyclic:
            out.append(_fk_constraint(e, fk, ref))
    return [_wrap(c) for c in out] + [f"        {c}," for c in unsigned_checks(e)]


def _wrap(expr: str) -> str:
    head, _, rest = expr.partition("(")
    args = _split(rest[:-1])
    return call(head, args, "        ") + ","


def _split(text: str) -> list[str]:
    """Top-level comma split of generated argument text (strings are JSON-quoted)."""
    parts, depth, cur, quote, esc = [], 0, [], False, False
    for ch in text:
        if quote:
            cur.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                quote = False
            continue
        if ch == '"':
            quote = True
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _fks(schema: Schema, e: Entity) -> list[tuple[ForeignKey, Entity]]:
    tables = {x.name for x in sql_entities(schema)}
    out: list[tuple[ForeignKey, Entity]] = []
    for fk in e.foreign_keys:
        ref = schema.entity(fk.ref_entity)
        if ref is not None and ref.name in tables:
            out.append((fk, ref))
    return out


def _fk_constraint(e: Entity, fk: ForeignKey, ref: Entity) -> str:
    refs = [f"{ref.table}.{c}" for c in fk.ref_fields]
    kw = [f"name={_q(fk_name(e, fk))}"]
    if fk.on_delete:
        kw.append(f"ondelete={_q(fk.on_delete.sql)}")
    if fk.on_update:
        kw.append(f"onupdate={_q(fk.on_update.sql)}")
    return f"sa.ForeignKeyConstraint({_q(list(fk.fields))}, {_q(refs)}, {', '.join(kw)})"


def _order(schema: Schema) -> tuple[list[Entity], set[str]]:
    """Entities parents first, and the names of the foreign keys that close a cycle."""
    import warnings

    md = build_metadata(schema, "postgresql")
    by_table = {e.table: e for e in sql_entities(schema)}
    order: list[Entity] = []
    cyclic: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        for table, fkcs in sa.schema.sort_tables_and_constraints(  # type: ignore[no-untyped-call]
            md.sorted_tables
        ):
            if table is not None:
                order.append(by_table[table.name])
            else:
                cyclic |= {str(c.name) for c in fkcs}
    return order, cyclic


def _engines(holds: Callable[[Dialect], bool]) -> str:
    """The set literal (source) of the engine names whose Dialect record `holds`."""
    names = sorted(n for n in DIALECTS.names() if holds(get_dialect(n)))
    return "{" + ", ".join(_q(n) for n in names) + "}"


def _only_on(engines: str) -> str:
    """The `if` that keeps the next lines to `engines` (a set literal from `_engines`)."""
    return f"    if op.get_context().dialect.name in {engines}:"


def _index(e: Entity, ix_index: int) -> tuple[str, str | None]:
    """(create, the engines that hold it when not all do): the source line of one index."""
    ix = e.indexes[ix_index]
    keys = []
    for k in ix.fields:
        if k.expression:
            keys.append(f"sa.text({_q(k.name)})")
        elif k.descending:  # the name through the engine's quoting, not SQL text
            keys.append(f"sa.desc(sa.column({_q(k.name)}))")
        else:
            keys.append(_q(k.name))
    args = [_q(ix.name), _q(e.table), "[" + ", ".join(keys) + "]", f"unique={ix.unique}"]
    if ix.method in (IndexMethod.FULLTEXT, IndexMethod.SPATIAL):
        prefix = _q(ix.method.value.upper())
        args += [f"mysql_prefix={prefix}", f"mariadb_prefix={prefix}"]
    elif ix.method is not IndexMethod.BTREE:
        args.append(f"postgresql_using={_q(ix.method.value)}")
    if ix.where:
        args.append(f"postgresql_where=sa.text({_q(ix.where)})")
        args.append(f"sqlite_where=sa.text({_q(ix.where)})")
    # gin/gist/brin, FULLTEXT/SPATIAL: only where the engine has the method (hash: a B-tree)
    only = ix.method not in (IndexMethod.BTREE, IndexMethod.HASH)
    engines = _engines(lambda d: ix.method in d.index_methods) if only else None
    indent = "        " if only else "    "
    return call("op.create_index", args, indent), engines


def _create_sequences(schema: Schema) -> list[str]:
    """The spec's own sequences; create() is a no-op where the engine has none (SQLite, MySQL)."""
    if not schema.sequences:
        return []
    return ["    bind = op.get_bind()"] + [
        call("sa.Sequence", sequence_args(schema, q), "    ", limit=87) + ".create(bind)"
        for q in schema.sequences
    ]


def _create_table(schema: Schema, e: Entity, cyclic: set[str], code: Code) -> list[str]:
    """`op.create_table(…)` of one entity, then its PostgreSQL partitions."""
    up = [f"    op.create_table(\n        {_q(e.table)},"]
    up += [_column(schema, e, f, code) for f in e.fields]
    up += _constraints(schema, e, cyclic)
    if e.description:
        up.append(f"        comment={_q(e.description)},")
    if e.schema:
        up.append(f"        schema={_q(e.schema)},")
    p = e.partitioning
    if p is not None:  # other engines ignore the keyword: see the sql renderer's notes
        up.append(f"        postgresql_partition_by={_q(partition_by_sql(p, 'postgresql'))},")
    up.append("    )")
    if p is not None and p.partitions:
        up.append(_only_on(_engines(lambda d: d.partitions_as_written)))
        for part in p.partitions:
            sql = partition_of_sql(e.schema, e.table, part.name, part.bound)
            up.append(f"        op.execute({_q(sql)})")
    return up


def _uuid_default_code() -> list[str]:
    """`_uuid_default()` of the revision: each engine's UUID default, from its Dialect record."""
    defaults = {n: get_dialect(n).uuid_default_sql for n in DIALECTS.names()}
    return [
        "_UUID_DEFAULTS = {",
        *(f"    {_q(n)}: {_q(sql)}," for n, sql in defaults.items() if sql),
        "}",
        "",
        "",
        "def _uuid_default() -> sa.TextClause | None:",
        '    """A server-side UUID where the engine has one (SQLite: set by the application)."""',
        "    sql = _UUID_DEFAULTS.get(op.get_context().dialect.name)",
        "    return sa.text(sql) if sql else None",
    ]


def _cyclic_foreign_keys(
    schema: Schema, order: list[Entity], cyclic: set[str]
) -> tuple[list[str], list[str]]:
    """(upgrade, downgrade) lines of the foreign keys that close a cycle, in batch mode."""
    up: list[str] = []
    down: list[str] = []
    for e in order:
        for fk, ref in _fks(schema, e):
            name = fk_name(e, fk)
            if name not in cyclic:
                continue
            refs = ", ".join(_q(c) for c in fk.ref_fields)
            cols = ", ".join(_q(c) for c in fk.fields)
            kw = [_q(name), _q(ref.table), f"[{cols}]", f"[{refs}]"]
            if fk.on_delete:
                kw.append(f"ondelete={_q(fk.on_delete.sql)}")
            if fk.on_update:
                kw.append(f"onupdate={_q(fk.on_update.sql)}")
            # batch mode: SQLite recreates the table, other engines ALTER it
            up.append(f"    with op.batch_alter_table({_q(e.table)}) as batch:")
            up.append(call("batch.create_foreign_key", kw, "        "))
            down.append(f"    with op.batch_alter_table({_q(e.table)}) as batch:")
            down.append(f'        batch.drop_constraint({_q(name)}, type_="foreignkey")')
    return up, down


def _drops(schema: Schema, order: list[Entity]) -> list[str]:
    """Tables in reverse (indexes go with them), then PostgreSQL enum types and sequences."""
    # indexes go with their tables: MySQL refuses to drop one a foreign key still needs
    down = [f"    op.drop_table({_q(e.table)})" for e in reversed(order)]
    enums = sorted(
        {
            f.type.enum_name or f"{e.table}_{f.name}"
            for e in order
            for f in e.fields
            if f.type.kind is TypeKind.ENUM
        }
    )
    for name in enums:
        down.append(f"    sa.Enum(name={_q(name)}).drop(op.get_bind(), checkfirst=True)")
    for q in reversed(schema.sequences):
        home = sequence_schema(schema, q)
        schema_kw = f", schema={_q(home)}" if home else ""
        down.append(f"    sa.Sequence({_q(q.name)}{schema_kw}).drop(op.get_bind())")
    return down


def render(schema: Schema, options: RenderOptions) -> str:
    """An Alembic revision file for the relational part of `schema`.

    `upgrade()` creates tables parents first (foreign keys inline, so it runs on SQLite too;
    a foreign key that closes a cycle is added afterwards in batch mode), then indexes.
    `downgrade()` drops the tables in reverse (their indexes with them), then PostgreSQL enum
    types.
    """
    code = Code()
    rev = revision_id(schema)
    order, cyclic = _order(schema)
    up = _create_sequences(schema)
    for e in order:
        up += _create_table(schema, e, cyclic, code)
    fk_up, down = _cyclic_foreign_keys(schema, order, cyclic)
    up += fk_up
    for e in order:
        for i in range(len(e.indexes)):
            create, engines = _index(e, i)
            if engines is not None:
                up.append(_only_on(engines))
            up.append(create)
    down += _drops(schema, order)
    title = f"{schema.project or 'Data models'}: create the data model"
    head = [
        f'"""{title}',
        "",
        f"Revision ID: {rev}",
        "Revises:",
        f"Create Date: {options.date}",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import sqlalchemy as sa",
        "from alembic import op",
        *sorted(code.imports),
        "",
        f'revision = "{rev}"',
        "down_revision = None",
        "branch_labels = None",
        "depends_on = None",
        "",
        "",
        *_uuid_default_code(),
    ]
    if code.needs_native:
        head += [
            "",
            "",
            "class Native(sa.types.UserDefinedType):  # type: ignore[type-arg]",
            '    """An engine type kept verbatim from the spec (`native(…)`)."""',
            "",
            "    cache_ok = True",
            "",
            "    def __init__(self, spelling: str) -> None:",
            "        self.spelling = spelling",
            "",
            "    def get_col_spec(self, **kw: object) -> str:",
            "        return self.spelling",
        ]
    body = [
        "",
        "",
        "def upgrade() -> None:",
        '    """Create the tables (parents first), their foreign keys and indexes."""',
        *(up or ["    pass"]),
        "",
        "",
        "def downgrade() -> None:",
        '    """Drop what upgrade() created, in reverse order."""',
        *(down or ["    pass"]),
    ]
    return "\n".join(head + body) + "\n"
