"""`cannot_hold` (rule DM701) builds no Table, yet says exactly what the full translation notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pydev_workflow.dialects import metadata
from pydev_workflow.errors import InputError
from pydev_workflow.model import Schema
from pydev_workflow.spec import load, loads

ROOT = Path(__file__).resolve().parent.parent
DIALECTS = ("postgresql", "mysql", "mariadb", "sqlite")


def _specs() -> list[Any]:
    """Every golden spec, the examples, and every rule-case snippet (DM701's above all)."""
    out = [
        pytest.param(path, None, id=f"{path.parent.name}/{path.name}")
        for path in sorted((ROOT / "tests" / "fixtures" / "specs").glob("*.yaml"))
        + sorted((ROOT / "tests" / "fixtures" / "engine-specs").glob("*.yaml"))
        + sorted((ROOT / "examples").glob("*/data-models.yaml"))
    ]
    yaml = YAML(typ="safe")
    for path in sorted((ROOT / "tests" / "checks").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            out.append(pytest.param(path, case["spec"], id=f"{path.stem}-{i}"))
    return out


def _full_build_notes(schema: Schema, dialect: str) -> list[tuple[str, Any, str | None]] | str:
    """The notes as cannot_hold gave them before: from the full MetaData build."""
    try:
        return metadata._noted(metadata._build(schema, dialect))
    except InputError as exc:
        return f"InputError: {exc}"


def _cannot_hold(schema: Schema, dialect: str) -> list[tuple[str, Any, str | None]] | str:
    try:
        return metadata.cannot_hold(schema, dialect)
    except InputError as exc:
        return f"InputError: {exc}"


@pytest.mark.parametrize(("path", "snippet"), _specs())
def test_cannot_hold_says_what_the_full_build_notes(path: Path, snippet: str | None) -> None:
    try:
        schema = load(path) if snippet is None else loads(snippet, path.name)
    except InputError:  # a rule case of a spec that does not load: nothing to translate
        return
    for dialect in DIALECTS:
        # same text, same location, same entity, same order, or the same error
        assert _cannot_hold(schema, dialect) == _full_build_notes(schema, dialect), dialect


def test_golden_specs_are_all_compared() -> None:
    golden = {p.name for p in (ROOT / "tests" / "golden").iterdir()}
    compared = {p.stem for p in (ROOT / "tests" / "fixtures" / "specs").glob("*.yaml")}
    compared |= {p.stem for p in (ROOT / "tests" / "fixtures" / "engine-specs").glob("*.yaml")}
    compared |= {p.parent.name for p in (ROOT / "examples").glob("*/data-models.yaml")}
    assert golden <= compared


def test_cannot_hold_builds_no_table(example_spec: Path) -> None:
    schema = load(example_spec)
    b = metadata._build(schema, "mysql", dry=True)
    assert not b.md.tables
    assert metadata._noted(b) == metadata.cannot_hold(schema, "mysql")
    assert metadata._build(schema, "mysql").md.tables  # the full build still builds them


def test_a_namespace_clash_is_refused_without_tables_too() -> None:
    spec = """\
dialect: postgresql
entities:
  A: {schema: one, table: t, fields: {id: {type: integer, pk: true}}}
  B: {schema: two, table: t, fields: {id: {type: integer, pk: true}}}
"""
    schema = loads(spec, "clash.yaml")
    assert metadata.cannot_hold(schema, "postgresql") == []
    with pytest.raises(InputError, match="one namespace"):
        metadata.cannot_hold(schema, "sqlite")
    with pytest.raises(InputError, match="one namespace"):
        metadata._build(schema, "sqlite")
