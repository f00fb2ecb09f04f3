"""Import SQL DDL (PostgreSQL, MySQL/MariaDB, SQLite scripts and dumps) into the model."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.names import unique_index_names
from pydev_workflow.importers.sqlalchemy_meta import fold_names
from pydev_workflow.importers.sqlsplit import (
    Lines,
    Statement,
    matching_paren,
    split_statements,
    split_top,
    strip_comments,
)
from pydev_workflow.model import (
    Action,
    CheckConstraint,
    Default,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Generated,
    Index,
    IndexField,
    IndexMethod,
    Options,
    Partition,
    Partitioning,
    PartitionMethod,
    Schema,
    TypeKind,
    UniqueConstraint,
)

if TYPE_CHECKING:
    from sqlglot import exp

#: our dialect names -> sqlglot's
SQLGLOT_DIALECTS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
}

_NAME = r'(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)'
_QNAME = rf"{_NAME}(?:\s*\.\s*{_NAME}){{0,2}}"
_CREATE_TABLE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?"
    rf"TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?({_QNAME})\s*",
    re.I,
)
_PARTITION_OF = re.compile(rf"PARTITION\s+OF\s+({_QNAME})\s*(.*)$", re.I | re.S)
_PARTITION_BY = re.compile(r"PARTITION\s+BY\s+(RANGE|LIST|HASH)\s*\(", re.I)
_CREATE_INDEX = re.compile(
    r"CREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?:({_QNAME})\s+)?ON\s+(?:ONLY\s+)?({_QNAME})\s*(?:USING\s+(\w+)\s*)?\(",
    re.I,
)
_ALTER_TABLE = re.compile(
    rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?({_QNAME})\s*(.*)$", re.I | re.S
)
_CREATE_ENUM = re.compile(rf"CREATE\s+TYPE\s+({_QNAME})\s+AS\s+ENUM\s*\((.*)\)\s*$", re.I | re.S)
_CREATE_DOMAIN = re.compile(rf"CREATE\s+DOMAIN\s+({_QNAME})\s+(?:AS\s+)?(.*)$", re.I | re.S)
_COMMENT_ON = re.compile(
    rf"COMMENT\s+ON\s+(TABLE|COLUMN)\s+({_QNAME})\s+IS\s+(NULL|E?'(?:[^']|'')*')\s*$", re.I | re.S
)
_SEQUENCE = re.compile(r"(CREATE|ALTER)\s+SEQUENCE\b", re.I)
_GENERATED_KIND = re.compile(
    r"(GENERATED\s+ALWAYS\s+AS\s*\(.*\))\s*(?:STORED|VIRTUAL)\b", re.I | re.S
)
_DEFERRABLE = re.compile(
    r"\b(?:NOT\s+)?DEFERRABLE\b|\bINITIALLY\s+(?:DEFERRED|IMMEDIATE)\b|\bNOT\s+VALID\b", re.I
)
_COL_TYPE = re.compile(
    rf"^(\s*{_NAME}\s+)([A-Za-z_]\w*(?:\s+(?!(?:NOT|NULL|DEFAULT|PRIMARY|UNIQUE|CHECK|"
    r"REFERENCES|CONSTRAINT|COLLATE|GENERATED|AUTOINCREMENT|AUTO_INCREMENT)\b)[A-Za-z_]\w*)*)"
    r"(?=[\s(\[]|$)",
    re.S | re.I,
)
_CONSTRAINT_HEAD = re.compile(
    r"\s*(?:CONSTRAINT\b|PRIMARY\s+KEY\b|UNIQUE\b|CHECK\b|FOREIGN\s+KEY\b|EXCLUDE\b|LIKE\b|"
    r"(?:FULLTEXT|SPATIAL)\s+(?:KEY|INDEX)\b|(?:KEY|INDEX)\b)",
    re.I,
)
_INDEX_METHODS = {m.value: m for m in IndexMethod}

#: MySQL table options (after the closing parenthesis): name = value
_TABLE_OPTION = re.compile(
    r"(DEFAULT\s+)?(CHARACTER\s+SET|CHARSET|COLLATE|ENGINE|COMMENT|ROW_FORMAT|AUTO_INCREMENT|"
    r"KEY_BLOCK_SIZE|STATS_PERSISTENT|STATS_AUTO_RECALC|PACK_KEYS|CHECKSUM|"
    r"DELAY_KEY_WRITE|AVG_ROW_LENGTH|MAX_ROWS|MIN_ROWS|INSERT_METHOD|COMPRESSION|ENCRYPTION)"
    r"\s*=?\s*('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[\w.]+)",
    re.I,
)

#: statement kinds that are not modelled, by leading keywords (checked in order)
_UNSUPPORTED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), k)
    for p, k in (
        (
            r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?"
            r"(?:ALGORITHM\s*=\s*\w+\s+)?(?:TEMP\w*\s+)?(?:RECURSIVE\s+)?VIEW\b",
            "views",
        ),
        (r"CREATE\s+MATERIALIZED\s+VIEW\b", "materialized views"),
        (r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?FUNCTION\b", "functions"),
        (r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?PROCEDURE\b", "procedures"),
        (
            r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(?:DEFINER\s*=\s*\S+\s+)?"
            r"(?:TEMP\w*\s+)?TRIGGER\b",
            "triggers",
        ),
        (r"CREATE\s+(?:OR\s+REPLACE\s+)?AGGREGATE\b", "aggregates"),
        (r"CREATE\s+(?:OR\s+REPLACE\s+)?RULE\b", "rules"),
        (r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:PROCEDURAL\s+)?(?:TRUSTED\s+)?LANGUAGE\b", "languages"),
        (r"CREATE\s+EXTENSION\b", "extensions"),
        (r"CREATE\s+(?:SCHEMA|DATABASE)\b", "schemas/databases"),
        (r"CREATE\s+COLLATION\b", "collations"),
        (r"CREATE\s+TEXT\s+SEARCH\b|ALTER\s+TEXT\s+SEARCH\b", "text search configurations"),
        (r"CREATE\s+TYPE\b", "composite/other types"),
        (r"(?:GRANT|REVOKE)\b", "grants"),
        (r"(?:SET|RESET)\b|SELECT\s+pg_catalog\.set_config\b", "session settings (SET)"),
        (r"SELECT\b|WITH\b", "queries"),
        (r"(?:INSERT|UPDATE|DELETE|COPY|REPLACE)\b", "data statements"),
        (r"(?:BEGIN|COMMIT|START\s+TRANSACTION|ROLLBACK|END)\b", "transaction control"),
        (r"DROP\b", "drops"),
        (r"USE\b|PRAGMA\b|ANALYZE\b|VACUUM\b|LOCK\b", "engine commands"),
        (r"ALTER\s+(?:FUNCTION|PROCEDURE|AGGREGATE)\b", "functions"),
        (
            r"ALTER\s+(?:SCHEMA|DATABASE|DOMAIN|TYPE|VIEW|MATERIALIZED\s+VIEW|EXTENSION|"
            r"COLLATION|(?:PROCEDURAL\s+)?LANGUAGE|TRIGGER|SEQUENCE)\b",
            "ownership and other ALTERs",
        ),
        (r"ALTER\s+INDEX\b", "index partitions and other ALTER INDEX"),
        (r"COMMENT\s+ON\b", "comments on other objects"),
    )
)


@dataclass
class _Col:
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
class _Table:
    schema: str | None
    name: str
    loc: Loc
    columns: dict[str, _Col] = field(default_factory=dict)
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

    def col(self, name: str) -> _Col | None:
        got = self.columns.get(name)
        if got is None:
            lowered = name.lower()
            got = next((c for c in self.columns.values() if c.name.lower() == lowered), None)
        return got


class _Importer:
    """State of one import: tables by key, enums, domains, and what was not carried over."""

    def __init__(self, dialect: str, strict: bool):
        import sqlglot

        self.sqlglot = sqlglot
        self.dialect = dialect
        self.engine = adapter_for(dialect)
        #: the engine key of `options:` maps for what this source writes
        self.option_key = self.engine.option_key or self.engine.name
        #: the schema an unqualified name lands in, dropped from Entity.schema
        self.default_schema = self.engine.default_schema
        self.read = SQLGLOT_DIALECTS[dialect]
        self.strict = strict
        self.tables: dict[tuple[str, str], _Table] = {}
        self.enums: dict[str, tuple[str, tuple[str, ...]]] = {}  # key -> (name, values)
        self.domains: dict[str, FieldType] = {}
        self.counts: Counter[str] = Counter()
        self.unsupported: list[str] = []
        self.assumptions: list[str] = []
        self.problems: list[Problem] = []
        self.pending: list[tuple[Statement, str]] = []  # ALTERs naming tables not yet created
        self.functions: dict[str, tuple[str, Loc]] = {}  # CREATE FUNCTION: key -> (name, loc)
        self.collations: set[str] = set()  # CREATE COLLATION names (not carried)
        self.last_sequence: str | None = None  # the sequence of the last nextval() default

    def text(self, node: Any) -> str:
        """SQL text of a sqlglot node in the source dialect, function names as written."""
        return str(node.sql(self.read, normalize_functions=False))

    # -- names ---------------------------------------------------------------------------------
    def unquote(self, name: str) -> str:
        name = name.strip()
        if name[:1] == '"' and name[-1:] == '"':
            return name[1:-1].replace('""', '"')
        if name[:1] in "`[" and name[-1:] in "`]":
            return name[1:-1]
        # PostgreSQL folds unquoted names to lower case
        return name.lower() if self.engine.folds_to_lower else name

    def qname(self, text: str) -> tuple[str | None, str]:
        parts = [self.unquote(p) for _, p in split_top(text.strip(), ".")]
        schema = parts[-2] if len(parts) >= 2 else None
        if schema is not None and schema == self.default_schema:
            schema = None
        return schema, parts[-1]

    def table(self, schema: str | None, name: str) -> _Table | None:
        got = self.tables.get(((schema or "").lower(), name.lower()))
        if got is None and schema is None:
            hits = [t for (s, n), t in self.tables.items() if n == name.lower()]
            got = hits[0] if len(hits) == 1 else None
        return got

    # -- reporting -----------------------------------------------------------------------------
    def keep_sequence(self, t: _Table, c: _Col) -> None:
        """The sequence of a nextval() default, kept when it is not the engine's own name."""
        seq = self.last_sequence
        if not seq:
            return
        bare = self.qname(seq)[1]
        if bare.lower() != f"{t.name}_{c.name}_seq".lower():
            c.sequence = bare  # applications call nextval('users_seq'): the name matters

    def known_collation(self, name: str) -> bool:
        """True for a collation every server of the engine has (PostgreSQL: C, POSIX, …)."""
        return self.engine.builtin_collation(name)

    def skip(self, st: Statement, kind: str, why: str = "not modelled") -> None:
        if kind == "collations":
            m = re.match(
                rf"\s*CREATE\s+COLLATION\s+(?:IF\s+NOT\s+EXISTS\s+)?({_QNAME})", st.text, re.I
            )
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
        problem = Problem(loc, message, hint, code="sql-parse")
        if self.strict:
            raise InputError(problem)
        self.problems.append(problem)
        self.counts["statements that did not parse"] += 1
        self.unsupported.append(f"{loc}: {message}")

    # -- dispatch ------------------------------------------------------------------------------
    def statement(self, st: Statement) -> None:
        if st.meta:
            self.counts["client meta-commands"] += 1
            return
        text = strip_comments(st.text, hash_comments=self.engine.hash_comments)
        body = text.lstrip()
        if not body:
            return
        if _CREATE_TABLE.match(body):
            self.create_table(st, text)
        elif _CREATE_INDEX.match(body):
            self.create_index(st, text)
        elif _ALTER_TABLE.match(body):
            self.alter_table(st, text)
        elif _CREATE_ENUM.match(body):
            self.create_enum(st, body)
        elif _CREATE_DOMAIN.match(body):
            self.create_domain(st, body)
        elif _COMMENT_ON.match(body):
            self.comment_on(st, body)
        elif _SEQUENCE.match(body):
            # sequences back serial/identity columns, which the model records as `identity`
            self.counts["sequences (as identity)"] += 1
        else:
            for pattern, kind in _UNSUPPORTED:
                if pattern.match(body):
                    self.skip(st, kind)
                    return
            self.skip(st, "other statements", "not recognised")

    # -- CREATE TABLE --------------------------------------------------------------------------
    def create_table(self, st: Statement, text: str) -> None:
        lead = len(text) - len(text.lstrip())
        m = _CREATE_TABLE.match(text, lead)
        assert m is not None
        schema, name = self.qname(m.group(1))
        rest = text[m.end() :]
        t = _Table(schema, name, st.loc)
        of = _PARTITION_OF.match(rest)
        if of:
            pschema, pname = self.qname(of.group(1))
            t.partition_of = (pschema, pname, " ".join(of.group(2).split()))
            self.tables[((schema or "").lower(), name.lower())] = t
            return
        if not rest.startswith("("):
            self.skip(st, "tables created AS SELECT / LIKE", "no column list")
            return
        close = matching_paren(text, m.end())
        if close < 0:
            self.fail(st.loc, f"CREATE TABLE {name}: unbalanced parentheses")
            return
        body_at = m.end() + 1
        elements = [
            (body_at + off, part) for off, part in split_top(text[body_at:close]) if part.strip()
        ]
        lines = Lines(st.text)
        self.elements(st, t, elements, lines)
        self.table_tail(st, t, text[close + 1 :])
        self.tables[((schema or "").lower(), name.lower())] = t

    def parse_elements(self, parts: list[str]) -> list[Any] | None:
        """Parse table elements with sqlglot in one go; None when any of them fails."""
        sql = "CREATE TABLE _t (" + ", ".join(parts) + ")"
        try:
            tree = self.sqlglot.parse_one(sql, read=self.read)
        except Exception:  # noqa: BLE001 - sqlglot raises several error types; fall back
            return None
        exprs = list(tree.this.expressions) if tree is not None and tree.this else []
        return exprs if len(exprs) == len(parts) else None

    def elements(
        self, st: Statement, t: _Table, elements: list[tuple[int, str]], lines: Lines
    ) -> None:
        cleaned = [
            _GENERATED_KIND.sub(r"\1", _DEFERRABLE.sub(" ", part)).strip() for _, part in elements
        ]
        parsed = self.parse_elements(cleaned)
        if parsed is None:  # one element at a time, so one bad element costs only itself
            parsed = []
            for (off, raw), part in zip(elements, cleaned, strict=True):
                got = self.parse_elements([part])
                if got is None and not _CONSTRAINT_HEAD.match(part):
                    # a type name sqlglot treats as a keyword (`cube`): read it as a name; SQLite
                    # takes any words as a type and keeps their affinity (datatype3.html, 3.1)
                    def as_name(m: re.Match[str]) -> str:
                        if self.engine.type_affinity:
                            return m.group(1) + _sqlite_affinity_word(m.group(2))
                        return f'{m.group(1)}"{m.group(2)}"'

                    quoted = _COL_TYPE.sub(as_name, part, count=1)
                    got = self.parse_elements([quoted])
                if got is None:
                    line, col = lines.at(off + len(raw) - len(raw.lstrip()))
                    loc = _shift(st.loc, line, col)
                    self.fail(loc, f"cannot read `{' '.join(part.split())[:60]}` in {t.name}")
                    parsed.append(None)
                else:
                    parsed.append(got[0])
        for (off, raw), node in zip(elements, parsed, strict=True):
            if node is None:
                continue
            line, col = lines.at(off + len(raw) - len(raw.lstrip()))
            self.element(st, t, node, _shift(st.loc, line, col))

    def element(self, st: Statement, t: _Table, node: Any, loc: Loc) -> None:
        from sqlglot import exp

        if isinstance(node, exp.ColumnDef):
            self.column(st, t, node, loc)
        elif isinstance(node, exp.Constraint):
            cname = self.ident(node.this)
            for inner in node.expressions:
                self.table_constraint(st, t, inner, cname, loc)
        else:
            self.table_constraint(st, t, node, None, loc)

    def ident(self, node: Any) -> str:
        from sqlglot import exp

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

    def column(self, st: Statement, t: _Table, node: exp.ColumnDef, loc: Loc) -> None:
        from sqlglot import exp

        name = self.ident(node.this)
        dt = node.args.get("kind")
        ftype, identity = self.field_type(dt, f"{t.name}.{name}", st)
        c = _Col(name, ftype, identity=identity, loc=loc)
        national = self.engine.national_charset
        if national is not None and dt is not None and dt.this in _NATIONAL:
            # NATIONAL CHAR/VARCHAR are utf8mb3 (https://dev.mysql.com/doc/refman/8.0/en/charset-national.html)
            c.options.setdefault(self.option_key, {})["charset"] = national
        for cons in node.args.get("constraints") or []:
            kind = cons.args.get("kind")
            cname = self.ident(cons.this) if cons.this else None
            if isinstance(kind, exp.NotNullColumnConstraint):
                c.nullable = bool(kind.args.get("allow_null"))
            elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
                t.pk = (name,)
            elif isinstance(kind, exp.UniqueColumnConstraint):
                if cname:
                    t.uniques.append(UniqueConstraint((name,), cname, loc))
                else:
                    c.unique = True
            elif isinstance(kind, exp.DefaultColumnConstraint):
                c.default, seq = self.default(kind.this)
                c.identity = c.identity or seq
                if seq:
                    self.keep_sequence(t, c)
            elif isinstance(kind, exp.CheckColumnConstraint):
                expr = self.text(kind.this)
                if cname:
                    t.checks.append(CheckConstraint(expr, cname, loc))
                else:
                    c.check = expr
            elif isinstance(kind, exp.Reference):
                self.reference(t, (name,), kind, cname, loc)
            elif isinstance(kind, exp.ComputedColumnConstraint) or (
                isinstance(kind, exp.GeneratedAsIdentityColumnConstraint)
                and kind.args.get("expression") is not None
            ):
                expr = kind.args.get("expression") or kind.this
                while isinstance(expr, exp.Paren):
                    expr = expr.this
                stored = bool(kind.args.get("persisted")) or not isinstance(
                    kind, exp.ComputedColumnConstraint
                )
                c.generated = Generated(self.text(expr), stored)
            elif isinstance(
                kind,
                exp.AutoIncrementColumnConstraint | exp.GeneratedAsIdentityColumnConstraint,
            ):
                c.identity = True
                if self.engine.autoincrement_keyword and isinstance(
                    kind, exp.AutoIncrementColumnConstraint
                ):
                    # ids are never reused (https://www.sqlite.org/autoinc.html)
                    c.options.setdefault(self.option_key, {})["autoincrement"] = "true"
            elif isinstance(kind, exp.CommentColumnConstraint):
                c.description = str(kind.this.this) if kind.this else ""
            elif isinstance(kind, exp.CollateColumnConstraint):
                c.collation = self.ident(kind.this).strip("'\"")
            elif isinstance(kind, exp.CharacterSetColumnConstraint):
                charset = self.text(kind.this).strip("'\"`")
                c.options.setdefault(self.option_key, {})["charset"] = charset
            elif (
                isinstance(kind, exp.OnUpdateColumnConstraint)
                and isinstance(kind.this, exp.CurrentTimestamp)
                or (
                    isinstance(kind, exp.OnUpdateColumnConstraint)
                    and self.text(kind.this).lower().rstrip("()") in ("now", "current_timestamp")
                )
            ):
                c.auto_update = True
            else:
                what = self.text(kind) if kind is not None else self.text(cons)
                self.counts["column options"] += 1
                self.unsupported.append(
                    f"{loc}: {t.name}.{name} {what[:60]} (column options: not modelled)"
                )
        if c.identity and c.default is not None and c.default.kind is DefaultKind.SQL:
            c.default = None
        t.columns[name] = c

    def table_constraint(
        self, st: Statement, t: _Table, node: Any, cname: str | None, loc: Loc
    ) -> None:
        from sqlglot import exp

        if isinstance(node, exp.PrimaryKey | exp.PrimaryKeyColumnConstraint):
            t.pk = tuple(self.ident(e) for e in node.expressions)
            t.pk_name = cname or None
        elif isinstance(node, exp.ForeignKey):
            fields = tuple(self.ident(e) for e in node.expressions)
            ref = node.args.get("reference")
            if ref is not None:
                self.reference(t, fields, ref, cname, loc)
        elif isinstance(node, exp.UniqueColumnConstraint):
            target = node.this
            cols = tuple(self.ident(e) for e in (target.expressions if target else []))
            name = cname or (self.ident(target.this) if target and target.this else None)
            if not cols:
                return
            if len(cols) == 1 and not name and t.col(cols[0]) is not None:
                col = t.col(cols[0])
                assert col is not None
                col.unique = True
            else:
                t.uniques.append(UniqueConstraint(cols, name, loc))
        elif isinstance(node, exp.CheckColumnConstraint):
            t.checks.append(CheckConstraint(self.text(node.this), cname, loc))
        elif isinstance(node, exp.IndexColumnConstraint):
            kind = str(node.args.get("kind") or "").upper()
            method = {"FULLTEXT": IndexMethod.FULLTEXT, "SPATIAL": IndexMethod.SPATIAL}.get(
                kind, IndexMethod.BTREE
            )
            keys = tuple(self.index_key(self.text(e)) for e in node.expressions)
            name = self.ident(node.this) or f"idx_{t.name}_{'_'.join(k.name for k in keys)}"
            t.indexes.append(Index(name, keys, method, unique=kind == "UNIQUE", loc=loc))
        else:
            self.skip(Statement(self.text(node), loc), "table constraints (other)", "not modelled")

    def reference(
        self, t: _Table, fields: tuple[str, ...], ref: Any, cname: str | None, loc: Loc
    ) -> None:
        target = ref.this  # Schema(this=Table, expressions=[cols])
        table = target.this if hasattr(target, "this") else target
        rschema = self.ident(table.args.get("db")) if table.args.get("db") else None
        if rschema == self.default_schema:
            rschema = None
        rname = self.ident(table)
        rcols = tuple(self.ident(e) for e in getattr(target, "expressions", []) or [])
        on_delete = on_update = None
        for opt in ref.args.get("options") or []:
            text = " ".join(str(opt).upper().split())
            for prefix in ("ON DELETE ", "ON UPDATE "):
                if text.startswith(prefix):
                    action = _ACTIONS.get(text[len(prefix) :])
                    if prefix == "ON DELETE ":
                        on_delete = action
                    else:
                        on_update = action
        fk = ForeignKey(fields, rname, rcols, on_delete, on_update, cname, loc)
        t.fks.append((fk, rschema, rname))

    def table_tail(self, st: Statement, t: _Table, tail: str) -> None:
        m = _PARTITION_BY.search(tail)
        if m:
            close = matching_paren(tail, m.end() - 1)
            keys = tuple(self.unquote(p) for _, p in split_top(tail[m.end() : close]) if p.strip())
            t.partition_by = (PartitionMethod(m.group(1).lower()), keys)
        if re.search(r"\bINHERITS\s*\(", tail, re.I):
            self.counts["table inheritance"] += 1
            self.unsupported.append(f"{st.loc}: {t.name} INHERITS (…) (not modelled)")
        if self.engine.table_options:
            cut = _PARTITION_BY.search(tail)
            for om in _TABLE_OPTION.finditer(tail[: cut.start()] if cut else tail):
                key = "_".join(om.group(2).lower().split())
                raw = om.group(3)
                value = raw[1:-1].replace(raw[0] * 2, raw[0]) if raw[0] in "'\"" else raw
                if key == "comment":
                    t.description = value
                elif key == "auto_increment":  # the next id: data, not schema
                    self.counts["AUTO_INCREMENT= start values (data, not kept)"] += 1
                else:
                    key = {"character_set": "charset"}.get(key, key)
                    t.options.setdefault(self.option_key, {})[key] = value

    # -- types and defaults --------------------------------------------------------------------
    def field_type(self, dt: Any, where: str, st: Statement) -> tuple[FieldType, bool]:
        """The portable type of a sqlglot DataType and whether it is serial (identity)."""
        from sqlglot import exp

        if dt is None:  # SQLite allows columns without a type
            return FieldType(TypeKind.TEXT), False
        T = exp.DataType.Type
        kind = dt.this
        params = [p.this if isinstance(p, exp.DataTypeParam) else p for p in dt.expressions]
        nums = [int(p.this) for p in params if isinstance(p, exp.Literal) and not p.is_string]
        if kind in _SERIAL:
            return FieldType(_SERIAL[kind]), True
        if kind is T.TINYINT and nums == [1] and self.engine.tinyint1_boolean:
            return FieldType(TypeKind.BOOLEAN), False  # MySQL's BOOLEAN is TINYINT(1)
        if kind in _UNSIGNED:
            base, _ = self.field_type(exp.DataType(this=_UNSIGNED[kind], expressions=[]), where, st)
            if kind is T.UDECIMAL:
                base = FieldType(
                    TypeKind.DECIMAL,
                    precision=nums[0] if nums else None,
                    scale=nums[1] if len(nums) > 1 else None,
                )
            return replace(base, unsigned=True), False
        if kind in _SIZES:
            kname, size = _SIZES[kind]
            return FieldType(kname, size=size), False
        if kind is T.BINARY and self.engine.fixed_binary:
            return FieldType(TypeKind.BINARY, length=nums[0] if nums else 1), False
        if kind is T.VARBINARY:
            return FieldType(TypeKind.BYTES, length=nums[0] if nums else None), False
        if kind is T.TINYINT and self.engine.tinyint:
            return FieldType(TypeKind.TINYINT), False
        if kind is T.YEAR:
            return _native("year"), False
        if kind in _SIMPLE:
            return FieldType(_SIMPLE[kind]), False
        if kind in (T.VARCHAR, T.NVARCHAR):
            return FieldType(TypeKind.STRING, length=nums[0] if nums else None), False
        if kind in (T.CHAR, T.NCHAR):
            return FieldType(TypeKind.CHAR, length=nums[0] if nums else None), False
        if kind is T.BPCHAR and nums:
            # PostgreSQL's internal name of CHAR(n); a bare bpchar has no length limit
            return FieldType(TypeKind.CHAR, length=nums[0]), False
        if kind in (T.DECIMAL, T.UDECIMAL, T.BIGDECIMAL):
            precision = nums[0] if nums else None
            scale = nums[1] if len(nums) > 1 else None
            return FieldType(TypeKind.DECIMAL, precision=precision, scale=scale), False
        if kind is T.FLOAT:
            bits = nums[0] if nums else None
            if self.read == "postgres":
                return FieldType(TypeKind.FLOAT, length=24 if bits is None else bits), False
            return FieldType(TypeKind.FLOAT, length=24), False
        fsp = nums[0] if nums else None  # fractional seconds
        if kind in (T.TIMESTAMP, T.DATETIME, T.DATETIME64, T.TIMESTAMPNTZ):
            return FieldType(TypeKind.TIMESTAMP, precision=fsp), False
        if kind in (T.TIMESTAMPTZ, T.TIMESTAMPLTZ):
            # MySQL's TIMESTAMP is stored in UTC and shown in the session's zone: an instant
            return FieldType(TypeKind.TIMESTAMP, timezone=True, precision=fsp), False
        if kind is T.TIMETZ:
            return FieldType(TypeKind.TIME, timezone=True, precision=fsp), False
        if kind is T.TIME and fsp is not None:
            return FieldType(TypeKind.TIME, precision=fsp), False
        if kind is T.ENUM:
            values = tuple(str(p.this) for p in params if isinstance(p, exp.Literal))
            if values and len(set(values)) == len(values):
                return FieldType(TypeKind.ENUM, values=values), False
        if kind is T.ARRAY and dt.expressions:
            item, _ = self.field_type(dt.expressions[0], where, st)
            return FieldType(TypeKind.ARRAY, item=item), False
        if kind is T.USERDEFINED:
            udt = dt.args.get("kind")
            raw = self.text(udt) if udt is not None else self.text(dt)
            schema, name = self.qname(raw)
            key = f"{schema or ''}.{name}".lower()
            if key in self.enums:
                ename, values = self.enums[key]
                return FieldType(TypeKind.ENUM, values=values, enum_name=ename), False
            if key in self.domains:
                return self.domains[key], False
            if self.engine.type_affinity:
                return _sqlite_affinity(name), False
            return _native(name), False
        return _native(self.text(dt)), False

    def default(self, node: Any) -> tuple[Default | None, bool]:
        """A column default and whether it is a sequence (serial) default."""
        from sqlglot import exp

        while isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.Cast) and isinstance(node.this, exp.Literal | exp.Neg):
            node = node.this  # pg_dump spells literals as 'x'::character varying
        if node is None or isinstance(node, exp.Null):
            return None, False
        if isinstance(node, exp.Literal):
            return Default(DefaultKind.LITERAL, str(node.this)), False
        if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal):
            return Default(DefaultKind.LITERAL, "-" + str(node.this.this)), False
        if isinstance(node, exp.Boolean):
            return Default(DefaultKind.LITERAL, "true" if node.this else "false"), False
        if isinstance(node, exp.CurrentTimestamp | exp.CurrentDate):
            if isinstance(node, exp.CurrentDate):
                return Default(DefaultKind.SQL, self.text(node)), False
            return Default(DefaultKind.NOW), False
        name = ""
        if isinstance(node, exp.Anonymous):
            name = str(node.this).lower()
        elif isinstance(node, exp.Func):
            name = node.sql_name().lower()
        if name == "nextval":
            args = list(node.expressions) if isinstance(node, exp.Anonymous) else [node.this]
            arg = args[0] if args else None
            while isinstance(arg, exp.Cast | exp.Paren):
                arg = arg.this
            self.last_sequence = str(arg.this) if isinstance(arg, exp.Literal) else None
            return None, True
        if name in ("now", "transaction_timestamp", "localtimestamp", "current_timestamp"):
            return Default(DefaultKind.NOW), False
        if name in ("gen_random_uuid", "uuid_generate_v4", "uuid", "uuidv4"):
            return Default(DefaultKind.UUID), False
        return Default(DefaultKind.SQL, self.text(node)), False

    def index_key(self, text: str) -> IndexField:
        """One index key: a (possibly quoted) column with ASC/DESC, or an expression."""
        raw = " ".join(text.split())
        descending = False
        raw = re.sub(r"\s+NULLS\s+(?:FIRST|LAST)$", "", raw, flags=re.I)
        if re.search(r"\s+DESC$", raw, re.I):
            descending, raw = True, raw[:-5].rstrip()
        elif re.search(r"\s+ASC$", raw, re.I):
            raw = raw[:-4].rstrip()
        m = re.fullmatch(
            rf"({_NAME})(?:\s*\(\s*(\d+)\s*\))?(?:\s+([\w.]+_ops|COLLATE\s+\S+))?", raw
        )
        if m:
            length = int(m.group(2)) if m.group(2) else None
            extra = m.group(3)
            opclass = extra if extra and not extra.upper().startswith("COLLATE") else None
            if extra and opclass is None:
                self.counts["index key collations (not kept)"] += 1
            return IndexField(self.unquote(m.group(1)), descending, length=length, opclass=opclass)
        if raw.startswith("(") and matching_paren(raw, 0) == len(raw) - 1:
            raw = raw[1:-1].strip()
        return IndexField(raw, descending, expression=True)

    # -- CREATE INDEX --------------------------------------------------------------------------
    def create_index(self, st: Statement, text: str) -> None:
        lead = len(text) - len(text.lstrip())
        m = _CREATE_INDEX.match(text, lead)
        assert m is not None
        schema, tname = self.qname(m.group(3))
        t = self.table(schema, tname)
        if t is None:
            self.skip(st, "indexes on views or unknown tables", f"no table {tname}")
            return
        close = matching_paren(text, m.end() - 1)
        if close < 0:
            self.fail(st.loc, "CREATE INDEX: unbalanced parentheses")
            return
        keys = tuple(self.index_key(p) for _, p in split_top(text[m.end() : close]) if p.strip())
        method_name = (m.group(4) or "btree").lower()
        kind_word = (m.group(1) or "").strip().lower()
        if kind_word in ("fulltext", "spatial"):
            method_name = kind_word
        method = _INDEX_METHODS.get(method_name)
        if method is None:  # e.g. pgvector's hnsw/ivfflat, spgist: a btree would misstate it
            self.skip(st, f"indexes using {method_name}", "index method not modelled")
            return
        tail = text[close + 1 :]
        where = None
        w = re.search(r"\bWHERE\b(.*)$", tail, re.I | re.S)
        if w:
            where = " ".join(w.group(1).split())
            if where.startswith("(") and matching_paren(where, 0) == len(where) - 1:
                where = where[1:-1].strip()
        name = self.qname(m.group(2))[1] if m.group(2) else ""
        if not name:
            parts = "_".join(k.name if not k.expression else "expr" for k in keys)
            name = f"{t.name}_{parts}_idx"
        unique = kind_word == "unique"
        t.indexes.append(Index(name, keys, method, unique, where, loc=st.loc))

    # -- ALTER TABLE ---------------------------------------------------------------------------
    def alter_table(self, st: Statement, text: str, retry: bool = False) -> None:
        lead = len(text) - len(text.lstrip())
        m = _ALTER_TABLE.match(text, lead)
        assert m is not None
        schema, tname = self.qname(m.group(1))
        if re.match(r"OWNER\s+TO\b", m.group(2), re.I):
            self.counts["ownership (OWNER TO)"] += 1  # also names sequences and views
            return
        t = self.table(schema, tname)
        if t is None:
            if not retry:
                self.pending.append((st, text))
            else:
                self.skip(st, "ALTER TABLE of unknown tables", f"no table {tname}")
            return
        lines = Lines(st.text)
        for off, action in split_top(text[m.start(2) :]):
            act = action.strip()
            if not act:
                continue
            at = m.start(2) + off + len(action) - len(action.lstrip())
            line, col = lines.at(at)
            self.alter_action(st, t, act, at, _shift(st.loc, line, col), lines)

    def alter_action(
        self, st: Statement, t: _Table, act: str, at: int, loc: Loc, lines: Lines
    ) -> None:
        upper = " ".join(act.upper().split())
        if upper.startswith("ADD "):
            rest = re.sub(r"^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?", "", act, flags=re.I)
            body = rest if _CONSTRAINT_HEAD.match(rest) or upper.startswith("ADD COLUMN") else rest
            self.elements(st, t, [(at + len(act) - len(body), body)], lines)
            return
        col_m = re.match(rf"ALTER\s+(?:COLUMN\s+)?({_NAME})\s+(.*)$", act, re.I | re.S)
        if col_m:
            c = t.col(self.unquote(col_m.group(1)))
            what = col_m.group(2).strip()
            wu = " ".join(what.upper().split())
            if c is not None and wu.startswith("SET DEFAULT"):
                try:
                    expr = self.sqlglot.parse_one(
                        "SELECT " + what[len("SET DEFAULT") :], read=self.read
                    )
                except Exception:  # noqa: BLE001 - any sqlglot error: report, continue
                    self.fail(loc, f"cannot read default `{what[:60]}`")
                    return
                c.default, seq = self.default(expr.expressions[0])
                c.identity = c.identity or seq
                if seq:
                    self.keep_sequence(t, c)
                return
            if c is not None and wu.startswith("ADD GENERATED") and "IDENTITY" in wu:
                c.identity = True
                return
            if c is not None and wu == "SET NOT NULL":
                c.nullable = False
                return
            if c is not None and wu == "DROP NOT NULL":
                c.nullable = True
                return
        if upper.startswith("OWNER TO"):
            self.counts["ownership (OWNER TO)"] += 1
            return
        att = re.match(rf"ATTACH\s+PARTITION\s+({_QNAME})\s+(.*)$", act, re.I | re.S)
        if att:
            pschema, pname = self.qname(att.group(1))
            part = self.table(pschema, pname)
            bound = " ".join(att.group(2).split())
            if part is not None:
                part.partition_of = (t.schema, t.name, bound)
            else:
                t.partitions.append(Partition(pname, bound))
            return
        self.skip(Statement(act, loc), "ALTER TABLE actions (other)")

    # -- types, domains, comments --------------------------------------------------------------
    def create_enum(self, st: Statement, body: str) -> None:
        m = _CREATE_ENUM.match(body)
        assert m is not None
        schema, name = self.qname(m.group(1))
        values = tuple(
            v.strip()[1:-1].replace("''", "'") for _, v in split_top(m.group(2)) if v.strip()
        )
        self.enums[f"{schema or ''}.{name}".lower()] = (name, values)
        if schema is None or f".{name}".lower() not in self.enums:
            self.enums[f".{name}".lower()] = (name, values)

    def create_domain(self, st: Statement, body: str) -> None:
        m = _CREATE_DOMAIN.match(body)
        assert m is not None
        schema, name = self.qname(m.group(1))
        rest = m.group(2)
        cut = re.search(r"\s(?:CONSTRAINT|CHECK|DEFAULT|NOT\s+NULL|NULL|COLLATE)\b", rest, re.I)
        type_text = rest[: cut.start()] if cut else rest
        try:
            tree = self.sqlglot.parse_one(f"CREATE TABLE _t (c {type_text})", read=self.read)
            dt = tree.this.expressions[0].args.get("kind")
        except Exception:  # noqa: BLE001 - report and continue
            self.fail(st.loc, f"cannot read domain {name} type `{type_text.strip()[:40]}`")
            return
        ftype, _ = self.field_type(dt, name, st)
        self.domains[f"{schema or ''}.{name}".lower()] = ftype
        self.domains.setdefault(f".{name}".lower(), ftype)
        self.counts["domains (as their base type)"] += 1
        self.assumptions.append(f"{st.loc}: domain {name} is read as its base type {ftype}")

    def comment_on(self, st: Statement, body: str) -> None:
        m = _COMMENT_ON.match(body)
        assert m is not None
        what, target, raw = m.group(1).upper(), m.group(2), m.group(3)
        text = "" if raw.upper() == "NULL" else raw[raw.index("'") + 1 : -1].replace("''", "'")
        parts = [self.unquote(p) for _, p in split_top(target, ".")]
        if what == "TABLE":
            schema = parts[-2] if len(parts) > 1 else None
            t = self.table(None if schema == self.default_schema else schema, parts[-1])
            if t is not None:
                t.description = text
                return
        else:
            schema = parts[-3] if len(parts) > 2 else None
            t = self.table(
                None if schema == self.default_schema else schema,
                parts[-2] if len(parts) > 1 else "",
            )
            c = t.col(parts[-1]) if t is not None else None
            if c is not None:
                c.description = text
                return
        self.skip(st, "comments on unknown objects")

    # -- the model -----------------------------------------------------------------------------
    def finish(self, project: str) -> Schema:
        for st, text in self.pending:
            self.alter_table(st, text, retry=True)
        self.pending = []
        # partitions fold into their parent: one entity with Partition entries
        for key, t in list(self.tables.items()):
            if t.partition_of is None:
                continue
            pschema, pname, bound = t.partition_of
            parent = self.table(pschema, pname)
            if parent is None:
                continue
            parent.partitions.append(Partition(t.name, bound))
            del self.tables[key]
            self.counts["partitions (folded into their table)"] += 1
            dropped = len(t.fks) + len(t.indexes) + len(t.uniques) + len(t.checks)
            if dropped:  # the parent declares what matters; per-partition copies go
                self.counts["keys and indexes of partitions (dropped with them)"] += dropped
                for ix in t.indexes:
                    self.unsupported.append(
                        f"{ix.loc}: index {ix.name} of partition {t.name} (keys and indexes "
                        "of a partition are not kept: the parent's apply to it)"
                    )
        names = _entity_names(self.tables.values())
        entities: list[Entity] = []
        for t in self.tables.values():
            entity = self.entity(t, names)
            if entity is not None:
                entities.append(drop_default_names(entity, self.dialect))
        entities = unique_index_names(entities, self.assumptions, located=True)
        return Schema(entities=tuple(entities), project=project, dialect=self.dialect)

    def entity(self, t: _Table, names: dict[int, str]) -> Entity | None:
        if not t.columns:
            self.counts["tables without columns"] += 1
            self.unsupported.append(f"{t.loc}: {t.name} has no columns (skipped)")
            return None
        pk_lower = {p.lower() for p in t.pk}
        for c in t.columns.values():
            if c.collation and not self.known_collation(c.collation):
                self.counts["column collations the source does not define (not kept)"] += 1
                self.unsupported.append(
                    f"{c.loc}: {t.name}.{c.name} COLLATE {c.collation} (a collation of the "
                    "database, not of this source: the default collation is used)"
                )
                c.collation = None
        fields = tuple(
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
        colnames = {c.name.lower(): c.name for c in t.columns.values()}

        def known(cols: Iterable[str], what: str, loc: Loc) -> tuple[str, ...] | None:
            out = []
            for c in cols:
                if c.lower() not in colnames:
                    self.counts[f"{what} naming unknown columns"] += 1
                    self.unsupported.append(f"{loc}: {what} names unknown column {t.name}.{c}")
                    return None
                out.append(colnames[c.lower()])
            return tuple(out)

        fks: list[ForeignKey] = []
        for fk, rschema, rname in t.fks:
            target = self.table(rschema, rname)
            cols = known(fk.fields, "foreign key", fk.loc)
            if target is None or cols is None:
                if target is None:
                    self.counts["foreign keys to unknown tables"] += 1
                    self.unsupported.append(f"{fk.loc}: {t.name} references unknown {rname}")
                continue
            tcols = {c.name.lower(): c.name for c in target.columns.values()}
            ref_fields = tuple(tcols.get(c.lower(), c) for c in fk.ref_fields) or target.pk
            fks.append(
                replace(fk, fields=cols, ref_entity=names[id(target)], ref_fields=ref_fields)
            )
        fks = spec_fk_order(fks, [c.name for c in t.columns.values()])
        pk = known(t.pk, "primary key", t.loc) or ()
        uniques = []
        for u in t.uniques:
            cols = known(u.fields, "unique constraint", u.loc)
            if cols is not None:
                uniques.append(replace(u, fields=cols))
        indexes = []
        for ix in t.indexes:
            plain = [k for k in ix.fields if not k.expression]
            if known([k.name for k in plain], "index", ix.loc) is None:
                continue
            indexes.append(
                replace(
                    ix,
                    fields=tuple(
                        k if k.expression else replace(k, name=colnames[k.name.lower()])
                        for k in ix.fields
                    ),
                )
            )
        partitioning = None
        if t.partition_by is not None:
            method, key = t.partition_by
            pkey = known(key, "partition key", t.loc)
            if pkey is not None:
                partitioning = Partitioning(method, pkey, partitions=tuple(t.partitions))
        return Entity(
            name=names[id(t)],
            table=t.name,
            fields=fields,
            primary_key=pk,
            foreign_keys=tuple(fks),
            uniques=tuple(uniques),
            checks=tuple(t.checks),
            indexes=tuple(indexes),
            description=t.description,
            partitioning=partitioning,
            schema=t.schema,
            loc=t.loc,
            primary_key_name=t.pk_name if pk else None,
            options=Options.make(t.options) if t.options else Options(),
        )


_ACTIONS = {a.value.upper(): a for a in Action}


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


def _enum_check(expression: str, column: str) -> tuple[str, ...] | None:
    """The values of `column IN ('a', 'b')` (SQLAlchemy's non-native enum CHECK), else None."""
    m = re.fullmatch(rf"\(?\s*({_NAME})\s+IN\s*\((.*)\)\s*\)?", expression.strip(), re.I | re.S)
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
    from pydev_workflow.checks.naming import fk_constraint_name

    fks = tuple(
        replace(fk, name=None) if _same_name(fk.name, fk_constraint_name(entity, fk.fields)) else fk
        for fk in entity.foreign_keys
    )
    fields = {f.name: f for f in entity.fields}
    enums_as_checks = adapter_for(dialect).enums_as_checks
    checks: list[CheckConstraint] = []
    for c in entity.checks:
        f = next(
            (f for f in fields.values() if _same_name(c.name, f"ck_{entity.table}_{f.name}")),
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


def _shift(base: Loc, line: int, col: int) -> Loc:
    """A location `line`/`col` inside a statement that starts at `base`."""
    return Loc(base.file, base.line + line - 1, col if line > 1 else base.col + col - 1)


def _native(text: str) -> FieldType:
    """The engine's own spelling, whole: `native(set('Trailers', 'Commentaries'))`."""
    return FieldType(TypeKind.NATIVE, native=fold_names(text))


def _sqlite_affinity_word(name: str) -> str:
    """The one-word type of a SQLite declared type's affinity (datatype3.html, 3.1)."""
    return {
        TypeKind.INTEGER: "INTEGER",
        TypeKind.TEXT: "TEXT",
        TypeKind.BYTES: "BLOB",
        TypeKind.FLOAT: "REAL",
    }.get(_sqlite_affinity(name).kind, "NUMERIC")


def _sqlite_affinity(name: str) -> FieldType:
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


def pascal_case(table: str) -> str:
    """`film_actor` -> `FilmActor`, `InvoiceLine` stays, `2fa codes` -> `T2faCodes`."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", table) if p]
    name = "".join(p[:1].upper() + p[1:] for p in parts) or "Table"
    return "T" + name if name[0].isdigit() else name


def _entity_names(tables: Iterable[_Table]) -> dict[int, str]:
    """Entity name per table: PascalCase of the table, qualified by schema only on a clash."""
    tables = list(tables)
    base = {id(t): pascal_case(t.name) for t in tables}
    clashes = Counter(n.lower() for n in base.values())
    out: dict[int, str] = {}
    taken: set[str] = set()
    for t in tables:
        name = base[id(t)]
        if clashes[name.lower()] > 1 and t.schema:
            name = pascal_case(f"{t.schema}_{t.name}")
        candidate, i = name, 2
        while candidate.lower() in taken:
            candidate, i = f"{name}{i}", i + 1
        taken.add(candidate.lower())
        out[id(t)] = candidate
    return out


def _type_tables() -> tuple[dict[Any, TypeKind], dict[Any, TypeKind]]:
    from sqlglot import exp

    T = exp.DataType.Type
    serial = {
        T.SERIAL: TypeKind.INTEGER,
        T.BIGSERIAL: TypeKind.BIGINT,
        T.SMALLSERIAL: TypeKind.SMALLINT,
    }
    simple = {
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
    return serial, simple


_SERIAL: dict[Any, TypeKind] = {}
_SIMPLE: dict[Any, TypeKind] = {}
_UNSIGNED: dict[Any, Any] = {}  # sqlglot's unsigned type -> its signed type
_NATIONAL: set[Any] = set()  # NVARCHAR, NCHAR
_SIZES: dict[Any, tuple[TypeKind, str]] = {}  # MEDIUMTEXT -> (text, medium), …


def _guess_dialect(text: str) -> str:
    if "`" in text or re.search(r"\bAUTO_INCREMENT\b|\bENGINE\s*=", text, re.I):
        return "mysql"
    if re.search(r"\bAUTOINCREMENT\b|CREATE\s+TABLE\s+\[", text, re.I):
        return "sqlite"
    return "postgresql"


def import_sql_text(
    sources: list[tuple[str, str]], options: ImportOptions, project: str = ""
) -> ImportResult:
    """Import SQL from (display name, text) pairs, read in order as one script."""
    if not _SIMPLE:
        serial, simple = _type_tables()
        _SERIAL.update(serial)
        _SIMPLE.update(simple)
        from sqlglot import exp

        T = exp.DataType.Type
        _NATIONAL.update({T.NVARCHAR, T.NCHAR})
        _UNSIGNED.update(
            {
                T.UINT: T.INT,
                T.UTINYINT: T.TINYINT,
                T.USMALLINT: T.SMALLINT,
                T.UMEDIUMINT: T.MEDIUMINT,
                T.UBIGINT: T.BIGINT,
                T.UDECIMAL: T.DECIMAL,
                T.UDOUBLE: T.DOUBLE,
            }
        )
        _SIZES.update(
            {
                T.TINYTEXT: (TypeKind.TEXT, "tiny"),
                T.MEDIUMTEXT: (TypeKind.TEXT, "medium"),
                T.LONGTEXT: (TypeKind.TEXT, "long"),
                T.TINYBLOB: (TypeKind.BYTES, "tiny"),
                T.MEDIUMBLOB: (TypeKind.BYTES, "medium"),
                T.LONGBLOB: (TypeKind.BYTES, "long"),
            }
        )
    from pydev_workflow.dialects import get_dialect

    assumptions: list[str] = []
    if options.dialect:
        dialect = get_dialect(options.dialect).name
    else:
        dialect = _guess_dialect("\n".join(text[:20000] for _, text in sources))
        assumptions.append(f"dialect not given: read as {dialect} (pass --dialect to choose)")
    imp = _Importer(dialect, options.strict)
    imp.assumptions.extend(assumptions)
    for name, text in sources:
        for st in split_statements(text, name, dialect):
            imp.statement(st)
    schema = imp.finish(project)
    if options.infer_relations:
        from pydev_workflow.importers.infer import infer_foreign_keys

        schema, inferred = infer_foreign_keys(schema)
        imp.assumptions.extend(inferred)
    from pydev_workflow.importers.infer import relationships

    schema = replace(schema, relationships=relationships(schema))
    from pydev_workflow.spec.resolve import resolve

    schema, problems = resolve(schema)
    if problems:  # a bug here, not bad input: the importer must produce a consistent model
        raise InputError(problems)
    # statements that did not parse matter most: list them first, then the functions the model
    # calls but does not carry (an engine without them rejects what calls them)
    failed = [u for u in imp.unsupported if ": cannot read" in u]
    rest = [u for u in imp.unsupported if ": cannot read" not in u]
    calls = called_functions(schema, dialect, imp.functions)
    return ImportResult(
        schema=schema,
        unsupported=tuple(failed + calls + rest),
        assumptions=tuple(imp.assumptions),
        counts=tuple(sorted(imp.counts.items())),
    )


_FUNCTION_NAME = re.compile(rf"\bFUNCTION\s+((?:{_NAME}\s*\.\s*)?{_NAME})\s*\(", re.I)
# words sqlglot may read as a call: `x <> ALL (ARRAY[…])`
_NOT_FUNCTIONS = frozenset({"all", "any", "some", "exists", "array", "row", "values", "in"})


def _expressions(e: Entity) -> Iterable[tuple[str, str]]:
    """(what, SQL text) of every expression of entity `e` an engine evaluates."""
    for f in e.fields:
        if f.check:
            yield f"CHECK of {e.table}.{f.name}", f.check
        if f.default is not None and f.default.kind is DefaultKind.SQL and f.default.value:
            yield f"default of {e.table}.{f.name}", f.default.value
    for c in e.checks:
        yield f"CHECK {c.name or ''} of {e.table}".replace("  ", " "), c.expression
    for ix in e.indexes:
        for k in ix.fields:
            if k.expression:
                yield f"index {ix.name} on {e.table}", k.name
        if ix.where:
            yield f"index {ix.name} on {e.table}", ix.where


def called_functions(
    schema: Schema,
    dialect: str,
    defined: dict[str, tuple[str, Loc]] | None = None,
    source: str = "",
) -> list[str]:
    """What the model calls but does not carry: one line per SQL function, naming its callers.

    A function is reported when the source defines it (CREATE FUNCTION, which is not
    modelled) or when sqlglot does not know it as a built-in (an extension's, a newer
    engine's, or one defined elsewhere). An engine without it rejects each table or index
    that calls it, so the line says which.

    Args:
        schema: the imported model.
        dialect: our dialect name of the source.
        defined: functions the source creates: lower-case (qualified) name -> (name, loc).
        source: the file named where an entity has no location of its own (DBML).
    """
    import sqlglot
    from sqlglot import exp

    read = SQLGLOT_DIALECTS.get(dialect, "postgres")
    defined = defined or {}
    by_short: dict[str, str] = {k.rsplit(".", 1)[-1]: k for k in defined}
    callers: dict[str, list[str]] = {}
    tables: dict[str, set[str]] = {}
    first: dict[str, Loc] = {}
    parsed: dict[str, list[str]] = {}
    for e in schema.entities:
        for what, text in _expressions(e):
            names = parsed.get(text)
            if names is None:
                try:
                    tree = sqlglot.parse_one("SELECT " + text, read=read)
                except Exception:  # noqa: BLE001 - an expression sqlglot cannot read: no calls
                    tree = None
                names = []
                for node in tree.find_all(exp.Anonymous) if tree is not None else ():
                    name = str(node.name)
                    parent = node.parent
                    if isinstance(parent, exp.Dot) and parent.expression is node:
                        name = f"{parent.this.name}.{name}"
                    names.append(name)
                parsed[text] = names
            for name in names:
                key = name.lower()
                if key.rsplit(".", 1)[-1] in _NOT_FUNCTIONS:
                    continue
                key = key if key in defined else by_short.get(key.rsplit(".", 1)[-1], key)
                if what not in callers.setdefault(key, []):
                    callers[key].append(what)
                tables.setdefault(key, set()).add(e.table)
                first.setdefault(key, e.loc if e.loc.file else Loc(source))
    out = []
    for key in sorted(callers):
        who = callers[key]
        shown = ", ".join(who[:3]) + (f", … ({len(who)} in all)" if len(who) > 3 else "")
        if key in defined:
            name, loc = defined[key]
            n, t = len(who), len(tables[key])
            out.append(
                f"{loc}: function {name} is not carried over (functions: not modelled), yet "
                f"{n} expression{'s' * (n != 1)} on {t} table{'s' * (t != 1)} "
                f"call{'s' * (n == 1)} it ({shown}): an engine without it rejects them; "
                "create it there first"
            )
        else:
            out.append(
                f"{first[key]}: function {key} is called ({shown}) but neither defined in the "
                "source nor a built-in sqlglot knows: the engine must provide it (an "
                "extension, a newer version, or a function created elsewhere)"
            )
    return out


def read_source(path: str) -> str:
    """The text of a source file, or an InputError saying why it cannot be read."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(Loc(path), "file not found")) from None
    except OSError as exc:
        raise InputError(Problem(Loc(path), f"cannot read: {exc.strerror}")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(Loc(path, line, 1), "not UTF-8 text")) from None


def import_sql(source: str, options: ImportOptions) -> ImportResult:
    """Import SQL DDL files: `source`, then `options.extra_sources`, read as one script.

    CREATE TABLE (every constraint form), CREATE TYPE … AS ENUM, CREATE DOMAIN (as the base
    type), CREATE INDEX, ALTER TABLE … ADD CONSTRAINT / SET DEFAULT / ATTACH PARTITION,
    COMMENT ON, PARTITION BY / PARTITION OF and serial/identity columns are modelled; other
    statements are counted and listed in the result.
    """
    paths = (source, *getattr(options, "extra_sources", ()))
    texts = [(p, read_source(p)) for p in paths]
    return import_sql_text(texts, options)
