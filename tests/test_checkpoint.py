"""The checkpoint's four questions, each answered from the findings of its rule family."""

from __future__ import annotations

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
