"""CREATE TABLE: a table's columns, constraints, partitioning and options (also ALTER … ADD)."""

from __future__ import annotations

import re
from typing import Any

from sqlglot import exp

from pydev_workflow.ddlnames import generated_name
from pydev_workflow.dialects.mysql import CARRIED_TABLE_OPTIONS
from pydev_workflow.errors import Loc
from pydev_workflow.importers.base import JSON_AS_JSONB
from pydev_workflow.importers.sqlsplit import Lines, Statement, matching_paren, split_top
from pydev_workflow.importers.sqlstate import NAME, QNAME, Column, ImportState, Table, shift
from pydev_workflow.importers.sqltypes import (
    NATIONAL,
    default,
    field_type,
    index_key,
    sqlite_affinity_word,
)
from pydev_workflow.model import (
    Action,
    CheckConstraint,
    DefaultKind,
    ForeignKey,
    Generated,
    Index,
    IndexMethod,
    Options,
    PartitionMethod,
    UniqueConstraint,
)
from pydev_workflow.model.schema import NO_OPTIONS

CREATE_TABLE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?"
    rf"TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?({QNAME})\s*",
    re.I,
)
_OR_REPLACE = re.compile(r"CREATE\s+OR\s+REPLACE\b", re.I)
_PARTITION_OF = re.compile(rf"PARTITION\s+OF\s+({QNAME})\s*(.*)$", re.I | re.S)
_PARTITION_BY = re.compile(r"PARTITION\s+BY\s+(RANGE|LIST|HASH)\s*\(", re.I)
_GENERATED_KIND = re.compile(
    r"(GENERATED\s+ALWAYS\s+AS\s*\(.*\))\s*(?:STORED|VIRTUAL)\b", re.I | re.S
)
_DEFERRABLE = re.compile(
    r"\b(?:NOT\s+)?DEFERRABLE\b|\bINITIALLY\s+(?:DEFERRED|IMMEDIATE)\b|\bNOT\s+VALID\b", re.I
)
#: MariaDB's `DEFAULT NEXT VALUE FOR s` (sqlglot reads its `nextval(s)` only)
_NEXT_VALUE_FOR = re.compile(rf"\bNEXT\s+VALUE\s+FOR\s+({QNAME})", re.I)
#: MySQL's `PRIMARY KEY USING BTREE (a, b)`: sqlglot reads the method after the columns only
_PK_USING_FIRST = re.compile(r"^((?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY)\s+USING\s+(\w+)\s*\(", re.I)
_COL_TYPE = re.compile(
    rf"^(\s*{NAME}\s+)([A-Za-z_]\w*(?:\s+(?!(?:NOT|NULL|DEFAULT|PRIMARY|UNIQUE|CHECK|"
    r"REFERENCES|CONSTRAINT|COLLATE|GENERATED|AUTOINCREMENT|AUTO_INCREMENT)\b)[A-Za-z_]\w*)*)"
    r"(?=[\s(\[]|$)",
    re.S | re.I,
)
CONSTRAINT_HEAD = re.compile(
    r"\s*(?:CONSTRAINT\b|PRIMARY\s+KEY\b|UNIQUE\b|CHECK\b|FOREIGN\s+KEY\b|EXCLUDE\b|LIKE\b|"
    r"(?:FULLTEXT|SPATIAL)\s+(?:KEY|INDEX)\b|(?:KEY|INDEX)\b)",
    re.I,
)
#: MySQL table options (after the closing parenthesis): name = value
TABLE_OPTION = re.compile(
    r"(DEFAULT\s+)?(CHARACTER\s+SET|CHARSET|COLLATE|ENGINE|COMMENT|AUTO_INCREMENT|"
    + "|".join(sorted((o.upper() for o in CARRIED_TABLE_OPTIONS), key=len, reverse=True))
    + r")\b\s*=?\s*('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[\w.]+)",
    re.I,
)
_ACTIONS = {a.value.upper(): a for a in Action}


def create_table(state: ImportState, st: Statement, text: str) -> None:
    """CREATE TABLE: columns and constraints, or PARTITION OF a parent."""
    lead = len(text) - len(text.lstrip())
    m = CREATE_TABLE.match(text, lead)
    assert m is not None
    schema, name = state.qname(m.group(1))
    rest = text[m.end() :]
    t = Table(schema, name, st.loc, replaces=bool(_OR_REPLACE.match(text, lead)))
    of = _PARTITION_OF.match(rest)
    if of:
        pschema, pname = state.qname(of.group(1))
        t.partition_of = (pschema, pname, " ".join(of.group(2).split()))
        state.add_table(t)
        return
    if not rest.startswith("("):
        state.skip(st, "tables created AS SELECT / LIKE", "no column list")
        return
    close = matching_paren(text, m.end())
    if close < 0:
        state.fail(st.loc, f"CREATE TABLE {name}: unbalanced parentheses")
        return
    body_at = m.end() + 1
    elements = [
        (body_at + off, part) for off, part in split_top(text[body_at:close]) if part.strip()
    ]
    lines = Lines(st.text)
    read_elements(state, st, t, elements, lines)
    _table_tail(state, st, t, text, close + 1, lines)
    state.add_table(t)


def _parse_elements(state: ImportState, parts: list[str]) -> list[Any] | None:
    """Parse table elements with sqlglot in one go; None when any of them fails."""
    sql = "CREATE TABLE _t (" + ", ".join(parts) + ")"
    try:
        tree = state.parse_one(sql)
    except Exception:  # noqa: BLE001 - sqlglot raises several error types; fall back
        return None
    exprs = list(tree.this.expressions) if tree is not None and tree.this else []
    return exprs if len(exprs) == len(parts) else None


def read_elements(
    state: ImportState, st: Statement, t: Table, elements: list[tuple[int, str]], lines: Lines
) -> None:
    """Add table elements (columns, constraints) at their offsets in `st` to table `t`."""
    # the rewrites below are regular-expression passes over each element: look once, on the
    # whole table, whether a word they need is there at all
    probe = " ".join(part for _, part in elements).upper()
    deferrable = "DEFERRABLE" in probe or "INITIALLY" in probe or "VALID" in probe
    generated = "GENERATED" in probe
    using = "USING" in probe
    next_value = "NEXT" in probe
    real = state.engine.real_is_double and "REAL" in probe
    cleaned = []
    for _, part in elements:
        if real:
            part = _REAL_TYPE.sub(r"\1DOUBLE", part)
        if deferrable:
            part = _DEFERRABLE.sub(" ", part)
        if generated:
            part = _GENERATED_KIND.sub(r"\1", part)
        if next_value:
            part = _NEXT_VALUE_FOR.sub(r"nextval(\1)", part)
        part = part.strip()
        if using and (m := _PK_USING_FIRST.match(part)):
            part = f"{m.group(1)} ({part[m.end() :]} USING {m.group(2)}"
        cleaned.append(part)
    parsed = _parse_elements(state, cleaned)
    if parsed is None:  # one element at a time, so one bad element costs only itself
        parsed = [
            _parse_one_element(state, st, t, off, raw, part, lines)
            for (off, raw), part in zip(elements, cleaned, strict=True)
        ]
    for (off, raw), node in zip(elements, parsed, strict=True):
        if node is None:
            continue
        line, col = lines.at(off + len(raw) - len(raw.lstrip()))
        _element(state, st, t, node, shift(st.loc, line, col))


#: a column typed REAL (MySQL reads it as DOUBLE; sqlglot as FLOAT)
_REAL_TYPE = re.compile(r"^(\s*(?:`[^`]*`|\"[^\"]*\"|\w+)\s+)REAL\b", re.I)


def _parse_one_element(
    state: ImportState, st: Statement, t: Table, off: int, raw: str, part: str, lines: Lines
) -> Any:
    """One table element alone; None (and a failure at its line) when sqlglot cannot read it."""
    got = _parse_elements(state, [part])
    if got is None and not CONSTRAINT_HEAD.match(part):
        # a type name sqlglot treats as a keyword (`cube`): read it as a name; SQLite
        # takes any words as a type and keeps their affinity (datatype3.html, 3.1)
        def as_name(m: re.Match[str]) -> str:
            if state.engine.type_affinity:
                return m.group(1) + sqlite_affinity_word(m.group(2))
            return f'{m.group(1)}"{m.group(2)}"'

        quoted = _COL_TYPE.sub(as_name, part, count=1)
        got = _parse_elements(state, [quoted])
    if got is None:
        got = _keyword_column(state, part)
    if got is None:
        line, col = lines.at(off + len(raw) - len(raw.lstrip()))
        loc = shift(st.loc, line, col)
        state.fail(loc, f"cannot read `{' '.join(part.split())[:60]}` in {t.name}")
        return None
    return got[0]


#: a column definition's first two words: its name and the start of its type
_NAME_THEN_TYPE = re.compile(r"\s*([A-Za-z_]\w*)\s+([A-Za-z_]\w*)")
#: words that begin a table constraint in every engine read here (EXCLUDE begins one only
#: before USING or a parenthesis)
_CONSTRAINT_WORDS = frozenset(
    {"constraint", "primary", "unique", "foreign", "check", "key", "index"}
    | {"fulltext", "spatial", "like", "period"}
)


def _keyword_column(state: ImportState, part: str) -> Any:
    """A column whose name sqlglot reads as a keyword (Zabbix's `exclude integer …`).

    Read with the name quoted (folded first as the engine folds it); None when that is no
    column either.
    """
    m = _NAME_THEN_TYPE.match(part)
    if m is None or m.group(1).lower() in _CONSTRAINT_WORDS or m.group(2).upper() == "USING":
        return None
    name = m.group(1).lower() if state.engine.folds_to_lower else m.group(1)
    quoted = exp.to_identifier(name, quoted=True).sql(state.read)
    got = _parse_elements(state, [part[: m.start(1)] + quoted + part[m.end(1) :]])
    return got if got and isinstance(got[0], exp.ColumnDef) else None


def _element(state: ImportState, st: Statement, t: Table, node: Any, loc: Loc) -> None:
    if isinstance(node, exp.ColumnDef):
        _column(state, st, t, node, loc)
    elif isinstance(node, exp.Constraint):
        cname = state.ident(node.this)
        for inner in node.expressions:
            _table_constraint(state, t, inner, cname, loc)
    else:
        _table_constraint(state, t, node, None, loc)


# -- columns -------------------------------------------------------------------------------------
def _column(state: ImportState, st: Statement, t: Table, node: exp.ColumnDef, loc: Loc) -> None:
    name = state.ident(node.this)
    dt = node.args.get("kind")
    ftype, identity = field_type(state, dt)
    c = Column(name, ftype, identity=identity, loc=loc)
    affinity = state.engine.type_affinity  # SQLite keeps any type name as written
    if dt is not None and dt.this is exp.DataType.Type.JSON and state.engine.textual_json:
        state.assumptions.append(f"{loc}: {t.name}.{name} {JSON_AS_JSONB}")
    if dt is not None and dt.this in _FLOATS and len(dt.expressions) == 2 and not affinity:
        state.counts["digits of FLOAT(M,D) / DOUBLE(M,D)"] += 1
        state.unsupported.append(
            f"{loc}: {t.name}.{name} {state.text(dt)} (the display digits (M,D) of a "
            "floating-point type: not modelled, values are not rounded to them)"
        )
    national = state.engine.national_charset
    if national is not None and dt is not None and dt.this in NATIONAL:
        # NATIONAL CHAR/VARCHAR are utf8mb3 (https://dev.mysql.com/doc/refman/8.0/en/charset-national.html)
        c.options.setdefault(state.option_key, {})["charset"] = national
    for cons in node.args.get("constraints") or []:
        kind = cons.args.get("kind")
        cname = state.ident(cons.this) if cons.this else None
        if not (
            _keys_and_values(state, t, c, kind, cname, loc)
            or _generation(state, t, c, kind, cname, loc)
            or _attributes(state, t, c, kind, cname, loc)
        ):
            what = state.text(kind) if kind is not None else state.text(cons)
            state.counts["column options"] += 1
            state.unsupported.append(
                f"{loc}: {t.name}.{name} {what[:60]} (column options: not modelled)"
            )
    if c.identity and c.default is not None and c.default.kind is DefaultKind.SQL:
        c.default = None
    if identity or _is_identity(node):
        # SERIAL and GENERATED … AS IDENTITY are NOT NULL without saying so
        # (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL)
        c.nullable = False
    t.columns[name] = c


_FLOATS = (exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE, exp.DataType.Type.UDOUBLE)


def _is_identity(node: exp.ColumnDef) -> bool:
    """True when the column is GENERATED … AS IDENTITY (not a generated expression)."""
    return any(
        isinstance(k := cons.args.get("kind"), exp.GeneratedAsIdentityColumnConstraint)
        and k.args.get("expression") is None
        and k.this is not None
        for cons in node.args.get("constraints") or []
    )


def _keys_and_values(
    state: ImportState, t: Table, c: Column, kind: Any, cname: str | None, loc: Loc
) -> bool:
    """NOT NULL, PRIMARY KEY, UNIQUE, DEFAULT, CHECK, REFERENCES on a column."""
    if isinstance(kind, exp.NotNullColumnConstraint):
        c.nullable = bool(kind.args.get("allow_null"))
    elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
        t.pk = (c.name,)
    elif isinstance(kind, exp.UniqueColumnConstraint):
        if cname:
            t.uniques.append(UniqueConstraint((c.name,), cname, loc))
        else:
            c.unique = True
    elif isinstance(kind, exp.DefaultColumnConstraint):
        c.default, seq = default(state, kind.this)
        if c.default is not None and c.default.kind is DefaultKind.UUID:
            said = state.text(kind.this)
            if not said.lower().startswith("gen_random_uuid"):
                state.assumptions.append(
                    f"{loc}: {t.name}.{c.name} DEFAULT {said} is read as a random UUID: "
                    "written as the engine's own generator (gen_random_uuid() on PostgreSQL)"
                )
        c.identity = c.identity or seq
        if seq:
            state.keep_sequence(t, c)
    elif isinstance(kind, exp.CheckColumnConstraint):
        expr = state.text(kind.this)
        if cname:
            t.checks.append(CheckConstraint(expr, cname, loc))
        else:
            c.check = expr
    elif isinstance(kind, exp.Reference):
        _reference(state, t, (c.name,), kind, cname, loc)
    else:
        return False
    return True


def _generation(
    state: ImportState, t: Table, c: Column, kind: Any, cname: str | None, loc: Loc
) -> bool:
    """GENERATED … AS (expr), AUTO_INCREMENT / AUTOINCREMENT, GENERATED … AS IDENTITY."""
    if isinstance(kind, exp.ComputedColumnConstraint) or (
        isinstance(kind, exp.GeneratedAsIdentityColumnConstraint)
        and kind.args.get("expression") is not None
    ):
        expr = kind.args.get("expression") or kind.this
        while isinstance(expr, exp.Paren):
            expr = expr.this
        stored = bool(kind.args.get("persisted")) or not isinstance(
            kind, exp.ComputedColumnConstraint
        )
        c.generated = Generated(state.text(expr), stored)
    elif isinstance(
        kind, exp.AutoIncrementColumnConstraint | exp.GeneratedAsIdentityColumnConstraint
    ):
        c.identity = True
        if state.engine.autoincrement_keyword and isinstance(
            kind, exp.AutoIncrementColumnConstraint
        ):
            # ids are never reused (https://www.sqlite.org/autoinc.html)
            c.options.setdefault(state.option_key, {})["autoincrement"] = "true"
    else:
        return False
    return True


def _attributes(
    state: ImportState, t: Table, c: Column, kind: Any, cname: str | None, loc: Loc
) -> bool:
    """COMMENT, COLLATE, CHARACTER SET, ON UPDATE CURRENT_TIMESTAMP."""
    if isinstance(kind, exp.CommentColumnConstraint):
        c.description = str(kind.this.this) if kind.this else ""
    elif isinstance(kind, exp.CollateColumnConstraint):
        c.collation = state.ident(kind.this).strip("'\"")
    elif isinstance(kind, exp.CharacterSetColumnConstraint):
        charset = state.text(kind.this).strip("'\"`")
        c.options.setdefault(state.option_key, {})["charset"] = charset
    elif isinstance(kind, exp.OnUpdateColumnConstraint) and (
        isinstance(kind.this, exp.CurrentTimestamp)
        or state.text(kind.this).lower().rstrip("()") in ("now", "current_timestamp")
    ):
        c.auto_update = True
    else:
        return False
    return True


# -- table constraints ---------------------------------------------------------------------------
def _table_constraint(state: ImportState, t: Table, node: Any, cname: str | None, loc: Loc) -> None:
    if isinstance(node, exp.PrimaryKey | exp.PrimaryKeyColumnConstraint):
        t.pk = tuple(state.ident(e) for e in node.expressions)
        t.pk_name = cname or None
        method = index_using(node)
        if method:
            t.key_methods.append((loc, "primary key", method))
    elif isinstance(node, exp.ForeignKey):
        fields = tuple(state.ident(e) for e in node.expressions)
        ref = node.args.get("reference")
        if ref is not None:
            _reference(state, t, fields, ref, cname, loc)
    elif isinstance(node, exp.UniqueColumnConstraint):
        _unique(state, t, node, cname, loc)
    elif isinstance(node, exp.CheckColumnConstraint):
        t.checks.append(CheckConstraint(state.text(node.this), cname, loc))
    elif isinstance(node, exp.IndexColumnConstraint):
        kind = str(node.args.get("kind") or "").upper()
        hashed = index_using(node) == "HASH"
        ix_method = {"FULLTEXT": IndexMethod.FULLTEXT, "SPATIAL": IndexMethod.SPATIAL}.get(
            kind, IndexMethod.HASH if hashed else IndexMethod.BTREE
        )
        keys = tuple(index_key(state, state.text(e)) for e in node.expressions)
        name = state.ident(node.this) or generated_name("idx", t.name, [k.name for k in keys])
        parser = key_options(state, node, name, loc)
        options = Options.make({"mysql": {"parser": parser}}) if parser else NO_OPTIONS
        t.indexes.append(
            Index(name, keys, ix_method, unique=kind == "UNIQUE", loc=loc, options=options)
        )
    else:
        state.skip(Statement(state.text(node), loc), "table constraints (other)", "not modelled")


#: a MySQL key option the model keeps no place for: its name in the reports
_KEY_OPTIONS_LOST = {
    "comment": "comment",
    "key_block_size": "KEY_BLOCK_SIZE",
    "engine_attr": "engine attributes",
    "secondary_engine_attr": "engine attributes",
}


def key_options(state: ImportState, node: Any, name: str, loc: Loc) -> str | None:
    """A MySQL key's options: its FULLTEXT parser (returned), the rest listed at `loc`.

    `USING` is the key's method (index_using); VISIBLE is the default.
    """
    parser = None
    for opt in node.args.get("options") or ():
        for key, value in opt.args.items():
            if value is None or key == "using":
                continue
            if key == "parser":
                parser = value.name if isinstance(value, exp.Expression) else str(value)
                continue
            if key == "visible":
                if value is True or (isinstance(value, exp.Boolean) and value.this):
                    continue
                what, shown = "invisible (ignored by the optimizer)", "INVISIBLE"
            else:
                what = _KEY_OPTIONS_LOST.get(key, key)
                said = state.text(value) if isinstance(value, exp.Expression) else value
                shown = f"{what} {said}"
            state.counts[f"index {what}"] += 1
            state.unsupported.append(
                f"{loc}: key {name}: {shown[:60]} (index {what}: not modelled)"
            )
    return parser


def index_using(node: Any) -> str | None:
    """A MySQL key's `USING BTREE|HASH`, upper case, wherever sqlglot put it; else None."""
    found = node.args.get("index_type")
    if not isinstance(found, str | exp.Expression):
        found = None
    for holder in (node.args.get("include"), *(node.args.get("options") or ())):
        if found is None and holder is not None and holder.args.get("using") is not None:
            found = holder.args["using"]
    if found is None:
        return None
    return (found.name if isinstance(found, exp.Expression) else found).upper() or None


def _unique(state: ImportState, t: Table, node: Any, cname: str | None, loc: Loc) -> None:
    """UNIQUE (cols): a flag on its field when unnamed and on one column, else a constraint."""
    target = node.this
    exprs = target.expressions if target else []
    cols = tuple(state.ident(e) for e in exprs)
    name = cname or (state.ident(target.this) if target and target.this else None)
    if not cols:
        return
    keys = tuple(index_key(state, state.text(e)) for e in exprs)
    using = index_using(node)
    key_options(state, node, name or ", ".join(cols), loc)
    if using == "HASH" or any(k.length is not None for k in keys):
        # MySQL's UNIQUE INDEX (body(255), …): a prefix is no constraint's column list;
        # `UNIQUE KEY u USING HASH (…)`: a unique index with its method
        name = name or generated_name("uq", t.name, [k.name for k in keys])
        method = IndexMethod.HASH if using == "HASH" else IndexMethod.BTREE
        t.indexes.append(Index(name, keys, method, unique=True, loc=loc))
        return
    if using:
        t.key_methods.append((loc, f"unique key {name or ', '.join(cols)}", using))
    col = t.col(cols[0]) if len(cols) == 1 and not name else None
    if col is not None:
        col.unique = True
    else:
        t.uniques.append(UniqueConstraint(cols, name, loc))


def _reference(
    state: ImportState, t: Table, fields: tuple[str, ...], ref: Any, cname: str | None, loc: Loc
) -> None:
    target = ref.this  # Schema(this=Table, expressions=[cols])
    table = target.this if hasattr(target, "this") else target
    rschema = state.ident(table.args.get("db")) if table.args.get("db") else None
    if rschema == state.default_schema:
        rschema = None
    rname = state.ident(table)
    rcols = tuple(state.ident(e) for e in getattr(target, "expressions", []) or [])
    on_delete = on_update = None
    for opt in ref.args.get("options") or []:
        text = " ".join(str(opt).upper().split())
        if text.startswith("ON DELETE "):
            on_delete = _ACTIONS.get(text[len("ON DELETE ") :])
        elif text.startswith("ON UPDATE "):
            on_update = _ACTIONS.get(text[len("ON UPDATE ") :])
    fk = ForeignKey(fields, rname, rcols, on_delete, on_update, cname, loc)
    t.fks.append((fk, rschema, rname))


# -- after the closing parenthesis ---------------------------------------------------------------
def _table_tail(
    state: ImportState, st: Statement, t: Table, text: str, start: int, lines: Lines
) -> None:
    """What follows the column list, read once: partitioning, INHERITS, table options.

    What no reader takes (SQLite `WITHOUT ROWID` and `STRICT`, MariaDB `WITH SYSTEM
    VERSIONING`, PostgreSQL `WITH (fillfactor=…)` and `TABLESPACE`) is reported at its line,
    never dropped in silence.
    """
    tail = text[start:]
    m = _PARTITION_BY.search(tail)
    if m:
        close = matching_paren(tail, m.end() - 1)
        keys = tuple(state.unquote(p) for _, p in split_top(tail[m.end() : close]) if p.strip())
        t.partition_by = (PartitionMethod(m.group(1).lower()), keys)
    end = m.start() if m else len(tail)  # partitioning is read (or reported) on its own
    taken: list[tuple[int, int]] = [sm.span() for sm in _SILENT_TAIL.finditer(tail, 0, end)]
    inherits = _INHERITS.search(tail)
    if inherits:
        state.counts["table inheritance"] += 1
        state.unsupported.append(f"{st.loc}: {t.name} INHERITS (…) (not modelled)")
        close = matching_paren(tail, inherits.end() - 1)
        taken.append((inherits.start(), close + 1 if close >= 0 else end))
    if state.engine.table_options:
        taken += table_options(state, t, tail, end)
    read = bytearray(end)
    for a, z in taken:
        read[a : min(z, end)] = b"\x01" * (min(z, end) - a)
    first = read.find(0)
    if first >= 0:
        rest = " ".join(tail[first:end].split())
        line, col = lines.at(start + first)
        state.counts["table options"] += 1
        state.unsupported.append(
            f"{shift(st.loc, line, col)}: {t.name} {rest[:60]} (table options: not modelled)"
        )


#: what a table's tail may hold that says nothing: comments, separators, and PostgreSQL's
#: `WITHOUT OIDS` (the only kind of table since PostgreSQL 12)
_SILENT_TAIL = re.compile(r"/\*(?!!).*?\*/|--[^\n]*|\bWITHOUT\s+OIDS\b|[\s,;]+", re.I | re.S)
_INHERITS = re.compile(r"\bINHERITS\s*\(", re.I)


def table_options(state: ImportState, t: Table, tail: str, end: int) -> list[tuple[int, int]]:
    """MySQL table options before `end`: COMMENT is the description, the rest engine options.

    Returns where each option stands in `tail`.
    """
    spans = []
    for om in TABLE_OPTION.finditer(tail, 0, end):
        spans.append(om.span())
        key = "_".join(om.group(2).lower().split())
        raw = om.group(3)
        value = raw[1:-1].replace(raw[0] * 2, raw[0]) if raw[0] in "'\"" else raw
        if key == "comment":
            t.description = value
        elif key == "auto_increment":  # the next id: data, not schema
            state.counts["AUTO_INCREMENT= start values (data, not kept)"] += 1
        else:
            key = {"character_set": "charset"}.get(key, key)
            t.options.setdefault(state.option_key, {})[key] = value
    return spans
