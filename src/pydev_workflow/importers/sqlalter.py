"""ALTER TABLE and CREATE INDEX: what later statements add to a table already read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydev_workflow.errors import Loc
from pydev_workflow.importers.sqlsplit import QUOTED, Lines, Statement, matching_paren, split_top
from pydev_workflow.importers.sqlstate import NAME, QNAME, ImportState, Table, shift
from pydev_workflow.importers.sqltable import (
    CONSTRAINT_HEAD,
    TABLE_OPTION,
    read_elements,
    table_options,
)
from pydev_workflow.importers.sqltypes import default, index_key
from pydev_workflow.model import Index, IndexMethod, Options, Partition
from pydev_workflow.model.schema import NO_OPTIONS

CREATE_INDEX = re.compile(
    r"CREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?:(?!USING\b)({QNAME})\s+)?(?:USING\s+(\w+)\s+)?ON\s+(?:ONLY\s+)?({QNAME})\s*"
    r"(?:USING\s+(\w+)\s*)?\(",
    re.I,
)
ALTER_TABLE = re.compile(
    rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?({QNAME})\s*(.*)$", re.I | re.S
)
DROP_TABLE = re.compile(r"DROP\s+(?:TEMP\w*\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?(.*?)\s*$", re.I | re.S)
_DROP_BEHAVIOUR = re.compile(r"\s+(?:CASCADE|RESTRICT)\s*$", re.I)
_ALTER_COLUMN = re.compile(rf"ALTER\s+(?:COLUMN\s+)?({NAME})\s+(.*)$", re.I | re.S)
_ATTACH_PARTITION = re.compile(rf"ATTACH\s+PARTITION\s+({QNAME})\s+(.*)$", re.I | re.S)
_INDEX_METHODS = {m.value: m for m in IndexMethod}


# -- CREATE INDEX --------------------------------------------------------------------------------
def create_index(state: ImportState, st: Statement, text: str) -> None:
    """CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX … ON table [USING method] (keys) [options] [WHERE …].

    MySQL writes the method before ON or after the keys too (`USING BTREE`). What the model
    keeps of the options (the method, MySQL's parser, the predicate) is read; the rest is
    listed at its line (index_tail).
    """
    lead = len(text) - len(text.lstrip())
    m = CREATE_INDEX.match(text, lead)
    assert m is not None
    schema, tname = state.qname(m.group(4))
    t = state.table(schema, tname)
    if t is None:
        state.skip(st, "indexes on views or unknown tables", f"no table {tname}")
        return
    close = matching_paren(text, m.end() - 1)
    if close < 0:
        state.fail(st.loc, "CREATE INDEX: unbalanced parentheses")
        return
    parts = [p for _, p in split_top(text[m.end() : close]) if p.strip()]
    keys = tuple(index_key(state, p) for p in parts)
    name = state.qname(m.group(2))[1] if m.group(2) else ""
    if not name:
        parts_named = "_".join(k.name if not k.expression else "expr" for k in keys)
        name = f"{t.name}_{parts_named}_idx"
    tail = index_tail(state, st, text, close + 1, name)
    method_name = (m.group(3) or m.group(5) or tail.using or "btree").lower()
    kind_word = (m.group(1) or "").strip().lower()
    if kind_word in ("fulltext", "spatial"):
        method_name = kind_word
    method = _INDEX_METHODS.get(method_name)
    if method is None:  # e.g. pgvector's hnsw/ivfflat, spgist: a btree would misstate it
        state.skip(st, f"indexes using {method_name}", "index method not modelled")
        return
    _key_orders(state, st, parts, name)
    unique = kind_word == "unique"
    options = Options.make({"mysql": {"parser": tail.parser}}) if tail.parser else NO_OPTIONS
    t.indexes.append(Index(name, keys, method, unique, tail.where, loc=st.loc, options=options))


@dataclass
class IndexTail:
    """What follows an index's keys, as far as the model keeps it."""

    where: str | None = None
    using: str | None = None  # MySQL's index type after the keys
    parser: str | None = None  # MySQL's WITH PARSER of a FULLTEXT index


#: the clauses after an index's keys: (pattern, what the model does with it). "using", "parser"
#: are kept; "" says nothing about the schema (defaults, how the engine builds the index); the
#: others are listed at their line as not carried over
_INDEX_CLAUSES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I | re.S), what)
    for p, what in (
        (r"USING\s+(\w+)", "using"),
        (r"WITH\s+PARSER\s+(\w+)", "parser"),
        (r"INCLUDE\s*\(", "covering columns (INCLUDE)"),
        (r"NULLS\s+NOT\s+DISTINCT\b", "NULLS NOT DISTINCT"),
        (r"NULLS\s+DISTINCT\b|VISIBLE\b|NOT\s+IGNORED\b", ""),
        (r"WITH\s*\(", "storage parameters (WITH)"),
        (r"TABLESPACE\s+\S+", "tablespace"),
        (r"COMMENT\s*=?\s*('(?:[^'\\]|''|\\.)*'|\"(?:[^\"\\]|\"\"|\\.)*\")", "comment"),
        (r"INVISIBLE\b|IGNORED\b", "invisible (ignored by the optimizer)"),
        (r"KEY_BLOCK_SIZE\s*=?\s*\w+", "KEY_BLOCK_SIZE"),
        (r"(?:ALGORITHM|LOCK)\s*=?\s*\w+|ONLINE\b|ONLY\b", ""),
        (r"(?:SECONDARY_)?ENGINE_ATTRIBUTE\s*=?\s*'(?:[^']|'')*'", "engine attributes"),
    )
)
_GAP = re.compile(r"(?:\s|/\*.*?\*/|--[^\n]*|#[^\n]*)*", re.S)
_WHERE_AT = re.compile(r"WHERE\b", re.I)


def index_tail(state: ImportState, st: Statement, text: str, start: int, name: str) -> IndexTail:
    """Read the clauses after an index's keys; list what the model does not keep at its line."""
    got = IndexTail()
    i = start
    n = len(text)
    while True:
        i = _GAP.match(text, i).end()  # type: ignore[union-attr]
        if i >= n or text[i] == ";":
            return got
        if _WHERE_AT.match(text, i):
            got.where = _where(text[i:])
            return got
        for pattern, what in _INDEX_CLAUSES:
            cm = pattern.match(text, i)
            if cm is None:
                continue
            end = cm.end()
            if text[end - 1 : end] == "(":  # a parenthesised list: to its end
                close = matching_paren(text, end - 1)
                end = n if close < 0 else close + 1
            if what == "using":
                got.using = cm.group(1)
            elif what == "parser":
                got.parser = cm.group(1)
            elif what:
                clause = " ".join(text[i:end].split())[:60]
                _index_lost(state, st, i, clause, what, name)
            i = end
            break
        else:
            rest = _WHERE_AT.search(text, i)
            stop = rest.start() if rest else n
            _index_lost(state, st, i, " ".join(text[i:stop].split())[:60], "options", name)
            if rest is None:
                return got
            i = stop


def _index_lost(
    state: ImportState, st: Statement, at: int, clause: str, what: str, name: str
) -> None:
    """List an index clause the model does not keep, at its line (offset `at` in `st`)."""
    line, col = Lines(st.text).at(at)
    state.counts[f"index {what}"] += 1
    state.unsupported.append(
        f"{shift(st.loc, line, col)}: index {name}: {clause} (index {what}: not modelled)"
    )


#: a key's NULLS FIRST/LAST that is not the engine's default for its order (PostgreSQL sorts
#: NULLs last ascending, first descending), and a key's COLLATE
_KEY_NULLS = re.compile(r"(?:\bASC\s+)?NULLS\s+FIRST\s*$|\bDESC\s+NULLS\s+LAST\s*$", re.I)
_DESC_NULLS_FIRST = re.compile(r"\bDESC\s+NULLS\s+FIRST\s*$", re.I)  # the default
_KEY_COLLATE = re.compile(r"\bCOLLATE\s+\S+", re.I)


def _key_orders(state: ImportState, st: Statement, parts: list[str], name: str) -> None:
    """List the key parts the model does not keep: a NULLS order off the default, a COLLATE."""
    for part in parts:
        flat = " ".join(part.split())
        nulls = _KEY_NULLS.search(flat)
        if nulls and not _DESC_NULLS_FIRST.search(flat):
            state.counts["index key NULLS FIRST/LAST"] += 1
            state.unsupported.append(
                f"{st.loc}: index {name}: key {flat[:60]} (index key NULLS FIRST/LAST: not "
                "modelled, the engine's default order of NULLs is rendered)"
            )
        if _KEY_COLLATE.search(QUOTED.sub("''", flat)):
            state.unsupported.append(
                f"{st.loc}: index {name}: key {flat[:60]} (index key collations: not kept)"
            )


# -- DROP TABLE ----------------------------------------------------------------------------------
def drop_table(state: ImportState, st: Statement, text: str) -> None:
    """DROP TABLE: a table the script created before is gone from the model, said at the line.

    A drop of a table not created before (`DROP TABLE IF EXISTS t` ahead of its CREATE, as
    dumps write) changes nothing the model holds: it is counted and listed as before.
    """
    lead = len(text) - len(text.lstrip())
    m = DROP_TABLE.match(text, lead)
    assert m is not None
    names = _DROP_BEHAVIOUR.sub("", m.group(1))
    other = 0
    for _, part in split_top(names):
        if not part.strip():
            continue
        schema, name = state.qname(part)
        t = state.table(schema, name)
        if t is None:
            other += 1
            continue
        del state.tables[((t.schema or "").lower(), t.name.lower())]
        state.counts["tables dropped by the script (not in the model)"] += 1
        state.unsupported.append(
            f"{st.loc}: DROP TABLE {t.name}: the table created at line {t.loc.line} is dropped "
            "here, so the model leaves it out"
        )
    if other:
        state.skip(st, "drops")


def _where(tail: str) -> str | None:
    """The predicate of a partial index, without its outer parentheses."""
    w = re.search(r"\bWHERE\b(.*)$", tail, re.I | re.S)
    if not w:
        return None
    where = " ".join(w.group(1).split())
    if where.startswith("(") and matching_paren(where, 0) == len(where) - 1:
        where = where[1:-1].strip()
    return where


# -- ALTER TABLE ---------------------------------------------------------------------------------
def alter_table(state: ImportState, st: Statement, text: str, retry: bool = False) -> None:
    """ALTER TABLE: each action in turn; one naming a table not yet created waits (`pending`)."""
    lead = len(text) - len(text.lstrip())
    m = ALTER_TABLE.match(text, lead)
    assert m is not None
    schema, tname = state.qname(m.group(1))
    if re.match(r"OWNER\s+TO\b", m.group(2), re.I):
        state.counts["ownership (OWNER TO)"] += 1  # also names sequences and views
        return
    t = state.table(schema, tname)
    if t is None:
        if not retry:
            state.pending.append((st, text))
        else:
            state.skip(st, "ALTER TABLE of unknown tables", f"no table {tname}")
        return
    lines = Lines(st.text)
    for off, action in split_top(text[m.start(2) :]):
        act = action.strip()
        if not act:
            continue
        at = m.start(2) + off + len(action) - len(action.lstrip())
        line, col = lines.at(at)
        _action(state, st, t, act, at, shift(st.loc, line, col), lines)


def _action(
    state: ImportState, st: Statement, t: Table, act: str, at: int, loc: Loc, lines: Lines
) -> None:
    upper = " ".join(act.upper().split())
    if upper.startswith("ADD "):
        rest = re.sub(r"^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?", "", act, flags=re.I)
        body = rest if CONSTRAINT_HEAD.match(rest) or upper.startswith("ADD COLUMN") else rest
        read_elements(state, st, t, [(at + len(act) - len(body), body)], lines)
        return
    col_m = _ALTER_COLUMN.match(act)
    if col_m and _alter_column(state, t, col_m.group(1), col_m.group(2).strip(), loc):
        return
    if upper.startswith("OWNER TO"):
        state.counts["ownership (OWNER TO)"] += 1
        return
    if state.engine.table_options and _alter_table_options(state, t, act):
        return
    att = _ATTACH_PARTITION.match(act)
    if att:
        pschema, pname = state.qname(att.group(1))
        part = state.table(pschema, pname)
        bound = " ".join(att.group(2).split())
        if part is not None:
            part.partition_of = (t.schema, t.name, bound)
        else:
            t.partitions.append(Partition(pname, bound))
        return
    state.skip(Statement(act, loc), "ALTER TABLE actions (other)")


#: mysqldump's bulk-load switches around a table's rows: no part of the schema
_KEYS_SWITCH = re.compile(r"(?:DISABLE|ENABLE)\s+KEYS\s*$", re.I)


def _alter_table_options(state: ImportState, t: Table, act: str) -> bool:
    """MySQL `ALTER TABLE t ENGINE=InnoDB` (options only): read as the table's own; else False."""
    if _KEYS_SWITCH.match(act):
        state.counts["DISABLE/ENABLE KEYS (bulk-load switches)"] += 1
        return True
    if TABLE_OPTION.sub("", act).strip(" \t\r\n,"):
        return False  # something else too: the action is reported as a whole
    table_options(state, t, act, len(act))
    return True


def _alter_column(state: ImportState, t: Table, column: str, what: str, loc: Loc) -> bool:
    """ALTER COLUMN c SET DEFAULT / ADD GENERATED … IDENTITY / SET|DROP NOT NULL; False if other."""
    c = t.col(state.unquote(column))
    if c is None:
        return False
    wu = " ".join(what.upper().split())
    if wu.startswith("SET DEFAULT"):
        try:
            expr = state.parse_one("SELECT " + what[len("SET DEFAULT") :])
        except Exception:  # noqa: BLE001 - any sqlglot error: report, continue
            state.fail(loc, f"cannot read default `{what[:60]}`")
            return True
        c.default, seq = default(state, expr.expressions[0])
        c.identity = c.identity or seq
        if seq:
            state.keep_sequence(t, c)
    elif wu.startswith("ADD GENERATED") and "IDENTITY" in wu:
        c.identity = True
    elif wu in ("SET NOT NULL", "DROP NOT NULL"):
        c.nullable = wu == "DROP NOT NULL"
    else:
        return False
    return True
