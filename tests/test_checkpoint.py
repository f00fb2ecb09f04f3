"""The checkpoint's four questions, each answered from the findings of its rule family."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import EXAMPLE

from pydev_workflow.checks import run_checks
from pydev_workflow.checks.base import CheckContext
from pydev_workflow.errors import Loc
from pydev_workflow.project import Component
from pydev_workflow.spec import load, loads
from pydev_workflow.workflow.checkpoint import QUESTIONS, Verdict, answer

SPEC = """\
version: 1
entities:
  User:
    component: Accounts
    normalization: {level: normalized, rationale: x}
    fields:
      id: {type: uuid, pk: true}
      phone1: string(20)
      phone2: string(20)
  Post:
    component: Publishing
    normalization: {level: normalized, rationale: x}
    fields:
      id: {type: uuid, pk: true}
      user_id: {type: integer, references: User.id, on_delete: cascade}
      status: string(20)
relationships:
  - {from: User, to: Post, type: "1:N", label: writes}
query_patterns:
  - {name: Posts by status, entity: Post, filter: [status], frequency: high}
"""


def test_each_finding_lands_on_its_question() -> None:
    schema = loads(SPEC)
    components = (
        Component("Accounts", Loc("ARCHITECTURE.md", 3, 1)),
        Component("Publishing"),
        Component("Billing", Loc("ARCHITECTURE.md", 5, 1)),
    )
    findings = run_checks(CheckContext(schema=schema, components=components))
    answers = answer(schema, findings, components)
    assert [a.question for a in answers] == list(QUESTIONS)
    by_number = {a.number: "\n".join(a.evidence) for a in answers}
    assert "DM501" in by_number[1] and "Billing: no entity" in by_number[1]  # coverage
    assert "DM101" in by_number[2]  # integer FK to a uuid key
    assert "DM304" in by_number[3] and "DM301" in by_number[3]  # scan; unindexed FK
    assert "DM401" in by_number[4]  # phone1, phone2
    assert answers[1].verdict is Verdict.PROBLEM  # an error-severity finding
    assert answers[2].verdict is Verdict.ATTENTION
    assert answers[3].verdict is Verdict.ATTENTION


def test_the_example_answers_ok_with_evidence() -> None:
    schema = load(EXAMPLE / "data-models.yaml")
    components = tuple(Component(n) for n in ("Accounts", "Publishing", "Discussion", "Media"))
    answers = answer(
        schema,
        run_checks(CheckContext(schema=schema, components=components)),
        components,
        verified={"Get post by ID": "verified on sqlite: PK, O(1)"},
    )
    assert all(a.verdict is Verdict.OK for a in answers)
    assert all(a.evidence for a in answers)
    assert any("verified on sqlite" in line for line in answers[2].evidence)
    assert "verified on a real engine for 1" in answers[2].summary


def test_a_reserved_word_is_a_naming_problem_not_a_relationship_problem() -> None:
    schema = loads(
        SPEC.replace(
            "      status: string(20)\n", "      status: string(20)\n      order: integer\n"
        )
    )
    findings = run_checks(CheckContext(schema=schema))
    assert any(f.code == "DM201" for f in findings)
    answers = answer(schema, findings, ())
    by_number = {a.number: "\n".join(a.evidence) for a in answers}
    assert "DM201" in by_number[1] and "DM201" not in by_number[2]


def test_every_rule_family_has_its_question_and_verify_failures_are_the_tools() -> None:
    from pydev_workflow.checks import CHECKS
    from pydev_workflow.verify.core import CODES, finding
    from pydev_workflow.workflow.checkpoint import family, tool_failures

    expected = {"1": 2, "2": 1, "3": 3, "4": 4, "5": 1}
    for code in CHECKS.names():
        want = 1 if code == "DM102" else expected.get(code[2], 1)
        assert family(finding(code, "x")) == want, code
    for code in ("V201", "V203"):
        assert family(finding(code, "x")) == 3
    assert family(finding("V301", "x")) == 1
    tool = [finding(c, "x") for c in ("V101", "V202", "V204", "V401")]
    assert [family(f) for f in tool] == [None] * 4
    assert tool_failures([*tool, finding("V201", "x")]) == tool
    assert set(CODES) <= {"V201", "V202", "V203", "V204", "V301", "V401", "V402"}
    schema = loads(SPEC)
    answers = answer(schema, tool, ())
    assert not any("V401" in line for a in answers for line in a.evidence)


def test_run_reports_a_data_generator_failure_as_the_tools(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import shutil

    from pydev_workflow.cli.app import run_cli

    project = tmp_path / "blog"
    shutil.copytree(EXAMPLE, project)
    spec = project / "data-models.yaml"
    # a CHECK the synthetic data generator cannot read
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "    description: A topic label\n",
            '    description: A topic label\n    checks: ["abs(length(name) - 7) = 0"]\n',
        ),
        encoding="utf-8",
    )
    args = ["data-models", "run", "-C", str(project), "--no-commit", "--verify", "sqlite"]
    # the generator sees it cannot satisfy the CHECK: a note naming it (V402), the table is
    # skipped, and nothing is blamed on the design
    assert run_cli([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    notes = [f for v in data["verification"] for f in v["findings"] if f["code"] == "V402"]
    assert notes and "abs(length(name) - 7) = 0" in json.dumps(notes)
    assert all(a["answer"] == "ok" for a in data["checkpoint"])
    assert not any("V40" in line for a in data["checkpoint"] for line in a["evidence"])
