"""The review of a big model runs part of the rules in a forked child (pipeline._review): the
findings (same order) and the certainty score must be exactly those of one in-process pass."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from tests.conftest import ROOT

from pydev_workflow.spec import load, loads
from pydev_workflow.workflow.pipeline import CHECKS_AHEAD_MIN_ENTITIES, Review, review

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked on Linux only"
)

SPECS = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "specs").glob("*.yaml"),
        *(ROOT / "examples").glob("*/data-models.yaml"),
    ]
)


def _same(forked: Review, here: Review) -> None:
    assert forked.findings == here.findings
    assert [f.to_json() for f in forked.findings] == [f.to_json() for f in here.findings]
    assert [repr(f.fix) for f in forked.findings] == [repr(f.fix) for f in here.findings]
    assert forked.certainty == here.certainty


def big_spec(n: int) -> str:
    """A spec of `n` entities that many rules fire on, with some findings suppressed."""
    out = ["version: 1", "project: big", "dialect: postgresql", "entities:"]
    queries = ["query_patterns:"]
    for i in range(n):
        parent = max(i - 1, 0)
        out += [
            f"  E{i}:",
            f"    component: C{i % 7}",
            *(["    ignore: [DM2]"] if i % 5 == 0 else []),
            "    fields:",
            "      id: {type: integer, pk: true}" if i % 9 else "      id: {type: uuid}",
            f"      parent_id: {{type: bigint, references: E{parent}.id, on_delete: set null, "
            "nullable: false}",
            "      order: string",
            "      note: {type: varchar(70000), ignore: [DM108]}" if i % 3 else "      note: text",
            '      price: {type: "decimal"}',
            "      price_float: float",
            "      tags_list: text",
            "      created: timestamp",
            "      payload: {type: json}",
            "    indexes:",
            "      - {fields: [note]}",
            "      - {fields: [note, created]}",
        ]
        often = "high" if i % 11 == 0 else "low"  # risks: DM301 where a hot query reads
        queries.append(
            f"  - {{name: q{i}, entity: E{i}, filter: [created], order_by: [order], "
            f"frequency: {often}}}"
        )
    return "\n".join([*out, *queries]) + "\n"


@pytest.fixture(scope="module")
def big() -> str:
    return big_spec(CHECKS_AHEAD_MIN_ENTITIES + 50)


def test_the_big_spec_runs_many_rules(big: str) -> None:
    codes = {f.code for f in review(loads(big), dialects=["all"], fork_from=None).findings}
    assert len(codes) >= 8, codes
    assert {"DM701", "DM301", "DM108"} <= codes
    kinds = {p.category.value for p in review(loads(big), fork_from=None).certainty.points}
    assert {"risks", "errors", "normalization"} <= kinds


@pytest.mark.parametrize(
    ("select", "ignore"),
    [((), ()), (("DM1", "DM7"), ()), ((), ("DM3",)), (("DM301",), ()), (("DM4",), ())],
)
def test_forked_review_equals_the_in_process_one(
    big: str, select: tuple[str, ...], ignore: tuple[str, ...]
) -> None:
    assert threading.active_count() == 1  # else fork_call refuses and nothing is compared
    schema = loads(big)

    def twice(fork_from: int, suppress: dict[tuple[str, str | None], tuple[str, ...]]) -> None:
        forked, here = (
            review(
                schema,
                dialects=["all"],
                select=select,
                ignore=ignore,
                suppressions=suppress,
                fork_from=where,
            )
            for where in (fork_from, None)
        )
        _same(forked, here)

    twice(CHECKS_AHEAD_MIN_ENTITIES, {})  # the default threshold
    twice(1, {("E3", None): ("DM1",), ("E4", "order"): ("ALL",)})


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name + "/" + p.name)
def test_forked_review_equals_the_in_process_one_on_the_fixtures(spec: Path) -> None:
    schema = load(spec)
    for dialects in ((), ("all",)):
        _same(
            review(schema, dialects=dialects, fork_from=1),
            review(schema, dialects=dialects, fork_from=None),
        )
