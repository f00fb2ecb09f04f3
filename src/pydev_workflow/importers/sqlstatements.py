"""Which handler reads which SQL statement: one table, checked in order, then what is skipped."""

from __future__ import annotations

import re
from collections.abc import Callable

from pydev_workflow.importers.sqlalter import (
    ALTER_TABLE,
    CREATE_INDEX,
    DROP_TABLE,
    alter_table,
    create_index,
    drop_table,
)
from pydev_workflow.importers.sqlobjects import (
    ALTER_SEQUENCE,
    COMMENT_ON,
    CREATE_DOMAIN,
    CREATE_ENUM,
    CREATE_SEQUENCE,
    alter_sequence,
    comment_on,
    create_domain,
    create_enum,
    create_sequence,
)
from pydev_workflow.importers.sqlsplit import Statement, strip_comments
from pydev_workflow.importers.sqlstate import ImportState
from pydev_workflow.importers.sqltable import CREATE_TABLE, create_table

#: a statement handler: the import's state, the statement, its text with comments blanked
Handler = Callable[[ImportState, Statement, str], None]

#: statement kinds the model carries, by leading keywords (checked in order; first match wins).
#: To read a new kind, add its pattern and a handler here.
HANDLERS: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (CREATE_TABLE, create_table),
    (CREATE_INDEX, create_index),
    (ALTER_TABLE, alter_table),
    (DROP_TABLE, drop_table),
    (CREATE_ENUM, create_enum),
    (CREATE_DOMAIN, create_domain),
    (COMMENT_ON, comment_on),
    (CREATE_SEQUENCE, create_sequence),
    (ALTER_SEQUENCE, alter_sequence),
)

#: statement kinds that are not modelled, by leading keywords (checked in order)
UNSUPPORTED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
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
        (r"SELECT\s+(?:pg_catalog\s*\.\s*)?setval\s*\(", "sequence values (setval: data)"),
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


def handler_of(state: ImportState, st: Statement) -> tuple[Handler | None, str]:
    """The handler of a statement the model carries (else None) and its text, comments blanked."""
    if st.meta:
        return None, ""
    text = strip_comments(st.text, hash_comments=state.engine.hash_comments)
    body = text.lstrip()
    if body:
        for pattern, handler in HANDLERS:
            if pattern.match(body):
                return handler, text
    return None, text


def read_statement(state: ImportState, st: Statement) -> None:
    """Hand one statement to its handler, or count and list it as not carried over."""
    handler, text = handler_of(state, st)
    if handler is not None:
        handler(state, st, text)
    else:
        skip_statement(state, st, text)


def skip_statement(state: ImportState, st: Statement, text: str) -> None:
    """Count and list a statement no handler reads (`text`: as handler_of returned it)."""
    if st.meta:
        state.counts["client meta-commands"] += 1
        return
    body = text.lstrip()
    if not body:
        return
    for pattern, kind in UNSUPPORTED:
        if pattern.match(body):
            state.skip(st, kind)
            return
    state.skip(st, "other statements", "not recognised")
