"""What a source states by its nature, written into the imported spec as decided facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydev_workflow.dialects import get_dialect
from pydev_workflow.model import Decision, Schema, Storage, StorageKind

#: importers whose sources are relational by nature -> what states it
RELATIONAL_SOURCES = {
    "sql": "CREATE TABLE statements",
    "db": "the database's own catalog",
    "sqlalchemy": "SQLAlchemy tables",
    "django": "Django models",
    "dbml": "DBML tables",
}


def stated_facts(schema: Schema, kind: str, source: str) -> tuple[Schema, tuple[str, ...]]:
    """Record what the source itself states, so it is not asked as a question.

    A table read from relational DDL (or a catalog, or ORM models) is a relational table on
    the source's engine: each entity without a storage gets it, and one decision says so
    with the source as its rationale. Nothing the source does not state is filled in.

    Returns:
        The schema with the facts and one line per fact recorded (for the import's output).
    """
    what = RELATIONAL_SOURCES.get(kind)
    open_entities = [e for e in schema.entities if e.storage is None]
    if what is None or not open_entities:
        return schema, ()

    try:
        engine = get_dialect(schema.dialect).display
    except Exception:  # noqa: BLE001 - an unknown dialect: name it as the spec does
        engine = schema.dialect
    storage = Storage(StorageKind.RELATIONAL, engine)
    entities = tuple(
        e if e.storage is not None else replace(e, storage=storage) for e in schema.entities
    )
    n = len(open_entities)
    # file names, not machine paths: the decision is committed with the spec
    source = ", ".join(Path(p).name if Path(p).is_file() else p for p in source.split(", "))
    tables = f"{n} table{'s' if n != 1 else ''}"
    text = f"The {tables} imported from {source} are relational tables on {engine}"
    decision = Decision(text, f"stated by the source ({what}), not assumed")
    decisions = schema.decisions
    if not any(d.decision == text for d in decisions):
        decisions += (decision,)
    return replace(schema, entities=entities, decisions=decisions), (text,)
