"""Turn what an SQL import has read (sqlstate.ImportState) into the frozen model."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from pydev_workflow.ddlnames import fk_constraint_name, generated_name
from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.errors import Loc
from pydev_workflow.importers.names import unique_index_names
from pydev_workflow.importers.sqlalter import alter_table
from pydev_workflow.importers.sqlsplit import split_top
from pydev_workflow.importers.sqlstate import NAME, ImportState, Table
from pydev_workflow.model import (
    CheckConstraint,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    Options,
    Partition,
    Partitioning,
    Schema,
    Sequence,
    TypeKind,
    UniqueConstraint,
)


def finish(state: ImportState, project: str) -> Schema:
    """The model of everything read: ALTERs that waited for their table, then the entities."""
    for st, text in state.pending:
        alter_table(state, st, text, retry=True)
    state.pending = []
    _fold_partitions(state)
    tables = list(state.tables.values())
    _shared_sequences(state, tables)
    names = entity_names((t.schema, t.name) for t in tables)
    by_table = {id(t): name for t, name in zip(tables, names, strict=True)}
    entities: list[Entity] = []
    for t in tables:
        entity = _Entity(state, t, by_table).build()
        if entity is not None:
            entities.append(drop_default_names(entity, state.dialect))
    entities = unique_index_names(entities, state.assumptions, located=True)
    return Schema(
        entities=tuple(entities),
        project=project,
        dialect=state.dialect,
        sequences=_standalone_sequences(state),
    )


def _shared_sequences(state: ImportState, tables: list[Table]) -> None:
    """A column's own sequence that another column's default draws from too is named on both.

    Request Tracker's ObjectCustomRoles.id takes nextval('objectscrips_id_seq'), which is
    ObjectScrips.id's own: one counter for both tables. Left unnamed on ObjectScrips.id, the
    render would give that column a second sequence of its own.
    """
    named = {c.sequence.lower() for t in tables for c in t.columns.values() if c.sequence}
    if not named:
        return
    for t in tables:
        for c in t.columns.values():
            own = f"{t.name}_{c.name}_seq"
            if c.identity and not c.sequence and own.lower() in named:
                c.sequence = own
                state.assumptions.append(
                    f"{c.loc}: {t.name}.{c.name} shares its sequence {own} with another "
                    "column's default: named on both, so they keep one counter"
                )


def _standalone_sequences(state: ImportState) -> tuple[Sequence, ...]:
    """The sequences no column owns; those a column owns stay its `identity` / `sequence`."""
    out = []
    named = state.nextval_sequences
    for key, seq in state.sequences.items():
        if key in state.owned_sequences or key in named or ("", key[1]) in named:
            state.counts["sequences backing a column (as its identity)"] += 1
            continue
        for loc, what in state.sequence_dropped.get(key, []):
            state.counts["sequence options (not carried over)"] += 1
            state.unsupported.append(
                f"{loc}: sequence {seq.name} {what} (sequence options: not carried over)"
            )
        out.append(seq)
    return tuple(out)


def _fold_partitions(state: ImportState) -> None:
    """Partitions fold into their parent: one entity with Partition entries."""
    for key, t in list(state.tables.items()):
        if t.partition_of is None:
            continue
        pschema, pname, bound = t.partition_of
        parent = state.table(pschema, pname)
        if parent is None:
            continue
        parent.partitions.append(Partition(t.name, bound))
        del state.tables[key]
        state.counts["partitions (folded into their table)"] += 1
        dropped = len(t.fks) + len(t.indexes) + len(t.uniques) + len(t.checks)
        if dropped:  # the parent declares what matters; per-partition copies go
            state.counts["keys and indexes of partitions (dropped with them)"] += dropped
            for ix in t.indexes:
                state.unsupported.append(
                    f"{ix.loc}: index {ix.name} of partition {t.name} (keys and indexes "
                    "of a partition are not kept: the parent's apply to it)"
                )


def pascal_case(table: str) -> str:
    """`film_actor` -> `FilmActor`, `InvoiceLine` stays, `2fa codes` -> `T2faCodes`."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", table) if p]
    name = "".join(p[:1].upper() + p[1:] for p in parts) or "Table"
    return "T" + name if name[0].isdigit() else name


def entity_names(tables: Iterable[tuple[str | None, str]]) -> list[str]:
    """Entity name per (schema, table): PascalCase of the table, with its schema on a clash."""
    tables = list(tables)
    base = [pascal_case(name) for _, name in tables]
    clashes = Counter(n.lower() for n in base)
    out: list[str] = []
    taken: set[str] = set()
    for (schema, table), name in zip(tables, base, strict=True):
        if clashes[name.lower()] > 1 and schema:
            name = pascal_case(f"{schema}_{table}")
        candidate, i = name, 2
        while candidate.lower() in taken:
            candidate, i = f"{name}{i}", i + 1
        taken.add(candidate.lower())
        out.append(candidate)
    return out


class _Entity:
    """Builds the Entity of one table: its names resolved, what names unknown columns reported."""

    def __init__(self, state: ImportState, t: Table, names: dict[int, str]):
        self.state = state
        self.t = t
        self.names = names  # entity name by id() of each table
        self.colnames = {c.name.lower(): c.name for c in t.columns.values()}

    def build(self) -> Entity | None:
        t = self.t
        if not t.columns:
            self.state.counts["tables without columns"] += 1
            self.state.unsupported.append(f"{t.loc}: {t.name} has no columns (skipped)")
            return None
        fields = self.fields()
        self.key_methods()
        fks = spec_fk_order(self.foreign_keys(), [c.name for c in t.columns.values()])
        pk = self.known(t.pk, "primary key", t.loc) or ()
        return Entity(
            name=self.names[id(t)],
            table=t.name,
            fields=fields,
            primary_key=pk,
            foreign_keys=tuple(fks),
            uniques=tuple(self.uniques()),
            checks=tuple(t.checks),
            indexes=tuple(self.indexes()),
            description=t.description,
            partitioning=self.partitioning(),
            schema=t.schema,
            loc=t.loc,
            primary_key_name=t.pk_name if pk else None,
            options=Options.make(t.options) if t.options else Options(),
        )

    def key_methods(self) -> None:
        """Report a key's `USING` method that is not what the table's engine builds for it.

        The model keeps no method on a primary or unique key: the engine's own is rendered
        (MySQL: HASH for MEMORY tables, else BTREE, the only one InnoDB has).
        """
        t = self.t
        engine = str(t.options.get(self.state.option_key, {}).get("engine", "")).upper()
        default = "HASH" if engine in ("MEMORY", "HEAP") else "BTREE"
        for loc, what, method in t.key_methods:
            if method != default:
                self.state.counts["key index methods"] += 1
                self.state.unsupported.append(
                    f"{loc}: {t.name} {what} USING {method} (key index methods: not modelled; "
                    f"the engine builds {default} for it)"
                )

    def known(self, cols: Iterable[str], what: str, loc: Loc) -> tuple[str, ...] | None:
        """`cols` as the table spells them; None (and a report) if one is not a column."""
        out = []
        for c in cols:
            if c.lower() not in self.colnames:
                self.state.counts[f"{what} naming unknown columns"] += 1
                self.state.unsupported.append(
                    f"{loc}: {what} names unknown column {self.t.name}.{c}"
                )
                return None
            out.append(self.colnames[c.lower()])
        return tuple(out)

    def fields(self) -> tuple[Field, ...]:
        t = self.t
        state = self.state
        pk_lower = {p.lower() for p in t.pk}
        for c in t.columns.values():
            if c.collation and not state.known_collation(c.collation):
                state.counts["column collations the source does not define (not kept)"] += 1
                state.unsupported.append(
                    f"{c.loc}: {t.name}.{c.name} COLLATE {c.collation} (a collation of the "
                    "database, not of this source: the default collation is used)"
                )
                c.collation = None
        return tuple(
            Field(
                name=c.name,
                type=c.type,
                nullable=c.nullable and c.name.lower() not in pk_lower,
                unique=c.unique and (c.name,) != t.pk,
                default=c.default,
                check=c.check,
                description=c.description,
                identity=c.identity,
                loc=c.loc,
                collation=c.collation,
                generated=c.generated,
                auto_update=c.auto_update,
                options=Options.make(c.options) if c.options else Options(),
                sequence=c.sequence,
            )
            for c in t.columns.values()
        )

    def foreign_keys(self) -> list[ForeignKey]:
        fks: list[ForeignKey] = []
        for fk, rschema, rname in self.t.fks:
            target = self.state.table(rschema, rname)
            cols = self.known(fk.fields, "foreign key", fk.loc)
            if target is None or cols is None:
                if target is None:
                    self.state.counts["foreign keys to unknown tables"] += 1
                    self.state.unsupported.append(
                        f"{fk.loc}: {self.t.name} references unknown {rname}"
                    )
                continue
            tcols = {c.name.lower(): c.name for c in target.columns.values()}
            ref_fields = tuple(tcols.get(c.lower(), c) for c in fk.ref_fields) or target.pk
            fk = replace(fk, fields=cols, ref_entity=self.names[id(target)], ref_fields=ref_fields)
            same = next((i for i, o in enumerate(fks) if _same_key(o, fk)), None)
            if same is None:
                fks.append(fk)
            elif fk.name and not fks[same].name:  # one key written twice (MySQL: a column's
                fks[same] = fk  # REFERENCES and the table's FOREIGN KEY): the named one counts
            elif fk.name and fks[same].name and fk.name != fks[same].name:
                fks.append(fk)  # two constraints of their own names (as `import db` reads them)
        return fks

    def uniques(self) -> list[UniqueConstraint]:
        out = []
        for u in self.t.uniques:
            cols = self.known(u.fields, "unique constraint", u.loc)
            if cols is not None:
                out.append(replace(u, fields=cols))
        return out

    def indexes(self) -> list[Index]:
        out = []
        for ix in self.t.indexes:
            plain = [k for k in ix.fields if not k.expression]
            if self.known([k.name for k in plain], "index", ix.loc) is None:
                continue
            keys = tuple(
                k if k.expression else replace(k, name=self.colnames[k.name.lower()])
                for k in ix.fields
            )
            out.append(replace(ix, fields=keys))
        return out

    def partitioning(self) -> Partitioning | None:
        t = self.t
        if t.partition_by is None:
            return None
        method, key = t.partition_by
        pkey = self.known(key, "partition key", t.loc)
        if pkey is None:
            return None
        return Partitioning(method, pkey, partitions=tuple(t.partitions))


def _same_key(a: ForeignKey, b: ForeignKey) -> bool:
    """The same foreign key written twice: columns, target and actions alike."""
    return (a.fields, a.ref_entity, a.ref_fields, a.on_delete, a.on_update) == (
        b.fields,
        b.ref_entity,
        b.ref_fields,
        b.on_delete,
        b.on_update,
    )


def spec_fk_order(fks: Iterable[ForeignKey], fields: Iterable[str]) -> list[ForeignKey]:
    """Foreign keys in the order the spec writes them: inline ones by field, then the rest."""
    order = {name: i for i, name in enumerate(fields)}

    def key(fk: ForeignKey) -> tuple[int, int]:
        inline = len(fk.fields) == 1 and fk.name is None
        return (0, order.get(fk.fields[0], 0)) if inline else (1, 0)

    return sorted(fks, key=key)


#: what SQLite stores an enum in (SQLAlchemy's non-native Enum: VARCHAR(longest value))
_ENUM_STORAGE = (TypeKind.STRING, TypeKind.TEXT)


def _same_name(name: str | None, default: str) -> bool:
    # engines fold unquoted names (PostgreSQL to lower case), so compare without case
    return name is not None and (name == default or name.lower() == default.lower())


_IN_LIST = re.compile(rf"\(?\s*({NAME})\s+IN\s*\((.*)\)\s*\)?", re.I | re.S)


def _enum_check(expression: str, column: str) -> tuple[str, ...] | None:
    """The values of `column IN ('a', 'b')` (SQLAlchemy's non-native enum CHECK), else None."""
    m = _IN_LIST.fullmatch(expression.strip())
    if m is None or m.group(1).strip('"`[]').lower() != column.lower():
        return None
    values: list[str] = []
    for _, part in split_top(m.group(2)):
        v = part.strip()
        if len(v) < 2 or v[0] != "'" or v[-1] != "'":
            return None
        values.append(v[1:-1].replace("''", "'"))
    return tuple(values) if values and len(set(values)) == len(values) else None


def drop_default_names(entity: Entity, dialect: str) -> Entity:
    """`entity` with the names our DDL invents for unnamed things mapped back to "no name".

    The SQL renderer (dialects/metadata.py) names what the spec leaves unnamed: a foreign key
    `fk_<table>_<fields>`, a field's CHECK `ck_<table>_<field>`, the CHECK that stands for an
    enum where the engine has none (SQLite) `ck_<table>_<field>`, and a native enum type
    `<table>_<field>`. Reading them back as names would make SQL -> spec -> SQL -> spec drift,
    so a name equal to the convention means "unnamed": FK names become None, such CHECKs go
    back onto their field (on SQLite, as an enum when they list a string column's values), and
    default enum type names become None.

    Args:
        entity: an imported entity.
        dialect: the dialect the SQL was written for (our registry name).

    Returns:
        The entity as the spec that renders to the same DDL would write it.
    """
    fks = tuple(
        replace(fk, name=None) if _same_name(fk.name, fk_constraint_name(entity, fk.fields)) else fk
        for fk in entity.foreign_keys
    )
    fields = {f.name: f for f in entity.fields}
    enums_as_checks = adapter_for(dialect).enums_as_checks
    checks: list[CheckConstraint] = []
    for c in entity.checks:
        f = next(
            (
                f
                for f in fields.values()
                if _same_name(c.name, generated_name("ck", entity.table, (f.name,)))
            ),
            None,
        )
        values = None
        if f is not None and enums_as_checks and f.type.kind in _ENUM_STORAGE:
            values = _enum_check(c.expression, f.name)
        if f is not None and values is not None:
            fields[f.name] = replace(f, type=FieldType(TypeKind.ENUM, values=values))
        elif f is not None and f.check is None:
            fields[f.name] = replace(f, check=c.expression)
        else:
            checks.append(c)
    for name, f in fields.items():
        if enums_as_checks and f.check and f.type.kind in _ENUM_STORAGE:
            # SQLite has no enum type: a CHECK listing a text column's values is how one is written
            values = _enum_check(f.check, f.name)
            if values is not None:
                fields[name] = f = replace(
                    f, type=FieldType(TypeKind.ENUM, values=values), check=None
                )
        if f.type.kind is TypeKind.ENUM and _same_name(
            f.type.enum_name, f"{entity.table}_{f.name}"
        ):
            fields[name] = replace(f, type=replace(f.type, enum_name=None))
    pk_name = entity.primary_key_name
    if pk_name is not None and _same_name(pk_name, f"{entity.table}_pkey") or pk_name == "PRIMARY":
        pk_name = None  # the engine's own name for an unnamed primary key
    return replace(
        entity,
        fields=tuple(fields.values()),
        foreign_keys=tuple(spec_fk_order(fks, fields)),
        checks=tuple(checks),
        primary_key_name=pk_name,
    )
