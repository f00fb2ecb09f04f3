"""CREATE TYPE … AS ENUM, CREATE DOMAIN, COMMENT ON and sequences: objects around the tables."""

from __future__ import annotations

import re

from pydev_workflow.importers.sqlsplit import Statement, split_top
from pydev_workflow.importers.sqlstate import QNAME, ImportState
from pydev_workflow.importers.sqltypes import field_type

CREATE_ENUM = re.compile(rf"CREATE\s+TYPE\s+({QNAME})\s+AS\s+ENUM\s*\((.*)\)\s*$", re.I | re.S)
CREATE_DOMAIN = re.compile(rf"CREATE\s+DOMAIN\s+({QNAME})\s+(?:AS\s+)?(.*)$", re.I | re.S)
COMMENT_ON = re.compile(
    rf"COMMENT\s+ON\s+(TABLE|COLUMN)\s+({QNAME})\s+IS\s+(NULL|E?'(?:[^']|'')*')\s*$", re.I | re.S
)
SEQUENCE = re.compile(r"(CREATE|ALTER)\s+SEQUENCE\b", re.I)
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
        tree = state.sqlglot.parse_one(f"CREATE TABLE _t (c {type_text})", read=state.read)
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
    text = "" if raw.upper() == "NULL" else raw[raw.index("'") + 1 : -1].replace("''", "'")
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


def sequence(state: ImportState, st: Statement, text: str) -> None:
    """CREATE / ALTER SEQUENCE: sequences back serial/identity columns (`identity`)."""
    state.counts["sequences (as identity)"] += 1
