"""The checks on real schemas written by other people (hand-translated corpus specs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.certainty import assess
from pydev_workflow.checks import CheckContext, Severity, run_checks
from pydev_workflow.spec import load

SPECS = Path(__file__).resolve().parent / "fixtures" / "specs"


@pytest.mark.parametrize("name", ["chinook", "sakila"])
def test_real_schemas_have_no_errors(name: str) -> None:
    schema = load(SPECS / f"{name}.yaml", f"{name}.yaml")
    findings = run_checks(CheckContext(schema, dialects=("postgresql", "sqlite", "mysql")))
    assert not [f for f in findings if f.severity is Severity.ERROR], [str(f) for f in findings]
    assert assess(schema, findings).passed


def test_real_redundancies_are_found() -> None:
    # Chinook indexes PlaylistTrack.PlaylistId although it leads the composite primary key
    schema = load(SPECS / "chinook.yaml", "chinook.yaml")
    findings = run_checks(CheckContext(schema), select=["DM302"])
    assert [f.entity for f in findings] == ["PlaylistTrack"]
    assert "prefix of the primary key" in findings[0].message
