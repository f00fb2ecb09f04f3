"""The ```sql block of a section, read by the SQL importer at the document's line numbers."""

from __future__ import annotations

from dataclasses import replace

from pydev_workflow.errors import InputError, Problem
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.markdown.parts import LocFn, SqlBlock


def read_sql_block(
    path: str, content: str, first: int, options: ImportOptions, at: LocFn, notes: list[Problem]
) -> SqlBlock:
    """The SQL block that starts on line `first` of `path`, imported (None and notes if not)."""
    loc = at(first - 1)
    try:
        # lazy: sqlglot loads only for a document that has a SQL block
        from pydev_workflow.importers.sql import import_sql_text
    except ImportError:
        notes.append(
            Problem(loc, "SQL block not read (the SQL importer is not installed)", code="sql")
        )
        return SqlBlock(content, loc, None)
    # pad with blank lines so that the SQL importer's line numbers are the document's
    padded = "\n" * first + content
    try:
        result = import_sql_text([(path, padded)], replace(options, strict=False))
    except InputError as exc:
        return SqlBlock(content, loc, None, exc.problems)
    return SqlBlock(content, loc, result)
