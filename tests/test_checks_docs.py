"""Rule docs: every docstring has its sections, its Example fires, its Use instead is silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.checks import CHECKS, CheckContext, run_checks
from pydev_workflow.checks.docs import SECTIONS, all_docs, rule_doc
from pydev_workflow.rules import explain, rules_markdown
from pydev_workflow.spec import loads

ROOT = Path(__file__).resolve().parent.parent
DOCS = {d.code: d for d in all_docs()}


def _codes(spec: str, code: str) -> list[str]:
    schema = loads(spec, "example.yaml")
    return [f.code for f in run_checks(CheckContext(schema), select=[code])]


def test_rules_md_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(), "run: python -m pydev_workflow.rules"


@pytest.mark.parametrize("code", CHECKS.names())
def test_docstring_shape(code: str) -> None:
    cls = CHECKS.get(code)
    doc = rule_doc(cls)
    assert cls.code == code
    assert cls.name == cls.name.lower() and " " not in cls.name and "_" not in cls.name
    assert [h for h, _ in doc.sections] == list(SECTIONS)
    assert doc.yaml("Example") and doc.yaml("Use instead")


@pytest.mark.parametrize("code", CHECKS.names())
def test_example_fires(code: str) -> None:
    assert code in _codes(DOCS[code].yaml("Example"), code)


@pytest.mark.parametrize("code", CHECKS.names())
def test_use_instead_is_silent(code: str) -> None:
    assert code not in _codes(DOCS[code].yaml("Use instead"), code)


def test_names_are_unique() -> None:
    names = [CHECKS.get(c).name for c in CHECKS.names()]
    assert len(names) == len(set(names))


def test_explain() -> None:
    text = explain("dm101")
    assert text.startswith("# DM101 fk-type-mismatch (error)")
    assert "## Use instead" in text
