"""The shared state of one SQL import: tables read so far, names, and what was not carried over."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import exp

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.sqlsplit import Statement, split_top
from pydev_workflow.model import (
    CheckConstraint,
    Default,
    FieldType,
    ForeignKey,
    Generated,
    Index,
    Partition,
    PartitionMethod,
    Sequence,
    UniqueConstraint,
)

#: our dialect names -> sqlglot's
SQLGLOT_DIALECTS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
}

#: one SQL name, quoted in any engine's way or bare; a bare name may hold any non-ASCII character,
#: as PostgreSQL's and MySQL's lexers allow (spelled as a negated ASCII class: a literal
#: `\u0080-\uffff` range costs 10-25 ms to compile in each of the 20 patterns built on it)
NAME = r'(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|(?:[A-Za-z_]|[^\x00-\x7f])(?:[\w$]|[^\x00-\x7f])*)'
#: a name qualified by up to two others (`db.schema.table`)
QNAME = rf"{NAME}(?:\s*\.\s*{NAME}){{0,2}}"

_FUNCTION_NAME = re.compile(rf"\bFUNCTION\s+((?:{NAME}\s*\.\s*)?{NAME})\s*\(", re.I)
_COLLATION_NAME = re.compile(rf"\s*CREATE\s+COLLATION\s+(?:IF\s+NOT\s+EXISTS\s+)?({QNAME})", re.I)


@dataclass
class Column:
    """A column as read so far (mutable: later statements add defaults, comments, …)."""

    name: str
    type: FieldType
    nullable: bool = True
    unique: bool = False
    default: Default | None = None
    check: str | None = None
    description: str = ""
    identity: bool = False
    loc: Loc = field(default_factory=Loc)
    collation: str | None = None
    generated: Generated | None = None
    auto_update: bool = False
    options: dict[str, dict[str, str]] = field(default_factory=dict)
    sequence: str | None = None


@dataclass
class Table:
    """A table as read so far; becomes an Entity when the whole script has been read."""

    schema: str | None
    name: str
    loc: Loc
    columns: dict[str, Column] = field(default_factory=dict)
    pk: tuple[str, ...] = ()
    fks: list[tuple[ForeignKey, str | None, str]] = field(default_factory=list)  # fk, ref schema
    uniques: list[UniqueConstraint] = field(default_factory=list)
    checks: list[CheckConstraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    description: str = ""
    partition_by: tuple[PartitionMethod, tuple[str, ...]] | None = None
    partitions: list[Partition] = field(default_factory=list)
    partition_of: tuple[str | None, str, str] | None = None  # parent schema, name, bound
    options: dict[str, dict[str, str]] = field(default_factory=dict)
    pk_name: str | None = None
    #: a key's explicit index method (MySQL `PRIMARY KEY USING HASH (…)`), checked against the
    #: table's engine once its options are read: (where, which key, method)
    key_methods: list[tuple[Loc, str, str]] = field(default_factory=list)
    replaces: bool = False  # CREATE OR REPLACE TABLE: replaces a table of its name

    def col(self, name: str) -> Column | None:
        """The column `name`, matched exactly, else without case."""
        got = self.columns.get(name)
        if got is None:
            lowered = name.lower()
            got = next((c for c in self.columns.values() if c.name.lower() == lowered), None)
        return got


class ImportState:
    """What one import has read so far, and the name and reporting helpers every handler uses.

    Statement handlers (sqlstatements.py) add to it in script order; sqlfinish.py turns it into
    the model once the whole script has been read.
    """

    def __init__(self, dialect: str, strict: bool):
        self.sqlglot = sqlglot
        self.dialect = dialect
        self.engine = adapter_for(dialect)
        #: the engine key of `options:` maps for what this source writes
        self.option_key = self.engine.option_key or self.engine.name
        #: the schema an unqualified name lands in, dropped from Entity.schema
        self.default_schema = self.engine.default_schema
        self.read = SQLGLOT_DIALECTS[dialect]
        # one sqlglot dialect, tokenizer and parser for the whole import: sqlglot.parse_one
        # builds all three again for each call (a tenth of a table's cost)
        self.glot = sqlglot.Dialect.get_or_raise(self.read)
        self._tokenizer = self.glot.tokenizer()
        self._parser = self.glot.parser()
        # and one generator: `node.sql(…)` looks the dialect up and builds a generator per call
        # (half the cost of writing a CHECK back); generate() resets its state on each call
        self._generator = self.glot.generator(normalize_functions=False)
        self.strict = strict
        self.tables: dict[tuple[str, str], Table] = {}
        self.enums: dict[str, tuple[str, tuple[str, ...]]] = {}  # key -> (name, values)
        self.domains: dict[str, FieldType] = {}
        #: standalone sequences (CREATE SEQUENCE), by lower-case (schema, name)
        self.sequences: dict[tuple[str, str], Sequence] = {}
        #: sequences a column owns (ALTER SEQUENCE … OWNED BY t.c): never standalone
        self.owned_sequences: set[tuple[str, str]] = set()
        #: options of a sequence the model has no place for: (where, what) by sequence key
        self.sequence_dropped: dict[tuple[str, str], list[tuple[Loc, str]]] = {}
        self.counts: Counter[str] = Counter()
        self.unsupported: list[str] = []
        self.assumptions: list[str] = []
        self.problems: list[Problem] = []
        self.pending: list[tuple[Statement, str]] = []  # ALTERs naming tables not yet created
        self.functions: dict[str, tuple[str, Loc]] = {}  # CREATE FUNCTION: key -> (name, loc)
        self.collations: set[str] = set()  # CREATE COLLATION names (not carried)
        self.last_sequence: str | None = None  # the sequence of the last nextval() default
        #: that nextval() named its sequence as text (`nextval('s'::text)`): found by name
        self.sequence_by_name = False
        #: every sequence a nextval() default names, lower-case (schema, name)
        self.nextval_sequences: set[tuple[str, str]] = set()

    def parse_one(self, sql: str) -> Any:
        """`sqlglot.parse_one(sql, read=…)` in the source dialect (sqlglot's errors if it fails)."""
        result = self._parser.parse(self._tokenizer.tokenize(sql), sql)
        if not result or result[0] is None:
            raise sqlglot.ParseError(f"No expression was parsed from '{sql}'")
        return exp.Block(expressions=result) if len(result) > 1 else result[0]

    def text(self, node: Any) -> str:
        """SQL text of a sqlglot node in the source dialect, function names as written."""
        return str(self._generator.generate(node, copy=True))

    # -- names ---------------------------------------------------------------------------------
    def unquote(self, name: str) -> str:
        """A name without its quotes; a bare name folded as the engine folds it."""
        name = name.strip()
        if name[:1] == '"' and name[-1:] == '"':
            return name[1:-1].replace('""', '"')
        if name[:1] in "`[" and name[-1:] in "`]":
            return name[1:-1]
        # PostgreSQL folds unquoted names to lower case
        return name.lower() if self.engine.folds_to_lower else name

    def qname(self, text: str) -> tuple[str | None, str]:
        """(schema, name) of a possibly qualified name; the default schema becomes None."""
        parts = [self.unquote(p) for _, p in split_top(text.strip(), ".")]
        schema = parts[-2] if len(parts) >= 2 else None
        if schema is not None and schema == self.default_schema:
            schema = None
        return schema, parts[-1]

    def ident(self, node: Any) -> str:
        """The name a sqlglot identifier (or column, table, …) stands for on the engine."""
        if node is None:
            return ""
        if isinstance(node, exp.Identifier):
            text = str(node.this)
            cut = self.engine.truncates_names_at  # PostgreSQL: NAMEDATALEN - 1
            if cut is not None:
                text = text[:cut]
            return text if node.quoted or not self.engine.folds_to_lower else text.lower()
        if isinstance(node, exp.Column | exp.Ordered):
            return self.ident(node.this)
        if isinstance(node, exp.Table | exp.Schema):
            return self.ident(node.this)
        return str(node.name if hasattr(node, "name") else node)

    def table(self, schema: str | None, name: str) -> Table | None:
        """The table read so far as (schema, name); an unqualified name matches one schema's."""
        got = self.tables.get(((schema or "").lower(), name.lower()))
        if got is None and schema is None:
            hits = [t for (s, n), t in self.tables.items() if n == name.lower()]
            got = hits[0] if len(hits) == 1 else None
        return got

    def add_table(self, t: Table) -> None:
        """A table a CREATE TABLE read, unless one of its name exists: the engine keeps that one.

        `CREATE TABLE` of an existing name fails (with IF NOT EXISTS it does nothing), so the
        first definition stands and the second is listed at its line; `CREATE OR REPLACE`
        (MariaDB) replaces it.
        """
        key = ((t.schema or "").lower(), t.name.lower())
        before = self.tables.get(key)
        if before is not None and not t.replaces:
            self.counts["second CREATE TABLE of a name (the first kept)"] += 1
            self.unsupported.append(
                f"{t.loc}: CREATE TABLE {t.name}: a table {t.name} exists (created at line "
                f"{before.loc.line}); the engine keeps that one: this definition is not read"
            )
            return
        self.tables[key] = t

    def keep_sequence(self, t: Table, c: Column) -> None:
        """The sequence of a nextval() default, kept when it is not the engine's own name."""
        seq = self.last_sequence
        if not seq:
            return
        schema, bare = self.qname(seq)
        self.nextval_sequences.add(((schema or "").lower(), bare.lower()))
        if self.sequence_by_name:
            self.assumptions.append(
                f"{c.loc}: {t.name}.{c.name} DEFAULT nextval('{seq}'::text) looks its sequence up "
                f"by name on every call: read as the column's sequence {bare}, written bound to "
                f"it (nextval('{bare}'::regclass))"
            )
        if bare.lower() != f"{t.name}_{c.name}_seq".lower():
            c.sequence = bare  # applications call nextval('users_seq'): the name matters

    def known_collation(self, name: str) -> bool:
        """True for a collation every server of the engine has (PostgreSQL: C, POSIX, …)."""
        return self.engine.builtin_collation(name)

    # -- reporting -----------------------------------------------------------------------------
    def skip(self, st: Statement, kind: str, why: str = "not modelled") -> None:
        """Count a statement the model does not carry and list it at its line."""
        if kind == "collations":
            m = _COLLATION_NAME.match(st.text)
            if m:
                self.collations.add(self.qname(m.group(1))[1].lower())
        if kind == "functions":
            m = _FUNCTION_NAME.search(st.text)
            if m:
                name = ".".join(self.unquote(p) for p in m.group(1).split("."))
                self.functions.setdefault(name.lower(), (name, st.loc))
        self.counts[kind] += 1
        first = " ".join(st.text.split())[:70]
        self.unsupported.append(f"{st.loc}: {first} ({kind}: {why})")

    def fail(self, loc: Loc, message: str, hint: str = "") -> None:
        """A statement that does not parse: stop (--strict) or count and list it."""
        problem = Problem(loc, message, hint, code="sql-parse")
        if self.strict:
            raise InputError(problem)
        self.problems.append(problem)
        self.counts["statements that did not parse"] += 1
        self.unsupported.append(f"{loc}: {message}")


def shift(base: Loc, line: int, col: int) -> Loc:
    """A location `line`/`col` inside a statement that starts at `base`."""
    return Loc(base.file, base.line + line - 1, col if line > 1 else base.col + col - 1)
