"""Read a big SQL script's statements on two cores, with the same result as reading them in order.

Parsing CREATE TABLE with sqlglot is most of an import. A forked child (forked.py) reads the
CREATE TABLE statements of the script's tail while the parent reads the head; the parent then
goes on in script order, taking each of those tables from the child's answer instead of reading
it. The answer is our own small objects (a table as read, and what reading it reported), since
pickling sqlglot trees costs more than parsing them again.

Why the result is the same: a CREATE TABLE reads only what the statement says and the types and
domains defined before it (CREATE TYPE, CREATE DOMAIN, sequences), which the child replays in
order; it writes only its table and what it reports (counts, lines, problems, sequence names),
which the child records per statement and the parent adds at the statement's place in the order.
Statements that read other tables (ALTER TABLE, CREATE INDEX, COMMENT ON) stay with the parent.
Where forking is not available the parent reads everything itself.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field

from pydev_workflow.errors import Loc, Problem
from pydev_workflow.forked import dumps_model, fork_call
from pydev_workflow.importers.sqlalter import alter_table, create_index, drop_table
from pydev_workflow.importers.sqlobjects import comment_on
from pydev_workflow.importers.sqlsplit import Statement
from pydev_workflow.importers.sqlstate import ImportState, Table
from pydev_workflow.importers.sqlstatements import Handler, handler_of, skip_statement
from pydev_workflow.importers.sqltable import create_table
from pydev_workflow.model import FieldType

#: scripts of at least this many characters are read on two cores (a fork and the tables'
#: trip back cost about as much as reading 50 kB; below this the gain is within the noise)
PARALLEL_FROM = 200_000

#: handlers that read or change tables read before: never replayed by the child
_TABLE_HANDLERS: frozenset[Handler] = frozenset(
    {create_table, create_index, alter_table, comment_on, drop_table}
)


#: a sequence name no script has: `last_sequence` before a recorded CREATE TABLE
_UNSET = "\0unset"


@dataclass(slots=True)
class Effects:
    """What reading one CREATE TABLE did to the import's state (see _read_recorded)."""

    tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    unsupported: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    functions: dict[str, tuple[str, Loc]] = field(default_factory=dict)
    collations: set[str] = field(default_factory=set)
    nextval_sequences: set[tuple[str, str]] = field(default_factory=set)
    last_sequence: str | None = _UNSET  # as it was left; _UNSET: not touched


def read_statements(
    state: ImportState, statements: list[Statement], size: int, parallel_from: int
) -> None:
    """Read `statements` in order into `state`; on two cores from `parallel_from` characters.

    `size` is the script's length in characters.
    """
    if size < parallel_from or state.strict:  # --strict stops at the first failure, in order
        for st in statements:
            _read(state, st, *handler_of(state, st))
        return
    read = [handler_of(state, st) for st in statements]
    mine = _tail_tables(statements, read)
    job = fork_call(_read_tables, state, statements, read, mine) if mine else None
    if job is None:
        for st, (handler, text) in zip(statements, read, strict=True):
            _read(state, st, handler, text)
        return
    try:
        first = mine[0]
        for st, (handler, text) in zip(statements[:first], read[:first], strict=True):
            _read(state, st, handler, text)
        answer = job.result()  # None: the child failed, and the parent reads the tail itself
        recorded = pickle.loads(answer) if answer is not None else []  # our own child's bytes
        effects = dict(zip(mine, recorded, strict=True)) if answer is not None else {}
        for i in range(first, len(statements)):
            got = effects.get(i)
            if got is not None:
                _apply(state, got)
            else:
                _read(state, statements[i], *read[i])
    finally:
        job.stop()


def _read(state: ImportState, st: Statement, handler: Handler | None, text: str) -> None:
    if handler is not None:
        handler(state, st, text)
    else:
        skip_statement(state, st, text)


def _tail_tables(statements: list[Statement], read: list[tuple[Handler | None, str]]) -> list[int]:
    """Indices of the CREATE TABLE statements the child reads: those from the best split on.

    Cost is guessed from statement length: the parent reads everything before the split while
    the child reads the tables after it; then the parent reads the rest after the split.
    """
    n = len(statements)
    weight = [
        (len(st.text) * 3 // 2 if handler is create_table else len(st.text))
        if handler is not None
        else len(st.text) // 8
        for st, (handler, _) in zip(statements, read, strict=True)
    ]
    is_table = [handler is create_table for handler, _ in read]
    tables_after = [0] * (n + 1)
    others_after = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        tables_after[i] = tables_after[i + 1] + (weight[i] if is_table[i] else 0)
        others_after[i] = others_after[i + 1] + (0 if is_table[i] else weight[i])
    best, split, before = sum(weight), n, 0
    for i in range(n):
        if is_table[i]:
            cost = max(before, tables_after[i]) + others_after[i]
            if cost < best:
                best, split = cost, i
        before += weight[i]
    return [i for i in range(split, n) if is_table[i]]


def _read_tables(
    state: ImportState,
    statements: list[Statement],
    read: list[tuple[Handler | None, str]],
    mine: list[int],
) -> bytes:
    """In the child: the effects of each of the `mine` CREATE TABLE statements, in order, pickled.

    The statements before them that define what a table reads (types, domains, sequences) are
    replayed in order; the other tables and the statements that read them are not.
    """
    wanted = set(mine)
    out = []
    for i in range(mine[-1] + 1):
        handler, text = read[i]
        if i in wanted:
            out.append(_read_recorded(state, statements[i], text))
        elif handler is not None and handler not in _TABLE_HANDLERS:
            handler(state, statements[i], text)
    # equal column types become one object, pickled once (types compare on every attribute)
    types: dict[FieldType, FieldType] = {}
    for got in out:
        for t in got.tables.values():
            for c in t.columns.values():
                c.type = types.setdefault(c.type, c.type)
    return dumps_model(out)  # our small objects, pickled the fast way


#: the state's containers a CREATE TABLE adds to: Effects has one of each name
_CAUGHT = (
    "tables",
    "counts",
    "unsupported",
    "assumptions",
    "problems",
    "functions",
    "collations",
    "nextval_sequences",
)


def _read_recorded(state: ImportState, st: Statement, text: str) -> Effects:
    """Read one CREATE TABLE, its effects caught in fresh containers (the state's are put back).

    A CREATE TABLE only adds to these containers, never reads them, so reading it against
    empty ones gives what it adds to the full ones.
    """
    got = Effects()
    saved = [getattr(state, name) for name in _CAUGHT]
    for name in _CAUGHT:
        setattr(state, name, getattr(got, name))
    state.last_sequence = _UNSET
    try:
        create_table(state, st, text)
    finally:
        for name, value in zip(_CAUGHT, saved, strict=True):
            setattr(state, name, value)
    got.last_sequence = state.last_sequence
    return got


def _apply(state: ImportState, got: Effects) -> None:
    """Add one CREATE TABLE's recorded effects to `state`, as reading it there would have."""
    for t in got.tables.values():  # as create_table adds it (a second one is not read)
        state.add_table(t)
    state.counts.update(got.counts)
    state.unsupported.extend(got.unsupported)
    state.assumptions.extend(got.assumptions)
    state.problems.extend(got.problems)
    for key, value in got.functions.items():
        state.functions.setdefault(key, value)
    state.collations.update(got.collations)
    state.nextval_sequences.update(got.nextval_sequences)
    if got.last_sequence != _UNSET:
        state.last_sequence = got.last_sequence
