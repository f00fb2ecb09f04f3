"""The SQL block laid out in slices (what each DDL worker sends back) is the one-pass block."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.dialects import metadata
from pydev_workflow.renderers.sql import block_part, join_block_parts, layout_sections
from pydev_workflow.spec import load

FIXTURES = Path(__file__).parent / "fixtures"
SPECS = sorted((FIXTURES / "specs").glob("*.yaml")) + sorted(
    (FIXTURES / "engine-specs").glob("*.yaml")
)


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite", "mysql", "mariadb"])
@pytest.mark.parametrize("spec", [*SPECS, None], ids=lambda p: p.stem if p else "blog")
def test_slices_laid_out_and_joined_are_the_block(
    spec: Path | None, dialect: str, example_spec: Path
) -> None:
    schema = load(spec or example_spec)
    once = layout_sections(metadata.sections(schema, dialect))
    for parts in (1, 2, 3):
        slices = [block_part(schema, dialect, i, parts) for i in range(parts)]
        assert join_block_parts(schema, dialect, slices) == once, parts
        # DM701's notes, sent along with the slices, joined: what a translation of it all notes
        joined = metadata.joined_notes(schema, [s.notes for s in slices[::-1]])
        assert joined == metadata.cannot_hold(schema, dialect), parts
