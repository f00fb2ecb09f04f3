"""The rule cases of tests/checks/<code>.yaml: each snippet yields exactly the expected codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from pydev_workflow.checks import CHECKS, CheckContext, run_checks
from pydev_workflow.errors import Loc
from pydev_workflow.project import Component
from pydev_workflow.spec import loads

CASES_DIR = Path(__file__).resolve().parent / "checks"


def _cases() -> list[Any]:
    yaml = YAML(typ="safe")
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        assert data["code"] == path.stem, f"{path.name}: code must match the file name"
        for case in data["cases"]:
            out.append(pytest.param(data["code"], case, id=f"{data['code']}-{case['name']}"))
    return out


def test_every_rule_has_cases() -> None:
    assert {p.stem for p in CASES_DIR.glob("*.yaml")} == set(CHECKS.names())


@pytest.mark.parametrize(("code", "case"), _cases())
def test_case(code: str, case: dict[str, Any]) -> None:
    schema = loads(case["spec"], f"{code}.yaml")
    ctx = CheckContext(
        schema,
        tuple(
            Component(n, Loc("ARCHITECTURE.md", i + 3, 4))
            for i, n in enumerate(case.get("components", ()))
        ),
        tuple(case.get("dialects", ("postgresql",))),
    )
    findings = run_checks(ctx, select=[code])
    assert sorted(f.code for f in findings) == sorted(case["expect"]), [str(f) for f in findings]
    for f in findings:
        assert f.loc.file in (f"{code}.yaml", "ARCHITECTURE.md"), "findings point at a file"
        assert f.loc.line > 0, "findings point at the line"
        assert "\n" not in f.message
        if "severity" in case:
            assert f.severity.value == case["severity"]
        if "message" in case:
            assert case["message"] in str(f)
