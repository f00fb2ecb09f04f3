"""ALTER TABLE and CREATE INDEX: what later statements add to a table already read."""

from __future__ import annotations

import re

from pydev_workflow.errors import Loc
from pydev_workflow.importers.sqlsplit import Lines, Statement, matching_paren, split_top
from pydev_workflow.importers.sqlstate import NAME, QNAME, ImportState, Table, shift
from pydev_workflow.importers.sqltable import CONSTRAINT_HEAD, read_elements
from pydev_workflow.importers.sqltypes import default, index_key
from pydev_workflow.model import Index, IndexMethod, Partition

CREATE_INDEX = re.compile(
    r"CREATE\s+(UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?:({QNAME})\s+)?ON\s+(?:ONLY\s+)?({QNAME})\s*(?:USING\s+(\w+)\s*)?\(",
    re.I,
)
ALTER_TABLE = re.compile(
    rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?({QNAME})\s*(.*)$", re.I | re.S
)
_ALTER_COLUMN = re.compile(rf"ALTER\s+(?:COLUMN\s+)?({NAME})\s+(.*)$", re.I | re.S)
_ATTACH_PARTITION = re.compile(rf"ATTACH\s+PARTITION\s+({QNAME})\s+(.*)$", re.I | re.S)
_INDEX_METHODS = {m.value: m for m in IndexMethod}


# -- CREATE INDEX --------------------------------------------------------------------------------
def create_index(state: ImportState, st: Statement, text: str) -> None:
    """CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX … ON table [USING method] (keys) [WHERE …]."""
    lead = len(text) - len(text.lstrip())
    m = CREATE_INDEX.match(text, lead)
    assert m is not None
    schema, tname = state.qname(m.group(3))
    t = state.table(schema, tname)
    if t is None:
        state.skip(st, "indexes on views or unknown tables", f"no table {tname}")
        return
    close = matching_paren(text, m.end() - 1)
    if close < 0:
        state.fail(st.loc, "CREATE INDEX: unbalanced parentheses")
        return
    keys = tuple(index_key(state, p) for _, p in split_top(text[m.end() : close]) if p.strip())
    method_name = (m.group(4) or "btree").lower()
    kind_word = (m.group(1) or "").strip().lower()
    if kind_word in ("fulltext", "spatial"):
        method_name = kind_word
    method = _INDEX_METHODS.get(method_name)
    if method is None:  # e.g. pgvector's hnsw/ivfflat, spgist: a btree would misstate it
        state.skip(st, f"indexes using {method_name}", "index method not modelled")
        return
    name = state.qname(m.group(2))[1] if m.group(2) else ""
    if not name:
        parts = "_".join(k.name if not k.expression else "expr" for k in keys)
        name = f"{t.name}_{parts}_idx"
    unique = kind_word == "unique"
    t.indexes.append(Index(name, keys, method, unique, _where(text[close + 1 :]), loc=st.loc))


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
