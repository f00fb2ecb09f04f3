"""`import`'s summary made by a child from the model equals the summary of the spec it wrote."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pydev_workflow.cli.cmd_import import _dump_and_check, _early_checks, _summary
from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.facts import stated_facts
from pydev_workflow.importers.sql import import_sql

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


@pytest.mark.parametrize("early", [True, False])
@pytest.mark.parametrize(
    ("path", "dialect"),
    [
        ("postgresql/pagila-schema.sql", "postgresql"),
        ("mysql/sakila-schema.sql", "mysql"),
        ("sqlite/chinook-schema.sql", "sqlite"),
    ],
)
def test_the_childs_summary_is_the_written_specs(
    corpus: Path, tmp_path: Path, path: str, dialect: str, early: bool
) -> None:
    file = str(corpus / path)
    schema, _ = stated_facts(import_sql(file, ImportOptions(dialect=dialect)).schema, "sql", file)
    out = tmp_path / "spec.yaml"
    child = _early_checks([file]) if early else None
    assert (child is not None) == early
    try:
        text, reloaded, summary = _dump_and_check(schema, "h", out, child)
    finally:
        if child is not None:
            child.stop()
    assert summary is not None  # the child answered, and the spec reloaded to the same model
    assert summary == _summary(reloaded, out)
