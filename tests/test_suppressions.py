"""Per-entity/field suppression: the runner drops the findings a suppression mapping names.

The spec's `ignore:` key is wired later; these tests build the mapping by hand.
"""

from __future__ import annotations

from pydev_workflow.checks import CheckContext, run_checks
from pydev_workflow.spec import loads
from pydev_workflow.workflow.pipeline import review

SPEC = """\
version: 1
dialect: postgresql
entities:
  User:
    table: user
    fields:
      id: {type: uuid, pk: true}
      order: {type: integer}
      select: {type: integer}
"""


def _codes(findings: object) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.entity, f.field) for f in findings]  # type: ignore[attr-defined]


def test_reserved_words_are_reported_with_their_field() -> None:
    found = _codes(run_checks(CheckContext(loads(SPEC)), select=["DM201"]))
    assert found == [
        ("DM201", "User", None),
        ("DM201", "User", "order"),
        ("DM201", "User", "select"),
    ]


def test_a_field_suppression_drops_only_that_field() -> None:
    schema = loads(SPEC)
    found = run_checks(
        CheckContext(schema), select=["DM201"], suppressions={("User", "order"): ["DM201"]}
    )
    assert _codes(found) == [("DM201", "User", None), ("DM201", "User", "select")]


def test_an_entity_suppression_covers_its_fields_and_matches_by_prefix() -> None:
    schema = loads(SPEC)
    kept = run_checks(CheckContext(schema), suppressions={("User", None): ["dm2"]})
    assert all(not f.code.startswith("DM2") for f in kept)
    everything = run_checks(CheckContext(schema))
    assert any(f.code.startswith("DM2") for f in everything)
    assert [f for f in everything if not f.code.startswith("DM2") or f.entity != "User"] == kept


def test_suppressions_of_other_codes_entities_or_fields_keep_the_finding() -> None:
    schema = loads(SPEC)
    plain = run_checks(CheckContext(schema), select=["DM201"])
    for suppressions in (
        {("User", "order"): ["DM202"]},
        {("Account", None): ["ALL"]},
        {("User", "id"): ["DM201"]},
    ):
        assert (
            run_checks(CheckContext(schema), select=["DM201"], suppressions=suppressions) == plain
        )


def test_review_passes_suppressions_to_the_runner() -> None:
    schema = loads(SPEC)
    before = review(schema, select=["DM201"])
    after = review(schema, select=["DM201"], suppressions={("User", None): ["ALL"]})
    assert len(before.findings) == 3 and after.findings == ()
