"""Tables of one name in two schemas: fine on PostgreSQL, a clear input error on SQLite."""

from __future__ import annotations

import pytest

from pydev_workflow.dialects.metadata import statements
from pydev_workflow.errors import InputError
from pydev_workflow.spec import loads

SPEC = """\
version: 1
entities:
  CoverArtType:
    table: art_type
    schema: cover_art_archive
    fields: {id: {type: integer, pk: true}}
  EventArtType:
    table: art_type
    schema: event_art_archive
    fields: {id: {type: integer, pk: true}}
"""


def test_postgresql_keeps_both_tables() -> None:
    tables = [s.sql for s in statements(loads(SPEC), "postgresql") if s.kind == "table"]
    assert len(tables) == 2


def test_sqlite_says_it_has_one_namespace() -> None:
    with pytest.raises(InputError) as info:
        statements(loads(SPEC, "spec.yaml"), "sqlite")
    (problem,) = info.value.problems
    assert str(problem).startswith("spec.yaml:7:3: error: SQLite keeps all tables in one namespace")
    assert "postgresql" in problem.hint
