"""The 80% certainty rule: an explainable score over the design's decision points."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.checks.base import Finding, Severity
from pydev_workflow.checks.indexes import create_index_text
from pydev_workflow.errors import Loc
from pydev_workflow.model import Entity, ForeignKey, Schema, TypeKind
from pydev_workflow.perf import gc_paused
from pydev_workflow.project import Component

THRESHOLD = 80.0


class Category(Enum):
    """The kinds of decision point; each has a fixed share of the score (see CATEGORY_WEIGHTS)."""

    TYPES = "types"
    ON_DELETE = "on-delete"
    STORAGE = "storage"
    COMPONENT = "component"
    QUERIES = "queries"
    NORMALIZATION = "normalization"
    MIGRATION = "migration"
    ERRORS = "errors"


#: Share of the score per category (sums to 100). A category without points (no foreign keys,
#: say) drops out and the others are scaled up, so the score always spans 0..100.
CATEGORY_WEIGHTS: dict[Category, float] = {
    Category.TYPES: 15,
    Category.ON_DELETE: 15,
    Category.STORAGE: 10,
    Category.COMPONENT: 10,
    Category.QUERIES: 15,
    Category.NORMALIZATION: 10,
    Category.MIGRATION: 10,
    Category.ERRORS: 15,
}


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    """One thing the design must decide: decided or not, its share, and what to ask if not."""

    key: str  # stable id, e.g. "fk:Post.user_id:on_delete"
    category: Category
    decided: bool
    weight: float  # share of the 100 points
    question: str  # what to ask the user when undecided
    assumption: str  # what the tool assumes when it proceeds anyway ("" = cannot assume)
    loc: Loc = Loc()

    def to_json(self) -> dict[str, Any]:
        """Plain data for agents."""
        return {
            "key": self.key,
            "category": self.category.value,
            "decided": self.decided,
            "weight": round(self.weight, 4),
            "question": self.question,
            "assumption": self.assumption,
            "location": str(self.loc),
        }


@dataclass(frozen=True, slots=True)
class Certainty:
    """The score (0..100) and every decision point behind it."""

    score: float
    points: tuple[DecisionPoint, ...]
    threshold: float = THRESHOLD

    @property
    def passed(self) -> bool:
        """True at or above the threshold: the step may execute."""
        return self.score >= self.threshold

    @property
    def undecided(self) -> tuple[DecisionPoint, ...]:
        """Undecided points, heaviest first (ties in spec order)."""
        open_points = [p for p in self.points if not p.decided]
        return tuple(sorted(open_points, key=lambda p: -p.weight))

    @property
    def questions(self) -> tuple[str, ...]:
        """The specific question of every undecided point, heaviest first."""
        return tuple(p.question for p in self.undecided)

    @property
    def assumptions(self) -> tuple[str, ...]:
        """What the tool assumes for every undecided point it can assume (in spec order)."""
        return tuple(p.assumption for p in self.points if not p.decided and p.assumption)

    def categories(self) -> list[dict[str, Any]]:
        """Per category: points decided / total and the share of the score earned."""
        out = []
        for cat in Category:
            pts = [p for p in self.points if p.category is cat]
            if not pts:
                continue
            out.append(
                {
                    "category": cat.value,
                    "decided": sum(p.decided for p in pts),
                    "total": len(pts),
                    "weight": round(sum(p.weight for p in pts), 2),
                    "earned": round(sum(p.weight for p in pts if p.decided), 2),
                }
            )
        return out

    def to_json(self) -> dict[str, Any]:
        """Plain, stable data: the score, the verdict and every point (explainable)."""
        return {
            "score": round(self.score, 1),
            "threshold": self.threshold,
            "passed": self.passed,
            "categories": self.categories(),
            "questions": list(self.questions),
            "assumptions": list(self.assumptions),
            "points": [p.to_json() for p in self.points],
        }


@dataclass(frozen=True, slots=True)
class _Raw:
    key: str
    category: Category
    decided: bool
    question: str
    assumption: str
    loc: Loc


def _plural(e: Entity) -> str:
    """`post_tags` -> "post tags"; a singular table name gets "rows" (`film` -> "film rows")."""
    words = e.table.replace("_", " ")
    return words if words.endswith("s") else f"{words} rows"


def _article(word: str) -> str:
    # "a User", "an Order": a leading u usually sounds like "you"
    return f"an {word}" if word[:1].lower() in "aeio" else f"a {word}"


def _type_points(schema: Schema) -> Iterator[_Raw]:
    for e in schema.entities:
        for f in e.fields:
            t = f.type
            where = f"{e.name}.{f.name}"
            key = f"field:{where}:type"
            if t.kind in (TypeKind.STRING, TypeKind.CHAR) and t.length is None:
                yield _Raw(
                    key,
                    Category.TYPES,
                    False,
                    f"{where}: what is the longest value it must hold? `{t.kind.value}` has no "
                    f"length (e.g. {t.kind.value}(100)), or is it free text (`text`)?",
                    f"{where} is an unbounded {t.kind.value} (no length limit)",
                    f.loc,
                )
            elif t.kind is TypeKind.DECIMAL and t.precision is None:
                yield _Raw(
                    key,
                    Category.TYPES,
                    False,
                    f"{where}: what precision and scale does the decimal need "
                    "(e.g. decimal(10,2) for money)?",
                    f"{where} is a decimal with the engine's default precision",
                    f.loc,
                )
            else:
                yield _Raw(key, Category.TYPES, True, f"{where}: which type?", "", f.loc)


def _fk_question(schema: Schema, e: Entity, fk: ForeignKey) -> str:
    parent = schema.entity(fk.ref_entity)
    parent_name = parent.name if parent else fk.ref_entity
    cols = fk.fields[0] if len(fk.fields) == 1 else "(" + ", ".join(fk.fields) + ")"
    return (
        f"{e.name}.{cols}: when {_article(parent_name)} is deleted, should their "
        f"{_plural(e)} be deleted (cascade), kept (set null) or block the delete (restrict)?"
    )


def _fk_points(schema: Schema) -> Iterator[_Raw]:
    for e in schema.entities:
        for fk in e.foreign_keys:
            cols = ", ".join(fk.fields)
            yield _Raw(
                f"fk:{e.name}.{cols}:on_delete",
                Category.ON_DELETE,
                fk.on_delete is not None,
                _fk_question(schema, e, fk),
                f"{e.name}.{cols} ON DELETE NO ACTION (engine default)",
                fk.loc,
            )


def _entity_points(schema: Schema, components: Sequence[Component]) -> Iterator[_Raw]:
    from pydev_workflow.dialects import get_dialect

    try:
        engine = get_dialect(schema.dialect).display
    except Exception:  # noqa: BLE001 - an unknown dialect is reported elsewhere; keep the name
        engine = schema.dialect
    names = [c.name for c in components] or list(schema.components)
    choices = f" (one of: {', '.join(names)})" if names else ""
    for e in schema.entities:
        yield _Raw(
            f"entity:{e.name}:storage",
            Category.STORAGE,
            e.storage is not None,
            f"{e.name}: where should it live: a relational table, a document store, a key-value "
            "store or file/object storage?",
            f"{e.name} is stored in a relational table ({engine})",
            e.loc,
        )
        yield _Raw(
            f"entity:{e.name}:component",
            Category.COMPONENT,
            bool(e.component),
            f"{e.name}: which ARCHITECTURE.md component owns it{choices}?",
            f"{e.name} belongs to no component",
            e.loc,
        )
    for e in schema.entities:
        yield _Raw(
            f"entity:{e.name}:normalization",
            Category.NORMALIZATION,
            e.normalization is not None,
            f"{e.name}: is it normalized (3NF), or deliberately denormalized, and why?",
            f"{e.name} is normalized (3NF)",
            e.loc,
        )


def _query_points(schema: Schema, all_plans: Iterable[QueryPlan]) -> Iterator[_Raw]:
    if not schema.query_patterns:
        yield _Raw(
            "queries:listed",
            Category.QUERIES,
            False,
            "Which queries must the model serve? List the frequent ones under query_patterns "
            "(entity, filter, order_by, frequency).",
            "no query patterns are known: indexes cover keys and foreign keys only",
            schema.loc,
        )
        return
    for p in all_plans:
        q, e = p.query, p.entity
        if p.suggestion is not None and not p.served:
            fix = f"add {p.suggestion.name} ({create_index_text(e, p.suggestion)})"
        else:
            fix = "add an index for it"
        yield _Raw(
            f"query:{q.name}:index",
            Category.QUERIES,
            p.served or p.accepted_scan,
            f"Query '{q.name}' ({q.frequency.value}) scans all {_plural(e)}: {fix}, "
            'or accept a full scan with `index: "-"`?',
            f"'{q.name}' runs as a full scan of {e.table} (O(n))",
            q.loc,
        )


_MIGRATION = (
    (
        "tool",
        "which tool manages schema changes (e.g. alembic, Django migrations, Flyway)?",
        "Migration tool: alembic",
    ),
    (
        "versioning",
        "how are migrations versioned (e.g. sequential revision ids, one per pull request)?",
        "Migrations are versioned by sequential revision ids",
    ),
    (
        "rollback",
        "how is a migration rolled back (e.g. a tested downgrade per revision)?",
        "Every migration has a downgrade; rollback runs it",
    ),
    (
        "data_migrations",
        "how are data migrations run (e.g. separate revisions, batched)?",
        "Data migrations run as separate, batched revisions",
    ),
)


def _migration_points(schema: Schema) -> Iterator[_Raw]:
    m = schema.migration
    loc = m.loc if m is not None else schema.loc
    for attr, question, assumption in _MIGRATION:
        value = getattr(m, attr) if m is not None else ""
        yield _Raw(
            f"migration:{attr}",
            Category.MIGRATION,
            bool(value and str(value).strip()),
            f"Migration strategy: {question}",
            assumption,
            loc,
        )


def _error_points(schema: Schema, findings: Iterable[Finding]) -> Iterator[_Raw]:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if not errors:
        yield _Raw("errors:none", Category.ERRORS, True, "Are there design errors?", "", schema.loc)
        return
    for f in errors:
        hint = f" (suggested: {f.hint})" if f.hint else ""
        yield _Raw(
            f"finding:{f.code}:{f.loc}",
            Category.ERRORS,
            False,
            f"{f.code} {f.message}: how should it be fixed{hint}?",
            "",  # an error is never assumed away
            f.loc,
        )


@gc_paused()
def assess(
    schema: Schema,
    findings: Iterable[Finding],
    components: Sequence[Component] = (),
    all_plans: tuple[QueryPlan, ...] | None = None,
) -> Certainty:
    """Score the design's decision points (docs/certainty.md explains the weights).

    Args:
        schema: the loaded spec.
        findings: the check findings; each error is an undecided point.
        components: ARCHITECTURE.md components (named in the component questions).
        all_plans: `analysis.plans(schema)` if the caller already has them.
    """
    raw: list[_Raw] = []
    raw.extend(_type_points(schema))
    raw.extend(_fk_points(schema))
    raw.extend(_entity_points(schema, components))
    raw.extend(_query_points(schema, all_plans if all_plans is not None else plans(schema)))
    raw.extend(_migration_points(schema))
    raw.extend(_error_points(schema, findings))
    counts: dict[Category, int] = {}
    for r in raw:
        counts[r.category] = counts.get(r.category, 0) + 1
    present = sum(CATEGORY_WEIGHTS[c] for c in counts)
    points = tuple(
        DecisionPoint(
            r.key,
            r.category,
            r.decided,
            CATEGORY_WEIGHTS[r.category] * 100.0 / present / counts[r.category],
            r.question,
            r.assumption,
            r.loc,
        )
        for r in raw
    )
    # float sums of many shares land a hair off (79.99999…): round away the noise
    score = min(round(sum(p.weight for p in points if p.decided), 6), 100.0)
    return Certainty(score, points)


__all__ = ["CATEGORY_WEIGHTS", "THRESHOLD", "Category", "Certainty", "DecisionPoint", "assess"]
