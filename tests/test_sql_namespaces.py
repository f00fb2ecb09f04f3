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


def test_two_foreign_keys_on_one_column_get_two_names() -> None:
    """A column that references two parents: fk_c_x and fk_c_x_2, in the DDL and the ORM code
    (one generated name for both made the engine refuse the second)."""
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.renderers.orm import fk_name
    from pydev_workflow.spec import loads

    spec = loads(
        """
entities:
  A: {fields: {id: {type: integer, pk: true}}}
  B: {fields: {id: {type: integer, pk: true}}}
  C:
    fields:
      id: {type: integer, pk: true}
      x: {type: integer, references: A.id}
    foreign_keys:
      - {fields: [x], references: B.id}
"""
    )
    c = spec.entity("C")
    assert c is not None
    assert [fk_name(c, fk) for fk in c.foreign_keys] == ["fk_c_x", "fk_c_x_2"]
    sql = "\n".join(st.sql for st in statements(spec, "postgresql"))
    assert "CONSTRAINT fk_c_x FOREIGN KEY" in sql and "CONSTRAINT fk_c_x_2 FOREIGN KEY" in sql
