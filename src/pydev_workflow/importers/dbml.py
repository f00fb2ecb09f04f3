"""Import DBML (dbdiagram.io) into the model with pydbml."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from typing import Any

from pydev_workflow.dialects import get_dialect
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.infer import infer_foreign_keys, relationships
from pydev_workflow.importers.sql import called_functions, read_source
from pydev_workflow.importers.sqlfinish import entity_names, spec_fk_order
from pydev_workflow.importers.sqltypes import TypeReader
from pydev_workflow.model import (
    Action,
    Cardinality,
    CheckConstraint,
    Default,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    IndexField,
    IndexMethod,
    Schema,
    TypeKind,
)
from pydev_workflow.spec.resolve import resolve

_TABLE = re.compile(r'^\s*Table\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)', re.I)
_COLUMN = re.compile(r'^\s*("[^"]+"|\w+)\s')
_CHECK = re.compile(r"check:\s*`([^`]*)`", re.I)
_CHECKS_OPEN = re.compile(r"^\s*checks\s*\{\s*$", re.I)
_CHECK_LINE = re.compile(r"^\s*`([^`]*)`\s*(?:\[\s*name:\s*['\"]([^'\"]*)['\"]\s*\])?\s*$")
_ACTIONS = {a.value: a for a in Action}


def _unq(name: str) -> str:
    return name[1:-1] if name[:1] == '"' and name[-1:] == '"' else name


def _is_json(text: str) -> bool:
    """True for a JSON object or array (a document, not an SQL expression)."""
    text = text.strip()
    if text[:1] not in ("{", "["):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _key(schema: str | None, table: str) -> str:
    return f"{'' if schema in (None, 'public') else schema}.{table}".lower()


def preprocess(
    text: str,
) -> tuple[str, dict[str, dict[str, str]], dict[str, list[tuple[str, str]]]]:
    """Take out what pydbml 1.x cannot read: column `check:` settings and `Checks {}` blocks.

    Removed text is blanked with spaces so pydbml's line:col positions stay those of the file.

    Returns:
        The text for pydbml, column checks by table key and column, table checks by table key.
    """
    col_checks: dict[str, dict[str, str]] = {}
    table_checks: dict[str, list[tuple[str, str]]] = {}
    out: list[str] = []
    table = ""
    in_checks = False
    for line in text.split("\n"):
        m = _TABLE.match(line)
        if m:
            parts = [_unq(p) for p in re.findall(r'"[^"]+"|\w+', m.group(1))]
            table = _key(parts[0] if len(parts) > 1 else None, parts[-1])
        if in_checks:
            if line.strip() == "}":
                in_checks = False
            else:
                c = _CHECK_LINE.match(line)
                if c:
                    table_checks.setdefault(table, []).append((c.group(1), c.group(2) or ""))
            out.append(" " * len(line))
            continue
        if _CHECKS_OPEN.match(line):
            in_checks = True
            out.append(" " * len(line))
            continue
        if "check:" in line.lower() and "[" in line:
            col = _COLUMN.match(line)
            found = _CHECK.search(line)
            if col and found:
                col_checks.setdefault(table, {})[_unq(col.group(1))] = found.group(1)
                line = _blank_check(line)
        out.append(line)
    return "\n".join(out), col_checks, table_checks


def _blank_check(line: str) -> str:
    """Blank a `check:` setting (and a comma next to it, or its whole `[...]` if alone)."""
    for pattern in (
        r"\[\s*check:\s*`[^`]*`\s*\]",
        r"check:\s*`[^`]*`\s*,",
        r",\s*check:\s*`[^`]*`",
    ):
        m = re.search(pattern, line, re.I)
        if m:
            return line[: m.start()] + " " * (m.end() - m.start()) + line[m.end() :]
    return line


def import_dbml(source: str, options: ImportOptions) -> ImportResult:
    """Import a DBML file.

    Tables, columns and their settings, refs with cardinality (`<>` becomes a junction entity
    and an N:M relationship), enums, indexes, notes, table groups (as components), the
    Project's name and database type.
    """
    text = read_source(source)
    for extra in options.extra_sources:
        raise InputError(Problem(Loc(extra), "dbml reads one file", "import each file separately"))
    return import_dbml_text(text, source, options)


def import_dbml_text(text: str, source: str, options: ImportOptions) -> ImportResult:
    """Import DBML text; `source` names it in messages."""
    import warnings

    cleaned, col_checks, table_checks = preprocess(text)
    try:
        with warnings.catch_warnings():
            # pydbml 1.x calls pyparsing with deprecated argument names: not the user's concern
            warnings.simplefilter("ignore", DeprecationWarning)
            from pydbml import PyDBML

            db = PyDBML(cleaned)
    except Exception as exc:  # noqa: BLE001 - pyparsing and pydbml raise many types
        line = getattr(exc, "lineno", 0)
        col = getattr(exc, "col", 0)
        message = getattr(exc, "msg", None) or str(exc).splitlines()[0]
        if not line:  # pydbml's semantic errors carry no place: find the name they quote
            line, col = _where_named(text, message)
        hint = "declare that table, or fix the Ref" if "not present" in message else ""
        raise InputError(Problem(Loc(source, line, col), f"DBML: {message}", hint)) from None
    return _Builder(db, source, options, col_checks, table_checks).build()


class _Builder:
    def __init__(
        self,
        db: Any,
        source: str,
        options: ImportOptions,
        col_checks: dict[str, dict[str, str]],
        table_checks: dict[str, list[tuple[str, str]]],
    ):
        self.sql = TypeReader("postgresql")
        self.db = db
        self.source = source
        self.options = options
        self.col_checks = col_checks
        self.table_checks = table_checks
        self.counts: Counter[str] = Counter()
        self.unsupported: list[str] = []
        self.assumptions: list[str] = []
        self.names: dict[int, str] = {}

    def loc(self, line: int = 0) -> Loc:
        return Loc(self.source, line, 1) if line else Loc(self.source)

    def field_type(self, raw: Any, where: str) -> tuple[FieldType, bool]:
        if not isinstance(raw, str):  # a pydbml Enum
            values = tuple(str(i.name) for i in raw.items)
            return FieldType(TypeKind.ENUM, values=values, enum_name=str(raw.name)), False
        text = raw.strip()
        quoted = text[:1] == '"'
        inner = _unq(text)
        for e in self.db.enums:  # an enum named by text, e.g. "product status"
            if inner in (e.name, f"{e.schema}.{e.name}"):
                return self.field_type(e, where)
        sql_type = inner if quoted and re.fullmatch(r"[\w ]+(\(.*\))?(\[\])?", inner) else text
        got = self.sql.column_type(sql_type)
        if got is None:  # an engine type sqlglot does not know
            return FieldType(TypeKind.NATIVE, native=inner.split("(")[0]), False
        return got

    def default(self, value: Any) -> tuple[Default | None, bool]:
        if value is None:
            return None, False
        if isinstance(value, bool):
            return Default(DefaultKind.LITERAL, "true" if value else "false"), False
        if isinstance(value, int | float):
            return Default(DefaultKind.LITERAL, repr(value)), False
        if type(value).__name__ == "Expression":
            if _is_json(str(value.text)):
                # db2dbml writes a json/jsonb default '{"k": "v"}'::json as the expression
                # `{"k": "v"}`, which no engine reads as SQL (sqlglot makes it a STRUCT): the
                # JSON document as written is the default's value
                return Default(DefaultKind.LITERAL, str(value.text).strip()), False
            got = self.sql.column_default(str(value.text))
            if got is None:  # keep the text as written
                return Default(DefaultKind.SQL, str(value.text)), False
            return got
        text = str(value)
        if text.lower() == "null":
            return None, False
        return Default(DefaultKind.LITERAL, text), False

    def build(self) -> ImportResult:
        tables = list(self.db.tables)
        names = entity_names((None if t.schema == "public" else t.schema, t.name) for t in tables)
        for t, name in zip(tables, names, strict=True):
            self.names[id(t)] = name
        groups: dict[int, str] = {}
        for g in self.db.table_groups:
            for item in g.items:
                groups[id(item)] = g.name
        fks: dict[int, list[ForeignKey]] = {id(t): [] for t in tables}
        one_to_one: set[tuple[str, str, tuple[str, ...]]] = set()
        junctions: list[Entity] = []
        for r in self.db.refs:
            self.ref(r, fks, one_to_one, junctions)
        entities = [self.entity(t, fks[id(t)], groups.get(id(t))) for t in tables]
        entities.extend(junctions)
        project = getattr(self.db, "project", None)
        project_name = str(project.name) if project is not None else ""
        dialect = "postgresql"
        if project is not None:
            db_type = str((project.items or {}).get("database_type", "")).split()
            dialect = _dialect_named(db_type[0] if db_type else "") or dialect
            if project.note is not None and str(project.note.text).strip():
                self.counts["project note"] += 1
                self.unsupported.append(
                    f"{self.source}: Project note {str(project.note.text).strip()[:60]!r} "
                    "(no place for it in the spec: add it to a decision if it matters)"
                )
        schema = Schema(
            entities=tuple(entities),
            components=tuple(dict.fromkeys(g.name for g in self.db.table_groups)),
            project=project_name,
            dialect=dialect,
        )
        if self.options.infer_relations:
            schema, notes = infer_foreign_keys(schema)
            self.assumptions.extend(notes)
        rels = tuple(
            replace(r, cardinality=Cardinality.ONE_TO_ONE)
            if (r.left, r.right, r.fk) in one_to_one
            else r
            for r in relationships(schema)
        )
        schema = replace(schema, relationships=rels)
        schema, problems = resolve(schema)
        if problems:
            raise InputError(problems)
        # DBML defines no functions: a call sqlglot does not know is the engine's to provide
        calls = called_functions(schema, "postgresql", source=self.source)
        return ImportResult(
            schema=schema,
            unsupported=tuple(calls + self.unsupported),
            assumptions=tuple(self.assumptions),
            counts=tuple(sorted(self.counts.items())),
        )

    def ref(
        self,
        r: Any,
        fks: dict[int, list[ForeignKey]],
        one_to_one: set[tuple[str, str, tuple[str, ...]]],
        junctions: list[Entity],
    ) -> None:
        left, right = list(r.col1), list(r.col2)
        t1, t2 = left[0].table, right[0].table
        on_delete = _ACTIONS.get(str(r.on_delete or "").lower())
        on_update = _ACTIONS.get(str(r.on_update or "").lower())
        name = str(r.name) if r.name else None
        if r.type == "<>":
            self.junction(t1, left, t2, right, junctions)
            return
        if r.type == "<":  # one-to-many written from the "one" side: the FK is on table 2
            t1, t2, left, right = t2, t1, right, left
        fk = ForeignKey(
            tuple(c.name for c in left),
            self.names[id(t2)],
            tuple(c.name for c in right),
            on_delete,
            on_update,
            name,
        )
        fks[id(t1)].append(fk)
        if r.type == "-":
            one_to_one.add((self.names[id(t2)], self.names[id(t1)], fk.fields))

    def junction(
        self, t1: Any, c1: list[Any], t2: Any, c2: list[Any], junctions: list[Entity]
    ) -> None:
        """DBML `<>` names no table: make the junction a real entity and say so."""
        n1, n2 = self.names[id(t1)], self.names[id(t2)]
        table = f"{t1.name}_{t2.name}"
        fields: list[Field] = []
        keys: list[ForeignKey] = []
        for t, cols, ename in ((t1, c1, n1), (t2, c2, n2)):
            names = []
            for c in cols:
                fname = f"{t.name}_{c.name}"
                ftype, _ = self.field_type(c.type, fname)
                fields.append(Field(fname, ftype, nullable=False))
                names.append(fname)
            keys.append(ForeignKey(tuple(names), ename, tuple(c.name for c in cols)))
        entity = Entity(
            name=n1 + n2,
            table=table,
            fields=tuple(fields),
            primary_key=tuple(f.name for f in fields),
            foreign_keys=tuple(keys),
        )
        junctions.append(entity)
        self.assumptions.append(
            f"{n1} <> {n2}: DBML names no junction table; created {entity.name} ({table})"
        )

    def entity(self, t: Any, fks: list[ForeignKey], group: str | None) -> Entity:
        key = _key(t.schema, t.name)
        checks = self.col_checks.get(key, {})
        fields: list[Field] = []
        pk: list[str] = []
        for c in t.columns:
            ftype, serial = self.field_type(c.type, f"{t.name}.{c.name}")
            default, seq = self.default(c.default)
            if c.pk:
                pk.append(c.name)
            fields.append(
                Field(
                    name=c.name,
                    type=ftype,
                    nullable=not (c.not_null or c.pk),
                    unique=bool(c.unique)
                    and not (c.pk and len([x for x in t.columns if x.pk]) == 1),
                    default=default,
                    check=checks.get(c.name),
                    description=str(c.note.text) if c.note is not None and c.note.text else "",
                    identity=bool(c.autoinc) or serial or seq,
                )
            )
        indexes: list[Index] = []
        for ix in t.indexes:
            keys = tuple(
                IndexField(str(s.name))
                if hasattr(s, "table")
                else IndexField(str(getattr(s, "text", s)), expression=True)
                for s in ix.subjects
            )
            if ix.pk:
                pk = [k.name for k in keys if not k.expression]
                continue
            method = IndexMethod.BTREE
            if ix.type:
                known = {m.value: m for m in IndexMethod}.get(str(ix.type).lower())
                if known is None:  # lossless or loud: a btree would misstate it
                    self.counts["index types not modelled (read as btree)"] += 1
                    self.unsupported.append(
                        f"{self.source}: index type {ix.type} on {t.name} "
                        "(not modelled: read as btree)"
                    )
                method = known or method
            parts = "_".join(k.name if not k.expression else "expr" for k in keys)
            name = str(ix.name) if ix.name else f"{t.name}_{parts}_idx"
            note = str(ix.note.text) if ix.note is not None and ix.note.text else ""
            indexes.append(Index(name, keys, method, bool(ix.unique), purpose=note))
        table_checks = tuple(
            CheckConstraint(expr, name or None) for expr, name in self.table_checks.get(key, [])
        )
        return Entity(
            name=self.names[id(t)],
            table=t.name,
            fields=tuple(fields),
            primary_key=tuple(pk),
            foreign_keys=tuple(spec_fk_order(fks, [f.name for f in fields])),
            checks=table_checks,
            indexes=tuple(indexes),
            component=group,
            description=str(t.note.text) if t.note is not None and t.note.text else "",
            schema=None if t.schema == "public" else t.schema,
        )


def _dialect_named(word: str) -> str | None:
    """The registry name of the engine DBML's `database_type` names (`PostgreSQL`), if known."""
    try:
        return get_dialect(word).name
    except InputError:
        return None


def _where_named(text: str, message: str) -> tuple[int, int]:
    """(line, column) of the first use in `text` of a name `message` quotes, or (0, 0).

    pydbml says "Table public.role_permissions not present in the database" with no place;
    the Ref that names it is where the user has to look.
    """
    m = re.search(r"(?:Table|Column|Enum) (?:\w+\.)?([\w\"]+)", message)
    if m is None:
        return 0, 0
    name = m.group(1).strip('"')
    for n, row in enumerate(text.splitlines(), 1):
        found = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", row)
        if found and row.lstrip().lower().startswith("ref"):
            return n, found.start() + 1
    return 0, 0
