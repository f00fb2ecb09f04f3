"""The seed's checkpoint: its four questions, each answered from the checks with evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.model import Cardinality, NormalizationLevel, Schema
from pydev_workflow.project import Component

QUESTIONS = (
    "Are all necessary entities captured?",
    "Are relationships correctly modeled?",
    "Will query patterns perform adequately?",
    "Any normalization concerns?",
)

# which rule families (docs/rules.md) bear on each question: coverage DM5xx -> 1,
# integrity DM1xx and naming DM2xx -> 2, indexes DM3xx -> 3, normalization DM4xx -> 4;
# verify's findings: measured query plans (V2xx) -> 3, round-trip differences (V1xx) and DDL
# the engine rejected (V3xx) -> 2
_COVERAGE = ("DM5",)
_RELATIONS = ("DM1", "DM2", "V1", "V3")
_QUERIES = ("DM3", "V2")
_NORMALIZATION = ("DM4",)


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


def _about(finding: Any, prefixes: Sequence[str]) -> bool:
    return str(getattr(finding, "code", "")).startswith(tuple(prefixes))


def severity(finding: Any) -> str:
    """A finding's severity as lower-case text (checks and verify use different enums)."""
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
    """Answer the checkpoint's four questions for `schema` from `findings` (and `verify` notes)."""
    qplans = tuple(query_plans) if query_plans is not None else plans(schema)
    verified = verified or {}
    answers: list[Answer] = []

    # 1. entities
    related = [f for f in findings if _about(f, _COVERAGE)]
    by_comp: dict[str, list[str]] = {}
    for e in schema.entities:
        by_comp.setdefault(e.component or "(no component)", []).append(e.name)
    evidence = [f"{len(schema.entities)} entities across {len(by_comp)} component(s)"]
    for comp in components:
        names = by_comp.get(comp.name, [])
        evidence.append(f"{comp.name}: {', '.join(names) if names else 'no entity'}")
    for comp_name, names in by_comp.items():
        if comp_name not in {c.name for c in components}:
            evidence.append(f"{comp_name}: {', '.join(names)}")
    evidence += [_line(f) for f in related]
    answers.append(
        Answer(
            1,
            QUESTIONS[0],
            _verdict(related),
            "every component has entities"
            if not related
            else f"{len(related)} coverage finding(s)",
            tuple(evidence),
        )
    )

    # 2. relationships
    related = [f for f in findings if _about(f, _RELATIONS)]
    counts = {c: sum(1 for r in schema.relationships if r.cardinality is c) for c in Cardinality}
    fks = sum(len(e.foreign_keys) for e in schema.entities)
    evidence = [
        f"{len(schema.relationships)} relationships: "
        + ", ".join(f"{n} {c.value}" for c, n in counts.items() if n),
        f"{fks} foreign keys",
    ] + [_line(f) for f in related]
    answers.append(
        Answer(
            2,
            QUESTIONS[1],
            _verdict(related),
            "every relationship is realised by a foreign key or junction"
            if not related
            else f"{len(related)} relationship finding(s)",
            tuple(evidence),
        )
    )

    # 3. query patterns
    related = [f for f in findings if _about(f, _QUERIES)]
    evidence = []
    for p in qplans:
        note = verified.get(p.query.name)
        line = (
            f"{p.query.name} ({p.query.frequency.value}): {p.access.value} via {p.index}, "
            f"{p.complexity.value}" + (", sort step" if p.sort_needed else "")
        )
        if p.accepted_scan:
            line += " (scan accepted in the spec)"
        if note:
            line += f"; {note}"
        evidence.append(line)
    evidence += [_line(f) for f in related]
    scans = [p for p in qplans if not p.served and not p.accepted_scan]
    verdict = _verdict(related)
    if scans and verdict is Verdict.OK:
        verdict = Verdict.ATTENTION
    summary = (
        f"{sum(1 for p in qplans if p.served)} of {len(qplans)} patterns served by an index"
        + (f"; {sum(1 for p in qplans if p.accepted_scan)} scan(s) accepted" if qplans else "")
        + (f"; verified on a real engine for {len(verified)}" if verified else "")
    )
    if not qplans:
        verdict, summary = Verdict.ATTENTION, "no query patterns declared: nothing to judge"
    answers.append(Answer(3, QUESTIONS[2], verdict, summary, tuple(evidence)))

    # 4. normalization
    related = [f for f in findings if _about(f, _NORMALIZATION)]
    levels = {
        lvl: [
            e.name
            for e in schema.entities
            if e.normalization is not None and e.normalization.level is lvl
        ]
        for lvl in NormalizationLevel
    }
    undecided = [e.name for e in schema.entities if e.normalization is None]
    evidence = [f"{lvl.value}: {', '.join(n) if n else '-'}" for lvl, n in levels.items()]
    for e in schema.entities:
        if e.normalization and e.normalization.level is NormalizationLevel.DENORMALIZED:
            evidence.append(f"{e.name} denormalized because: {e.normalization.rationale or '?'}")
    if undecided:
        evidence.append(f"not stated: {', '.join(undecided)}")
    evidence += [_line(f) for f in related]
    verdict = _verdict(related)
    answers.append(
        Answer(
            4,
            QUESTIONS[3],
            verdict,
            "no normalization concerns"
            if not related
            else f"{len(related)} normalization finding(s)",
            tuple(evidence),
        )
    )
    return tuple(answers)
