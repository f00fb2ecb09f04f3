"""The seed's checkpoint: its four questions, each answered from the checks with evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.checks.conventions import convention_evidence
from pydev_workflow.checks.coverage import coverage_evidence
from pydev_workflow.model import Cardinality, NormalizationLevel, Schema
from pydev_workflow.project import Component

QUESTIONS = (
    "Are all necessary entities captured?",
    "Are relationships correctly modeled?",
    "Will query patterns perform adequately?",
    "Any normalization concerns?",
)

# which rule families (docs/rules.md) bear on each question, most specific prefix first:
# 1 entities: coverage DM5xx, a missing primary key (DM102), naming DM2xx (a reserved word or
#   a too-long name is a problem of the entity's definition, not of a relationship), and DDL
#   the engine rejected (V301);
# 2 relationships: integrity DM1xx;
# 3 query patterns: indexes DM3xx and the measured plans V201/V203;
# 4 normalization: DM4xx.
# Verify's own failures are the tool's, never the user's design problem: the engine rejected
# the SQL we generated for a query (V204), the data generator could not load rows (V4xx), the
# engine chose another index than our analysis (V202), the round trip differs (V1xx).
_FAMILIES: tuple[tuple[str, int], ...] = (
    ("DM102", 1),
    ("DM5", 1),
    ("DM2", 1),
    ("V301", 1),
    ("DM1", 2),
    ("DM3", 3),
    ("V201", 3),
    ("V203", 3),
    ("DM4", 4),
)
TOOL_CODES = ("V1", "V202", "V204", "V4")  # V4xx: the data generator (verify/data.py)


def family(finding: Any) -> int | None:
    """The checkpoint question (1-4) a finding bears on; None for the tool's own failures."""
    code = str(getattr(finding, "code", ""))
    if code.startswith(TOOL_CODES):
        return None
    # a rule of a newer family (project conventions, say) judges the entities' definitions
    return next((q for prefix, q in _FAMILIES if code.startswith(prefix)), 1)


def tool_failures(findings: Sequence[Any]) -> list[Any]:
    """Verify's own failures among `findings`: what pydev-workflow, not the design, got wrong."""
    return [f for f in findings if str(getattr(f, "code", "")).startswith(TOOL_CODES)]


class Verdict(Enum):
    """The answer to one checkpoint question."""

    OK = "ok"
    ATTENTION = "needs attention"
    PROBLEM = "problem"


@dataclass(frozen=True, slots=True)
class Answer:
    """One question, its verdict and the evidence behind it."""

    number: int
    question: str
    verdict: Verdict
    summary: str
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain data for --format json."""
        return {
            "number": self.number,
            "question": self.question,
            "answer": self.verdict.value,
            "summary": self.summary,
            "evidence": list(self.evidence),
        }


def severity(finding: Any) -> str:
    """A finding's severity as lower-case text: error, warning or info."""
    sev = getattr(finding, "severity", "warning")
    return str(getattr(sev, "value", sev)).lower()


def _line(finding: Any) -> str:
    loc = getattr(finding, "loc", None)
    where = f"{loc}: " if loc is not None and str(getattr(loc, "file", "")) else ""
    return f"{where}{finding.code} {finding.message}"


def _verdict(related: Sequence[Any]) -> Verdict:
    if any(severity(f) == "error" for f in related):
        return Verdict.PROBLEM
    if any(severity(f) == "warning" for f in related):
        return Verdict.ATTENTION
    return Verdict.OK


def answer(
    schema: Schema,
    findings: Sequence[Any],
    components: Sequence[Component],
    verified: Mapping[str, str] | None = None,
    query_plans: Sequence[QueryPlan] | None = None,
) -> tuple[Answer, ...]:
    """Answer the checkpoint's four questions for `schema` from `findings` (and `verify` notes).

    Each finding goes to the question of its rule family (see `family`); verify's own failures
    go to none of them (`tool_failures` lists them).
    """
    qplans = tuple(query_plans) if query_plans is not None else plans(schema)
    related: dict[int, list[Any]] = {1: [], 2: [], 3: [], 4: []}
    for f in findings:
        q = family(f)
        if q is not None:
            related[q].append(f)
    return (
        _entities(schema, related[1], components),
        _relationships(schema, related[2]),
        _queries(related[3], verified or {}, qplans),
        _normalization(schema, related[4]),
    )


def _summary(related: Sequence[Any], what: str, ok: str) -> str:
    return ok if not related else f"{len(related)} {what} finding(s)"


def _entities(schema: Schema, related: Sequence[Any], components: Sequence[Component]) -> Answer:
    by_comp: dict[str, list[str]] = {}
    for e in schema.entities:
        by_comp.setdefault(e.component or "(no component)", []).append(e.name)
    evidence = [f"{len(schema.entities)} entities across {len(by_comp)} component(s)"]
    for comp in components:
        names = by_comp.get(comp.name, [])
        evidence.append(f"{comp.name}: {', '.join(names) if names else 'no entity'}")
    known = {c.name for c in components}
    evidence += [f"{c}: {', '.join(n)}" for c, n in by_comp.items() if c not in known]
    # what the architecture says each component owns, and the project's practices (CLAUDE.md)
    nouns = coverage_evidence(schema, components)
    evidence += [f"architecture names: {line}" for line in nouns]
    evidence += convention_evidence(schema)
    evidence += [_line(f) for f in related]
    ok = (
        "every thing the architecture names has an entity"
        if nouns
        else ("every component has entities")
    )
    summary = _summary(related, "entity", ok)
    return Answer(1, QUESTIONS[0], _verdict(related), summary, tuple(evidence))


def _relationships(schema: Schema, related: Sequence[Any]) -> Answer:
    counts = {c: sum(1 for r in schema.relationships if r.cardinality is c) for c in Cardinality}
    fks = sum(len(e.foreign_keys) for e in schema.entities)
    evidence = [
        f"{len(schema.relationships)} relationships: "
        + ", ".join(f"{n} {c.value}" for c, n in counts.items() if n),
        f"{fks} foreign keys",
    ] + [_line(f) for f in related]
    summary = _summary(
        related, "relationship", "every relationship is realised by a foreign key or junction"
    )
    return Answer(2, QUESTIONS[1], _verdict(related), summary, tuple(evidence))


def _plan_line(p: QueryPlan, note: str | None) -> str:
    line = (
        f"{p.query.name} ({p.query.frequency.value}): {p.access.value} via {p.index}, "
        f"{p.complexity.value}" + (", sort step" if p.sort_needed else "")
    )
    if p.accepted_scan:
        line += " (scan accepted in the spec)"
    return line + (f"; {note}" if note else "")


def _queries(
    related: Sequence[Any], verified: Mapping[str, str], qplans: Sequence[QueryPlan]
) -> Answer:
    if not qplans:
        summary = "no query patterns declared: nothing to judge"
        lines = tuple(_line(f) for f in related)
        return Answer(3, QUESTIONS[2], Verdict.ATTENTION, summary, lines)
    evidence = [_plan_line(p, verified.get(p.query.name)) for p in qplans]
    evidence += [_line(f) for f in related]
    verdict = _verdict(related)
    if verdict is Verdict.OK and any(not p.served and not p.accepted_scan for p in qplans):
        verdict = Verdict.ATTENTION
    summary = (
        f"{sum(1 for p in qplans if p.served)} of {len(qplans)} patterns served by an index"
        f"; {sum(1 for p in qplans if p.accepted_scan)} scan(s) accepted"
        + (f"; verified on a real engine for {len(verified)}" if verified else "")
    )
    return Answer(3, QUESTIONS[2], verdict, summary, tuple(evidence))


def _normalization(schema: Schema, related: Sequence[Any]) -> Answer:
    levels: dict[NormalizationLevel, list[str]] = {lvl: [] for lvl in NormalizationLevel}
    undecided = []
    for e in schema.entities:
        if e.normalization is None:
            undecided.append(e.name)
        else:
            levels[e.normalization.level].append(e.name)
    evidence = [f"{lvl.value}: {', '.join(n) if n else '-'}" for lvl, n in levels.items()]
    for e in schema.entities:
        if e.normalization and e.normalization.level is NormalizationLevel.DENORMALIZED:
            evidence.append(f"{e.name} denormalized because: {e.normalization.rationale or '?'}")
    if undecided:
        evidence.append(f"not stated: {', '.join(undecided)}")
    evidence += [_line(f) for f in related]
    summary = _summary(related, "normalization", "no normalization concerns")
    return Answer(4, QUESTIONS[3], _verdict(related), summary, tuple(evidence))
