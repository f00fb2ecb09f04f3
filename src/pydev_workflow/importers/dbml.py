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
from pydev_workflow.spec.fragments import fragment_problem
from pydev_workflow.spec.resolve import resolve

_TABLE = re.compile(r'^\s*Table\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)', re.I)
_COLUMN = re.compile(r'^\s*("[^"]+"|\w+)\s')
_CHECK = re.compile(r"check:\s*`([^`]*)`", re.I)
_CHECKS_OPEN = re.compile(r"^\s*checks\s*\{\s*$", re.I)
_CHECK_LINE = re.compile(r"^\s*`([^`]*)`\s*(?:\[\s*name:\s*['\"]([^'\"]*)['\"]\s*\])?\s*$")
_ENUM_DECL = re.compile(r'^\s*enum\s+(?:(?:"[^"]+"|\w+)\.)?"([^"]+)"\s*\{', re.I | re.M)
_SPACED_SIZE = re.compile(r'^(\s*(?:"[^"]+"|\w+)\s+\w+)\s+\((?=[\d\s,]*\))')
_ACTIONS = {a.value: a for a in Action}
# bare words SQL reads as a value, not as a column, in a DEFAULT
_BARE_DEFAULTS = {
    "current_timestamp",
    "current_date",
    "current_time",
    "localtimestamp",
    "localtime",
    "current_user",
    "session_user",
    "user",
    "null",
    "true",
    "false",
}


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
    odd_enums = [n for n in _ENUM_DECL.findall(text) if not re.fullmatch(r"\w+", n)]
    odd_type = (
        re.compile(
            r'^(\s*(?:"[^"]+"|\w+)\s+)(' + "|".join(map(re.escape, odd_enums)) + r")(?=[\s\[]|$)"
        )
        if odd_enums
        else None
    )
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
        if table:
            # `rule varchar (1024)`: pydbml wants the size next to the type name
            line = _SPACED_SIZE.sub(r"\1(", line, count=1)
        if odd_type is not None and table:
            # `unit home-cook-unit` names `Enum "home-cook-unit"`: pydbml reads only a quoted
            # name with a hyphen; quoting it shifts the rest of that line by two columns
            line = odd_type.sub(r'\1"\2"', line)
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

    Lossless or loud: what the spec has no place for is listed at its line (diagram colours,
    TableGroup notes, sticky notes, Project settings, enum value notes, enums no column uses,
    relation fields typed by a table as prisma-dbml-generator writes them, index keys that
    are not SQL), and what an engine would refuse is said where it is written (`enum` with no
    values, a default that is a bare name, serial on a foreign key, a Ref to a non-key).
    A file pydbml cannot read is one error at its line and column.
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
        if "Combine:" in message or "Suppress:" in message:  # pyparsing's grammar, not words
            message = "Expected a value: 'a string', `an expression`, a number, true, false or null"
        hint = "declare that table, or fix the Ref" if "not present" in message else ""
        rows = text.split("\n")
        here = rows[line - 1].strip().lower() if 0 < line <= len(rows) else ""
        if here.startswith(("tablepartial", "~")):
            hint = "pydbml 1.x does not read TablePartial (DBML 3.x): write its columns out"
        raise InputError(Problem(Loc(source, line, col), f"DBML: {message}", hint)) from None
    builder = _Builder(db, source, options, col_checks, table_checks)
    builder.lines = _Lines(text)
    return builder.build()


class _Lines:
    """Line numbers of DBML declarations (pydbml keeps none), found in the text as written."""

    def __init__(self, text: str):
        self.rows = text.split("\n")

    def find(self, pattern: str, start: int = 0) -> int:
        """The 1-based number of the first row from `start` matching `pattern`, or 0."""
        rx = re.compile(pattern, re.I)
        for n in range(start, len(self.rows)):
            if rx.search(self.rows[n]):
                return n + 1
        return 0

    def block(self, keyword: str, name: str, schema: str | None = None) -> int:
        """The line of `keyword [schema.]name` (Table, Enum, TableGroup, Note)."""
        q = _name_rx(name)
        s = rf"(?:{_name_rx(schema)}\.)?" if schema else r'(?:(?:"[^"]+"|\w+)\.)?'
        return self.find(rf"^\s*{keyword}\s+{s}{q}(?![\w\"])")

    def column(self, table: Any, column: str) -> int:
        """The line of `column` inside `table`'s block (the table's line if not found)."""
        start = self.block("table", str(table.name), table.schema)
        got = self.find(rf"^\s*{_name_rx(column)}\s", start) if start else 0
        return got or start


def _name_rx(name: str) -> str:
    """A regex for `name` written bare or in double quotes."""
    return rf'(?:"{re.escape(name)}"|{re.escape(name)})'


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
        self.lines = _Lines("")
        self.ref_columns: set[int] = set()
        self.used_enums: set[str] = set()

    def at(self, line: int) -> str:
        return f"{self.source}:{line}" if line else self.source

    def lost(self, count: str, line: int, what: str) -> None:
        """Record something in the DBML that has no place in the spec, at its line."""
        self.counts[count] += 1
        self.unsupported.append(f"{self.at(line)}: {what}")

    def loc(self, line: int = 0) -> Loc:
        return Loc(self.source, line, 1) if line else Loc(self.source)

    def field_type(self, raw: Any, where: str, line: int = 0) -> tuple[FieldType, bool]:
        if not isinstance(raw, str):  # a pydbml Enum
            values = tuple(str(i.name) for i in raw.items)
            return FieldType(TypeKind.ENUM, values=values, enum_name=str(raw.name)), False
        text = raw.strip()
        quoted = text[:1] == '"'
        inner = _unq(text)
        named = self.named_type(inner)
        if named is not None:
            return named, False
        sql_type = inner if quoted and re.fullmatch(r"[\w ]+(\(.*\))?(\[\])?", inner) else text
        got = self.sql.column_type(sql_type)
        if got is None:  # an engine type sqlglot does not know
            return FieldType(TypeKind.NATIVE, native=inner.split("(")[0]), False
        if got[0].kind is TypeKind.NATIVE and re.fullmatch(r"enum\s*(\(\s*\))?", inner, re.I):
            # `status enum` with no Enum block of that name: no engine takes an enum of
            # no values, and the values (often only in a note) are not in the DBML
            self.lost(
                "enum types without values (read as text)",
                line,
                f"{where}: type {inner} names no values (declare an Enum block): read as text",
            )
            return FieldType(TypeKind.TEXT), False
        if got[0].kind is TypeKind.NATIVE and re.fullmatch(r"\w+", inner):
            self.lost(
                "types neither SQL nor an Enum of the file (kept as written)",
                line,
                f"{where}: type {inner} is no SQL type and no Enum declared here: kept as "
                "written, which the engine must already know",
            )
        return got

    def named_type(self, inner: str) -> FieldType | None:
        """An Enum of the file named by text (`"product status"`, `Kind[]`), or Prisma's Bytes."""
        array = inner.endswith("[]")
        name = inner[:-2] if array else inner
        for e in self.db.enums:
            if name in (e.name, f"{e.schema}.{e.name}"):
                values = tuple(str(i.name) for i in e.items)
                self.used_enums.add(str(e.name))
                if array:  # the spec writes no enum name inside an array
                    return FieldType(TypeKind.ARRAY, item=FieldType(TypeKind.ENUM, values=values))
                return FieldType(TypeKind.ENUM, values=values, enum_name=str(e.name))
        inline = re.fullmatch(r"enum\s*\((.*)\)", name, re.I | re.S)
        if inline and inline.group(1).strip():  # MySQL's spelling: `kind enum (private, group)`
            values = tuple(v.strip().strip("'\"") for v in inline.group(1).split(","))
            return FieldType(TypeKind.ENUM, values=values)
        if name.lower() == "bytes":  # prisma-dbml-generator writes Prisma's `Bytes` (bytea)
            t = FieldType(TypeKind.BYTES)
            return FieldType(TypeKind.ARRAY, item=t) if array else t
        return None

    def default(self, value: Any, where: str = "", line: int = 0) -> tuple[Default | None, bool]:
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
            word = str(value.text).strip()
            if re.fullmatch(r"[A-Za-z_]\w*", word) and word.lower() not in _BARE_DEFAULTS:
                self.lost(
                    "defaults that name a column",
                    line,
                    f"{where}: default `{word}` is a bare name, which SQL reads as a column "
                    f"and engines refuse in a DEFAULT (kept as written; `{word}()` calls it)",
                )
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
        self.ref_columns = {id(c) for r in self.db.refs for c in (*r.col1, *r.col2)}
        for t in tables:
            self.ref_columns.update(
                id(s) for ix in t.indexes for s in ix.subjects if hasattr(s, "table")
            )
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
        self.leftovers(entities)
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

    def leftovers(self, entities: list[Entity]) -> None:
        """Report what pydbml read and the spec has no place for, each at its line."""
        for g in self.db.table_groups:
            line = self.lines.block("tablegroup", str(g.name))
            if g.note is not None and str(getattr(g.note, "text", g.note)).strip():
                self.lost("table group notes", line, f"TableGroup {g.name}: its note")
            if g.color:
                self.lost("table group colours", line, f"TableGroup {g.name}: color {g.color}")
        used = {f.type.enum_name for e in entities for f in e.fields if f.type.enum_name}
        used |= self.used_enums
        for e in self.db.enums:
            line = self.lines.block("enum", str(e.name), e.schema)
            if str(e.name) not in used:
                self.lost(
                    "enums no column uses",
                    line,
                    f"Enum {e.name} ({', '.join(str(i.name) for i in e.items)}): no column uses "
                    "it, and the spec keeps an enum only as a column's type",
                )
            note = getattr(e, "note", None)  # pydbml 1.x keeps notes on values only
            if note is not None and str(note.text).strip():
                self.lost("enum notes", line, f"Enum {e.name}: its note")
            for item in e.items:
                if item.note is not None and str(item.note.text).strip():
                    self.lost(
                        "enum value notes",
                        self.lines.find(rf"^\s*{_name_rx(str(item.name))}\s*\[", max(line - 1, 0)),
                        f"Enum {e.name}: the note on value {item.name}",
                    )
        for n in getattr(self.db, "sticky_notes", []):
            self.lost(
                "sticky notes",
                self.lines.block("note", str(n.name)),
                f"Note {n.name}: a sticky note (no place for it in the spec)",
            )
        project = getattr(self.db, "project", None)
        items = dict(project.items or {}) if project is not None else {}
        for k in items:
            if str(k).lower() != "database_type":
                self.lost(
                    "project settings",
                    self.lines.find(rf"^\s*{re.escape(str(k))}\s*:"),
                    f"Project: setting {k} (no place for it in the spec)",
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
            # pydbml writes the Ref's actions on both keys of the junction it makes
            last = junctions[-1]
            keys = tuple(
                replace(k, on_delete=on_delete, on_update=on_update) for k in last.foreign_keys
            )
            junctions[-1] = replace(last, foreign_keys=keys)
            if name:
                self.lost(
                    "many-to-many ref names",
                    self.ref_line(r),
                    f"Ref {name}: the name of a many-to-many ref (it names no constraint)",
                )
            return
        if r.type == "<":  # one-to-many written from the "one" side: the FK is on table 2
            t1, t2, left, right = t2, t1, right, left
        line = self.ref_line(r)
        if r.type == "-" and _is_key(left) and not _is_key(right):
            # `Ref: users.id - profiles.user_id`: pydbml puts the FK on the left, which would
            # make the key point at a column that is not one (no engine takes that FK)
            t1, t2, left, right = t2, t1, right, left
            self.assumptions.append(
                f"{self.at(line)}: one-to-one {_cols(right)} - {_cols(left)}: the foreign key "
                f"is on {_cols(left)}, the side that is not a key"
            )
        if not _is_key(right):
            self.lost(
                "refs to columns that are not a key (engines refuse the FK)",
                line,
                f"Ref {_cols(left)} -> {_cols(right)}: {_cols(right)} is neither primary key "
                "nor unique, so engines refuse this foreign key (kept as written)",
            )
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

    def ref_line(self, r: Any) -> int:
        """The line of a Ref: its `Ref:` line naming both ends, else the inline `ref:`."""
        a, b = r.col1[0], r.col2[0]
        ends = [rf"{_name_rx(str(c.table.name))}\.{_name_rx(str(c.name))}" for c in (a, b)]
        got = self.lines.find(rf"{ends[0]}.*{ends[1]}|{ends[1]}.*{ends[0]}")
        if got:
            return got
        for c in (a, b):
            line = self.lines.column(c.table, str(c.name))
            if line and "ref" in self.lines.rows[line - 1].lower():
                return line
        return 0

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

    def relation_field(self, t: Any, c: Any, where: str, line: int) -> bool:
        """True (and reported) for a column whose type names a table, not a type.

        prisma-dbml-generator writes Prisma's relation fields so (`posts post [not null]`):
        they are navigation, not columns, and the Ref beside them carries the link.
        """
        raw = c.type
        if not isinstance(raw, str) or not re.fullmatch(r"\w+", raw.strip()):
            return False
        name = raw.strip()
        if any(e.name == name for e in self.db.enums) or c.pk or id(c) in self.ref_columns:
            return False
        if not any(str(x.name).lower() == name.lower() for x in self.db.tables):
            return False
        self.lost(
            "relation fields (type names a table; not columns)",
            line,
            f"{where}: type {name} names a table, not a type (a relation field such as "
            "prisma-dbml-generator writes): not a column, not carried over",
        )
        return True

    def one_generated(self, t: Any, fields: list[Field], pk: list[str]) -> list[Field]:
        """Keep one generated column a table: the sole key if generated, else none (said).

        `a_id bigserial [pk]`, `b_id bigserial [pk]`: no engine generates two columns of one
        table by identity, and a composite key of generated numbers is not what was meant.
        """
        generated = [f.name for f in fields if f.identity]
        if len(generated) < 2:
            return fields
        keep = pk[0] if len(pk) == 1 and pk[0] in generated else None
        for name in generated:
            if name != keep:
                self.lost(
                    "generated columns beyond one a table (not generated)",
                    self.lines.column(t, name),
                    f"{t.name}.{name}: one of {len(generated)} serial/increment columns in "
                    f"{t.name} ({', '.join(generated)}): read as a plain column",
                )
        return [replace(f, identity=False) if f.identity and f.name != keep else f for f in fields]

    def index(self, t: Any, ix: Any) -> Index | None:
        """The model of a DBML index, or None (reported) if an expression key is not SQL."""
        start = self.lines.block("table", str(t.name), t.schema)
        line = start
        if ix.name:
            line = self.lines.find(rf"name:\s*['\"]{re.escape(str(ix.name))}['\"]", start) or start
        keys = tuple(
            IndexField(str(s.name))
            if hasattr(s, "table")
            else IndexField(str(getattr(s, "text", s)), expression=True)
            for s in ix.subjects
        )
        for k in keys:
            problem = fragment_problem(k.name) if k.expression else None
            if problem:  # db2dbml splits an EXCLUDE constraint's key into backtick fragments
                self.lost(
                    "indexes with a key that is not SQL",
                    line,
                    f"index {ix.name or ''} on {t.name}: key `{k.name}` {problem}: "
                    "the index is not carried over",
                )
                return None
        method = IndexMethod.BTREE
        if ix.type:
            known = {m.value: m for m in IndexMethod}.get(str(ix.type).lower())
            if known is None:  # lossless or loud: a btree would misstate it
                self.lost(
                    "index types not modelled (read as btree)",
                    line,
                    f"index type {ix.type} on {t.name} (not modelled: read as btree)",
                )
            method = known or method
        parts = "_".join(k.name if not k.expression else "expr" for k in keys)
        name = str(ix.name) if ix.name else f"{t.name}_{parts}_idx"
        note = str(ix.note.text) if ix.note is not None and ix.note.text else ""
        loc = Loc(self.source, line, 1) if line else Loc()
        return Index(name, keys, method, bool(ix.unique), purpose=note, loc=loc)

    def entity(self, t: Any, fks: list[ForeignKey], group: str | None) -> Entity:
        key = _key(t.schema, t.name)
        checks = self.col_checks.get(key, {})
        fields: list[Field] = []
        pk: list[str] = []
        referencing = {n for fk in fks for n in fk.fields}
        for c in t.columns:
            where, line = f"{t.name}.{c.name}", self.lines.column(t, str(c.name))
            if self.relation_field(t, c, where, line):
                continue
            ftype, serial = self.field_type(c.type, where, line)
            default, seq = self.default(c.default, where, line)
            identity = bool(c.autoinc) or serial or seq
            if identity and c.name in referencing:
                # `entity_id bigserial [pk]` with a Ref to entities.id: a number the engine
                # generates cannot point at a row of another table (and two such columns
                # make a table no engine builds)
                identity = False
                self.lost(
                    "generated keys that are foreign keys (not generated)",
                    line,
                    f"{where}: serial/increment on a column that references another table: "
                    "read as a plain column",
                )
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
                    identity=identity,
                )
            )
        fields = self.one_generated(t, fields, pk)
        if t.header_color:
            self.lost(
                "table header colours",
                self.lines.block("table", str(t.name), t.schema),
                f"{t.name}: headercolor {t.header_color} (a diagram colour: no place in the spec)",
            )
        indexes: list[Index] = []
        pk_name: str | None = None
        for ix in t.indexes:
            if ix.pk:
                pk = [str(s.name) for s in ix.subjects if hasattr(s, "table")]
                pk_name = str(ix.name) if ix.name else None
                continue
            index = self.index(t, ix)
            if index is not None:
                indexes.append(index)
        # a key from an `Indexes { (a, b) [pk] }` block: its columns are NOT NULL as well
        fields = [replace(f, nullable=False) if f.name in pk else f for f in fields]
        table_checks = tuple(
            CheckConstraint(expr, name or None) for expr, name in self.table_checks.get(key, [])
        )
        return Entity(
            name=self.names[id(t)],
            table=t.name,
            fields=tuple(fields),
            primary_key=tuple(pk),
            primary_key_name=pk_name,
            foreign_keys=tuple(spec_fk_order(fks, [f.name for f in fields])),
            checks=table_checks,
            indexes=tuple(indexes),
            component=group,
            description=str(t.note.text) if t.note is not None and t.note.text else "",
            schema=None if t.schema == "public" else t.schema,
        )


def _cols(cols: list[Any]) -> str:
    """`table.col` or `table.(a, b)` for messages."""
    names = [str(c.name) for c in cols]
    inner = names[0] if len(names) == 1 else f"({', '.join(names)})"
    return f"{cols[0].table.name}.{inner}"


def _is_key(cols: list[Any]) -> bool:
    """True if `cols` are their table's primary key or unique (a column or an index)."""
    table = cols[0].table
    names = {str(c.name) for c in cols}
    if len(cols) == 1 and (
        cols[0].unique or (cols[0].pk and sum(c.pk for c in table.columns) == 1)
    ):
        return True
    if names == {str(c.name) for c in table.columns if c.pk}:
        return True
    for ix in table.indexes:
        subjects = {str(x.name) for x in ix.subjects if hasattr(x, "table")}
        if (ix.unique or ix.pk) and subjects == names and len(subjects) == len(ix.subjects):
            return True
    return False


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
    rows = text.splitlines()
    if "already" in message:  # a second declaration of the same name: point at it
        decl = re.compile(rf'^\s*(?:table|enum)\s+(?:(?:"[^"]+"|\w+)\.)?{_name_rx(name)}', re.I)
        seen = [n for n, row in enumerate(rows, 1) if decl.search(row)]
        return (seen[-1], 1) if seen else (0, 0)
    for n, row in enumerate(rows, 1):
        found = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", row)
        lower = row.lower()
        if found and (lower.lstrip().startswith("ref") or "ref:" in lower):
            return n, found.start() + 1
    return 0, 0
