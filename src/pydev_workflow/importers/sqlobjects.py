"""CREATE TYPE … AS ENUM, CREATE DOMAIN, COMMENT ON and sequences: objects around the tables."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pydev_workflow.errors import Loc
from pydev_workflow.importers.sqlsplit import Statement, split_top
from pydev_workflow.importers.sqlstate import QNAME, ImportState
from pydev_workflow.importers.sqltypes import field_type
from pydev_workflow.model import Sequence

CREATE_ENUM = re.compile(rf"CREATE\s+TYPE\s+({QNAME})\s+AS\s+ENUM\s*\((.*)\)\s*$", re.I | re.S)
CREATE_DOMAIN = re.compile(rf"CREATE\s+DOMAIN\s+({QNAME})\s+(?:AS\s+)?(.*)$", re.I | re.S)
COMMENT_ON = re.compile(
    rf"COMMENT\s+ON\s+(TABLE|COLUMN)\s+({QNAME})\s+IS\s+"
    r"(NULL|E?'(?:[^']|'')*'|\$(?P<tag>(?:[A-Za-z_]\w*)?)\$.*?\$(?P=tag)\$)\s*$",
    re.I | re.S,
)
CREATE_SEQUENCE = re.compile(
    r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(TEMP|TEMPORARY|UNLOGGED)\s+)?SEQUENCE\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?({QNAME})(.*)$",
    re.I | re.S,
)
ALTER_SEQUENCE = re.compile(rf"ALTER\s+SEQUENCE\s+(?:IF\s+EXISTS\s+)?({QNAME})(.*)$", re.I | re.S)
#: one option of CREATE / ALTER SEQUENCE, PostgreSQL and MariaDB spellings
#: (https://www.postgresql.org/docs/current/sql-createsequence.html,
#: https://mariadb.com/kb/en/create-sequence/)
_SEQUENCE_OPTION = re.compile(
    r"AS\s+(?P<type>\w+)"
    r"|INCREMENT\s*(?:BY\s*|=\s*)?(?P<increment>[-+]?\d+)"
    r"|(?P<no_min>NO\s+MINVALUE\b|NOMINVALUE\b)"
    r"|MINVALUE\s*=?\s*(?P<min>[-+]?\d+)"
    r"|(?P<no_max>NO\s+MAXVALUE\b|NOMAXVALUE\b)"
    r"|MAXVALUE\s*=?\s*(?P<max>[-+]?\d+)"
    r"|START\s*(?:WITH\s*|=\s*)?(?P<start>[-+]?\d+)"
    r"|RESTART(?:\s*(?:WITH\s*|=\s*)?(?P<restart>[-+]?\d+))?"
    r"|(?P<no_cache>NOCACHE\b)"
    r"|CACHE\s*=?\s*(?P<cache>\d+)"
    r"|(?P<no_cycle>NO\s+CYCLE\b|NOCYCLE\b)"
    r"|(?P<cycle>CYCLE\b)"
    rf"|OWNED\s+BY\s+(?P<owner>{QNAME})",
    re.I,
)
#: option group -> Sequence field its number sets
_SEQUENCE_NUMBERS = {
    "start": "start",
    "restart": "start",
    "increment": "increment",
    "min": "min_value",
    "max": "max_value",
    "cache": "cache",
}
_SEQUENCE_FLAGS = {"no_min": "min_value", "no_max": "max_value", "no_cache": "cache"}
_DOMAIN_TYPE_END = re.compile(r"\s(?:CONSTRAINT|CHECK|DEFAULT|NOT\s+NULL|NULL|COLLATE)\b", re.I)


def create_enum(state: ImportState, st: Statement, text: str) -> None:
    """CREATE TYPE name AS ENUM ('a', …): columns of this type become enums."""
    m = CREATE_ENUM.match(text.lstrip())
    assert m is not None
    schema, name = state.qname(m.group(1))
    values = tuple(
        v.strip()[1:-1].replace("''", "'") for _, v in split_top(m.group(2)) if v.strip()
    )
    state.enums[f"{schema or ''}.{name}".lower()] = (name, values)
    if schema is None or f".{name}".lower() not in state.enums:
        state.enums[f".{name}".lower()] = (name, values)


def create_domain(state: ImportState, st: Statement, text: str) -> None:
    """CREATE DOMAIN name AS type …: columns of this domain get its base type (an assumption)."""
    m = CREATE_DOMAIN.match(text.lstrip())
    assert m is not None
    schema, name = state.qname(m.group(1))
    rest = m.group(2)
    cut = _DOMAIN_TYPE_END.search(rest)
    type_text = rest[: cut.start()] if cut else rest
    try:
        tree = state.parse_one(f"CREATE TABLE _t (c {type_text})")
        dt = tree.this.expressions[0].args.get("kind")
    except Exception:  # noqa: BLE001 - report and continue
        state.fail(st.loc, f"cannot read domain {name} type `{type_text.strip()[:40]}`")
        return
    ftype, _ = field_type(state, dt)
    state.domains[f"{schema or ''}.{name}".lower()] = ftype
    state.domains.setdefault(f".{name}".lower(), ftype)
    state.counts["domains (as their base type)"] += 1
    state.assumptions.append(f"{st.loc}: domain {name} is read as its base type {ftype}")


def comment_on(state: ImportState, st: Statement, text: str) -> None:
    """COMMENT ON TABLE / COLUMN … IS '…': the description of a table or field."""
    m = COMMENT_ON.match(text.lstrip())
    assert m is not None
    what, target, raw = m.group(1).upper(), m.group(2), m.group(3)
    if raw.upper() == "NULL":
        text = ""
    elif raw.startswith("$"):  # a dollar-quoted string ($$…$$, $tag$…$tag$): taken as written
        quote = f"${m.group('tag')}$"
        text = raw[len(quote) : -len(quote)]
    else:
        text = raw[raw.index("'") + 1 : -1].replace("''", "'")
    parts = [state.unquote(p) for _, p in split_top(target, ".")]
    if what == "TABLE":
        schema = parts[-2] if len(parts) > 1 else None
        t = state.table(None if schema == state.default_schema else schema, parts[-1])
        if t is not None:
            t.description = text
            return
    else:
        schema = parts[-3] if len(parts) > 2 else None
        t = state.table(
            None if schema == state.default_schema else schema,
            parts[-2] if len(parts) > 1 else "",
        )
        c = t.col(parts[-1]) if t is not None else None
        if c is not None:
            c.description = text
            return
    state.skip(st, "comments on unknown objects")


# -- sequences -----------------------------------------------------------------------------------
def create_sequence(state: ImportState, st: Statement, text: str) -> None:
    """CREATE SEQUENCE: a standalone sequence, unless a column turns out to own it."""
    m = CREATE_SEQUENCE.match(text.lstrip())
    assert m is not None
    schema, name = state.qname(m.group(2))
    key = ((schema or "").lower(), name.lower())
    state.sequences[key] = Sequence(name, schema, loc=st.loc)
    state.sequence_dropped[key] = []
    if m.group(1) and m.group(1).upper() != "UNLOGGED":
        # a temporary sequence lives for one session: a model of it would make it permanent
        state.sequence_dropped[key].append((st.loc, m.group(1).upper()))
    _sequence_options(state, st.loc, key, m.group(3))


def alter_sequence(state: ImportState, st: Statement, text: str) -> None:
    """ALTER SEQUENCE: OWNED BY ties it to a column; RESTART, INCREMENT, … adjust it."""
    m = ALTER_SEQUENCE.match(text.lstrip())
    assert m is not None
    schema, name = state.qname(m.group(1))
    key = ((schema or "").lower(), name.lower())
    rest = m.group(2).strip()
    if re.match(r"OWNER\s+TO\b", rest, re.I):
        state.counts["ownership (OWNER TO)"] += 1
        return
    if re.match(r"(?:RENAME|SET)\b", rest, re.I):
        state.skip(st, "ALTER SEQUENCE … RENAME / SET", "not modelled")
    elif re.match(r"OWNED\s+BY\b", rest, re.I) or key in state.sequences:
        _sequence_options(state, st.loc, key, rest)
    else:
        state.skip(st, "ALTER SEQUENCE of unknown sequences", f"no sequence {name}")


def _sequence_options(state: ImportState, loc: Loc, key: tuple[str, str], text: str) -> None:
    """Apply the options in `text` to the sequence `key`; keep what the model has no place for."""
    changes: dict[str, Any] = {}
    pos = 0
    while True:
        while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
            pos += 1
        if pos >= len(text):
            break
        m = _SEQUENCE_OPTION.match(text, pos)
        if m is None:  # an option the model has no place for (MariaDB's ENGINE=…, …)
            word = re.match(r"\S+", text[pos:])
            assert word is not None
            _drop(state, key, loc, word.group(0))
            pos += word.end()
            continue
        pos = m.end()
        _sequence_option(state, key, loc, m, changes)
    seq = state.sequences.get(key)
    if seq is not None and changes:
        state.sequences[key] = replace(seq, **changes)


def _sequence_option(
    state: ImportState, key: tuple[str, str], loc: Loc, m: re.Match[str], changes: dict[str, Any]
) -> None:
    got = {k: v for k, v in m.groupdict().items() if v is not None}
    group = next(iter(got), "")
    if group in _SEQUENCE_NUMBERS:
        changes[_SEQUENCE_NUMBERS[group]] = int(got[group])
    elif group in _SEQUENCE_FLAGS:
        changes[_SEQUENCE_FLAGS[group]] = None
    elif group in ("cycle", "no_cycle"):
        changes["cycle"] = group == "cycle"
    elif group == "owner":
        if got["owner"].upper() == "NONE":
            state.owned_sequences.discard(key)
        else:
            state.owned_sequences.add(key)
    elif group == "type":  # the model's sequences are bigint
        _drop(state, key, loc, m.group(0))
    # a bare RESTART starts over at the start value: nothing to model


def _drop(state: ImportState, key: tuple[str, str], loc: Loc, what: str) -> None:
    """An option the model does not carry: reported if the sequence stays standalone."""
    state.sequence_dropped.setdefault(key, []).append((loc, " ".join(what.split())))
