"""Our own Markdown renderer's section of examples/blog reads back as the spec's model.

What the section cannot carry, and is therefore compared away:
- `component` of each entity, `project`, `decisions` (not part of the Data Models section);
- a query pattern's filters, order_by, group_by, aggregate, limit and description: the
  Query Patterns table has only Query | Frequency | Complexity | Index Used. Entity and the
  leading filter are read back from the index / the words of the query's name;
- `Index Used` is the planner's choice, so it is kept only where the planner would choose
  otherwise (always `-`, an accepted scan);
- the table name of an entity that is neither in the SQL block nor referenced by an FK;
- engine enum type names (the spec cannot hold them either).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.markdown import import_markdown
from pydev_workflow.model import Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.spec.load import load

pytest.importorskip("pydev_workflow.renderers.markdown")
pytest.importorskip("pydev_workflow.renderers.sql")


def _carried(s: Schema, tables: dict[str, str]) -> Schema:
    """`s` without what the section cannot carry (see the module docstring)."""
    return replace(
        s,
        entities=tuple(
            replace(e, component=None, table=tables.get(e.name, e.table)) for e in s.entities
        ),
        query_patterns=tuple(
            replace(
                q,
                filters=q.filters[:1],
                order_by=(),
                group_by=(),
                aggregate=None,
                limit=None,
                description="",
                index=q.index if q.index == "-" else None,
            )
            for q in s.query_patterns
        ),
        decisions=(),
        project="",
        components=(),
    )


def test_blog_section_reads_back(example_spec: Path, tmp_path: Path) -> None:
    spec = load(example_spec)
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(
        "# Inkwell\n\n" + render("markdown", spec, RenderOptions(date="2024-01-01")),
        encoding="utf-8",
    )
    back = import_markdown(str(doc), ImportOptions(dialect="postgresql")).schema
    tables = {e.name: e.table for e in back.entities}
    want = _carried(spec, tables)
    got = _carried(back, tables)
    assert got.entities == want.entities
    assert got.relationships == want.relationships
    assert got.migration == want.migration
    assert [(q.name, q.entity, q.frequency) for q in got.query_patterns] == [
        (q.name, q.entity, q.frequency) for q in want.query_patterns
    ]
    # tables come back for every entity the SQL creates or an FK names
    assert {n: t for n, t in tables.items() if n != "MediaAsset"} == {
        e.name: e.table for e in spec.entities if e.name != "MediaAsset"
    }
