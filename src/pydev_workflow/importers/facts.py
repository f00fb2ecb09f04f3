"""One import: run an importer, then record what its source states as decided facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.driver import redact
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers import IMPORTERS
from pydev_workflow.importers.base import ImportOptions, ImportResult
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


@dataclass(frozen=True)
class Imported:
    """What one import read, and the model with what its source states.

    `schema` has the facts (`stated_facts`) recorded, `facts` says them, `named` is the sources
    as messages show them (a database URL's password redacted).
    """

    result: ImportResult
    schema: Schema
    facts: tuple[str, ...]
    named: str


def import_model(
    kind: str,
    sources: Sequence[str],
    options: ImportOptions,
    *,
    purpose: str = "import",
    busy: Callable[[str], AbstractContextManager[object]] | None = None,
) -> Imported:
    """Run the `kind` importer on `sources` and record what the source states.

    The one path of `import` and `render --db`. `busy(text)` wraps the importer's run (the
    CLI's spinner).

    Raises:
        InputError: an unknown kind, what the importer refuses, and a source with no tables
            (nothing to `purpose`).
    """
    importer = IMPORTERS.get(kind)  # an unknown kind gets a did-you-mean
    named = redact(", ".join(sources))  # a database URL may carry a password
    with busy(f"importing {kind} from {named} …") if busy else nullcontext():
        result = importer(sources[0], replace(options, extra_sources=tuple(sources[1:])))
    if not result.schema.entities:  # the wrong file, an empty database: say so
        n = len(result.unsupported)
        skipped = f", {n} statement{'s' * (n != 1)} not carried over" if n else ""
        also = ", and its --dialect" if kind == "sql" else ""
        raise InputError(
            Problem(
                Loc(named),
                f"found no tables to {purpose}{skipped}",
                f"check that it is the {kind} source you meant{also}",
            )
        )
    schema, facts = stated_facts(result.schema, kind, named)
    return Imported(result, schema, facts, named)
