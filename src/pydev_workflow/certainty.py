"""The 80% certainty rule: an explainable score over the design's decision points."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.checks.base import Finding, Severity
from pydev_workflow.checks.indexes import create_index_text
from pydev_workflow.dialects import get_dialect
from pydev_workflow.errors import Loc
from pydev_workflow.inflect import noun_key
from pydev_workflow.model import Entity, ForeignKey, Frequency, Index, Schema, TypeKind
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
    RISKS = "risks"


#: Share of the score per category. A category without points (no foreign keys, say; risks
#: only join when one is found) drops out and the others are scaled up, so the score always
#: spans 0..100.
CATEGORY_WEIGHTS: dict[Category, float] = {
    Category.TYPES: 15,
    Category.ON_DELETE: 15,
    Category.STORAGE: 10,
    Category.COMPONENT: 10,
    Category.QUERIES: 15,
    Category.NORMALIZATION: 10,
    Category.MIGRATION: 10,
    Category.ERRORS: 15,
    Category.RISKS: 10,  # present only when a risk is found; otherwise the others scale up
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
    spec_key: str = ""  # where the answer goes, e.g. "entities.Post.fields.user_id.on_delete"
    choices: tuple[Choice, ...] = ()  # the answers that settle it (written by `answers.apply`)
    assumed: bool = False  # decided by a fact the source states or a default no rule doubts

    @property
    def ask(self) -> str:
        """The question with the spec key and the choices that answer it."""
        if not self.spec_key:
            return self.question
        labels = " | ".join(c.label for c in self.choices)
        return f"{self.question} [{self.spec_key}" + (f": {labels}]" if labels else "]")

    def to_json(self) -> dict[str, Any]:
        """Plain data for agents."""
        return {
            "key": self.key,
            "category": self.category.value,
            "decided": self.decided,
            "assumed": self.assumed,
            "weight": round(self.weight, 4),
            "question": self.question,
            "spec_key": self.spec_key,
            "choices": [c.label for c in self.choices],
            "assumption": self.assumption,
            "location": str(self.loc),
        }


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer to a question and the spec edits it makes.

    An edit is (path, value): the path is a tuple of mapping keys, `("match", key, value)`
    steps that pick a list item, and a final `"+"` that appends to a list. A choice without
    edits ("edit the spec by hand") settles nothing by itself.
    """

    label: str
    edits: tuple[tuple[tuple[Any, ...], Any], ...] = ()


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
        """Every undecided point's question with its spec key and choices, heaviest first."""
        return tuple(p.ask for p in self.undecided)

    @property
    def assumptions(self) -> tuple[str, ...]:
        """What the tool assumes, in spec order.

        For undecided points it can assume, and for points settled by a fact the source
        states or a default no rule doubts.
        """
        return tuple(
            p.assumption for p in self.points if (p.assumed or not p.decided) and p.assumption
        )

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
            "open_questions": [
                {
                    "key": p.spec_key,
                    "question": p.question,
                    "choices": [c.label for c in p.choices],
                    "location": str(p.loc),
                }
                for p in self.undecided
            ],
            "assumptions": list(self.assumptions),
            "points": [p.to_json() for p in self.points],
        }


class _Raw(NamedTuple):
    """A decision point before its weight is known (a tuple: big specs have 75,000 of them)."""

    key: str
    category: Category
    decided: bool
    question: str
    assumption: str
    loc: Loc
    spec_key: str = ""
    choices: tuple[Choice, ...] = ()
    assumed: bool = False


def _set(*path: Any, value: Any) -> tuple[tuple[Any, ...], Any]:
    return (tuple(path), value)


def _choices(path: tuple[Any, ...], *values: str) -> tuple[Choice, ...]:
    # hot (several per field of a big spec): `_set(*path, value=v)` is `(path, v)`
    return tuple([Choice(v, ((path, v),)) for v in values])


def _accept(text: str) -> Choice:
    """Accept a risk: a decision in the spec, with the risk's own words, settles it."""
    rationale = "accepted when pydev-workflow asked"
    return Choice(
        "accept", (_set("decisions", "+", value={"decision": text, "rationale": rationale}),)
    )


def _key_path(path: tuple[Any, ...]) -> str:
    out = ""
    for step in path:
        if isinstance(step, tuple):
            out += f"[{step[2] if isinstance(step[2], str) else ','.join(step[2])}]"
        else:
            out += ("." if out else "") + str(step)
    return out


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
            path = ("entities", e.name, "fields", f.name, "type")
            if t.kind in (TypeKind.STRING, TypeKind.CHAR) and t.length is None:
                k = t.kind.value
                yield _Raw(
                    key,
                    Category.TYPES,
                    False,
                    f"{where}: what is the longest value it must hold? `{k}` has no "
                    f"length (e.g. {k}(100)), or is it free text (`text`)?",
                    f"{where} is an unbounded {k} (no length limit)",
                    f.loc,
                    _key_path(path),
                    _choices(path, f"{k}(50)", f"{k}(100)", f"{k}(255)", "text"),
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
                    _key_path(path),
                    _choices(path, "decimal(10,2)", "decimal(12,4)", "decimal(19,4)"),
                )
            else:
                yield _Raw(key, Category.TYPES, True, f"{where}: which type?", "", f.loc)


def _fk_question(schema: Schema, e: Entity, fk: ForeignKey) -> str:
    parent = schema.entity(fk.ref_entity)
    parent_name = parent.name if parent else fk.ref_entity
    cols = fk.fields[0] if len(fk.fields) == 1 else "(" + ", ".join(fk.fields) + ")"
    if not _nullable(e, fk):
        return (
            f"{e.name}.{cols}: when {_article(parent_name)} is deleted, should their "
            f"{_plural(e)} be deleted (cascade) or block the delete (restrict)? "
            f"(set null would need {cols} to be nullable)"
        )
    return (
        f"{e.name}.{cols}: when {_article(parent_name)} is deleted, should their "
        f"{_plural(e)} be deleted (cascade), kept (set null) or block the delete (restrict)?"
    )


def _nullable(e: Entity, fk: ForeignKey) -> bool:
    return all((fld := e.field(c)) is not None and fld.nullable for c in fk.fields)


def fk_path(e: Entity, fk: ForeignKey) -> tuple[Any, ...]:
    """Where a foreign key's `on_delete` goes in the spec.

    `entities.E.fields.col.on_delete` for one column (the writer also finds it in the
    entity's `foreign_keys` list when the key is declared there), else the list item.
    """
    if len(fk.fields) == 1:
        return ("entities", e.name, "fields", fk.fields[0], "on_delete")
    return ("entities", e.name, "foreign_keys", ("match", "fields", fk.fields), "on_delete")


def _fk_points(schema: Schema) -> Iterator[_Raw]:
    for e in schema.entities:
        for fk in e.foreign_keys:
            cols = ", ".join(fk.fields)
            path = fk_path(e, fk)
            nullable = _nullable(e, fk)
            options = ("cascade", "set null", "restrict") if nullable else ("cascade", "restrict")
            yield _Raw(
                f"fk:{e.name}.{cols}:on_delete",
                Category.ON_DELETE,
                fk.on_delete is not None,
                _fk_question(schema, e, fk),
                f"{e.name}.{cols} ON DELETE NO ACTION (engine default)",
                fk.loc,
                _key_path(path),
                _choices(path, *options),
            )


def _entity_points(
    schema: Schema, components: Sequence[Component], findings: Sequence[Finding]
) -> Iterator[_Raw]:
    try:
        engine = get_dialect(schema.dialect).display
    except Exception:  # noqa: BLE001 - an unknown dialect is reported elsewhere; keep the name
        engine = schema.dialect
    names = [c.name for c in components] or list(schema.components)
    choices = f" (one of: {', '.join(names)})" if names else ""
    kinds = ("relational", "document", "key-value", "file")
    for e in schema.entities:
        path = ("entities", e.name, "storage")
        yield _Raw(
            f"entity:{e.name}:storage",
            Category.STORAGE,
            e.storage is not None,
            f"{e.name}: where should it live: a relational table, a document store, a key-value "
            "store or file/object storage?",
            f"{e.name} is stored in a relational table ({engine})",
            e.loc,
            _key_path(path),
            _choices(path, *kinds),
        )
        path = ("entities", e.name, "component")
        # with no component anywhere (no ARCHITECTURE.md table, none in the spec) there is
        # nothing to choose from: not a question, an assumption
        owner = _mentioned_owner(e, components) if not e.component else None
        hint = f" (suggested: {owner}, whose text names it)" if owner else ""
        ordered = [owner, *(n for n in names if n != owner)] if owner else names
        yield _Raw(
            f"entity:{e.name}:component",
            Category.COMPONENT,
            bool(e.component) or not names,
            f"{e.name}: which ARCHITECTURE.md component owns it{choices}{hint}?",
            f"{e.name} belongs to no component",
            e.loc,
            _key_path(path),
            _choices(path, *ordered),
            assumed=not e.component and not names,
        )
    smells: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code in NORMALIZATION_RULES and f.entity:
            smells.setdefault(f.entity, []).append(f)
    for e in schema.entities:
        path = ("entities", e.name, "normalization")
        found = smells.get(e.name, [])
        # no rule doubts it: 3NF is assumed (and written down), not asked
        why = "; ".join(f"{f.code} {f.message}" for f in found)
        yield _Raw(
            f"entity:{e.name}:normalization",
            Category.NORMALIZATION,
            e.normalization is not None or not found,
            f"{e.name}: {why}: normalize it, or keep it deliberately denormalized (and say why)?"
            if found
            else f"{e.name}: is it normalized (3NF), or deliberately denormalized, and why?",
            f"{e.name} is normalized (3NF)",
            e.loc,
            _key_path(path),
            _choices(path, "normalized", "denormalized"),
            assumed=e.normalization is None and not found,
        )


#: the normalization rules (docs/rules.md DM401-DM403): only these make normalization a question
NORMALIZATION_RULES = frozenset({"DM401", "DM402", "DM403"})


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
            "query_patterns",
        )
        return
    for p in all_plans:
        q, e = p.query, p.entity
        path = ("query_patterns", ("match", "name", q.name), "index")
        options = [Choice("-", (_set(*path, value="-"),))]
        if p.suggestion is not None and not p.served:
            ix = p.suggestion
            fix = f"add {ix.name} ({create_index_text(e, ix)})"
            spec_ix = {"name": ix.name, "fields": [str(f) for f in ix.fields], "purpose": q.name}
            options.insert(
                0,
                Choice(
                    f"add {ix.name}", (_set("entities", e.name, "indexes", "+", value=spec_ix),)
                ),
            )
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
            _key_path(path),
            tuple(options),
        )


_MIGRATION = (
    (
        "tool",
        "which tool manages schema changes (e.g. alembic, Django migrations, Flyway)?",
        "Migration tool: alembic",
        ("alembic", "Django migrations", "Flyway", "Liquibase"),
    ),
    (
        "versioning",
        "how are migrations versioned (e.g. sequential revision ids, one per pull request)?",
        "Migrations are versioned by sequential revision ids",
        ("sequential revision ids", "timestamped revisions", "one revision per pull request"),
    ),
    (
        "rollback",
        "how is a migration rolled back (e.g. a tested downgrade per revision)?",
        "Every migration has a downgrade; rollback runs it",
        ("a tested downgrade per revision", "forward-only fixes", "restore from backup"),
    ),
    (
        "data_migrations",
        "how are data migrations run (e.g. separate revisions, batched)?",
        "Data migrations run as separate, batched revisions",
        ("separate revisions, batched", "inside the schema revision", "one-off scripts"),
    ),
)


def _migration_points(schema: Schema) -> Iterator[_Raw]:
    m = schema.migration
    loc = m.loc if m is not None else schema.loc
    for attr, question, assumption, options in _MIGRATION:
        value = getattr(m, attr) if m is not None else ""
        path = ("migration", attr)
        yield _Raw(
            f"migration:{attr}",
            Category.MIGRATION,
            bool(value and str(value).strip()),
            f"Migration strategy: {question}",
            assumption,
            loc,
            _key_path(path),
            _choices(path, *options),
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
            f"entities.{f.entity}" if f.entity else "",
        )


def _risk_points(schema: Schema, findings: Iterable[Finding]) -> Iterator[_Raw]:
    """Warnings that are real design risks, as questions; a decision naming one settles it.

    - a partitioned entity with no partitions (PostgreSQL rejects every insert until one
      exists);
    - an unindexed foreign key of an entity that a high-frequency query pattern reads, or
      whose parent one does (every join and every parent delete scans the child).
    """
    accepted = {d.decision for d in schema.decisions}
    for e in schema.entities:
        part = e.partitioning
        if part is None or part.partitions:
            continue
        text = f"{e.name} is partitioned with no partitions declared (accepted risk)"
        yield _Raw(
            f"risk:{e.name}:partitions",
            Category.RISKS,
            text in accepted,
            f"{e.name} is partitioned by {part.method.value} on ({', '.join(part.key)}) but "
            "declares no partitions, so every insert fails until one exists: declare them "
            "under partitioning.partitions, or accept that they are made outside the schema?",
            text,
            part.loc,
            _key_path(("entities", e.name, "partitioning", "partitions")),
            (Choice("declare partitions (edit the spec)"), _accept(text)),
        )
    hot = {q.entity for q in schema.query_patterns if q.frequency is Frequency.HIGH}
    for f in findings:
        if f.code != "DM301" or not f.entity:
            continue
        child = schema.entity(f.entity)
        ix = f.fix if isinstance(f.fix, Index) else None
        if child is None or ix is None:
            continue
        e = child
        fk = next((k for k in e.foreign_keys if k.fields == ix.field_names), None)
        parent = fk.ref_entity if fk is not None else ""
        if e.name not in hot and parent not in hot:
            continue
        cols = ", ".join(ix.field_names)
        text = f"{e.name}.{cols} stays without an index (accepted risk)"
        spec_ix = {
            "name": ix.name,
            "fields": [str(f) for f in ix.fields],
            "purpose": f"joins and deletes through {e.name}.{cols}",
        }
        yield _Raw(
            f"risk:{e.name}.{cols}:fk-index",
            Category.RISKS,
            text in accepted,
            f"{e.name}.{cols} has no index, and high-frequency queries read "
            f"{e.name if e.name in hot else parent}: every join and every delete of "
            f"{_article(parent or 'parent')} scans {e.table}. Add {ix.name} "
            f"({create_index_text(e, ix)}), or accept the scans?",
            text,
            f.loc,
            _key_path(("entities", e.name, "indexes")),
            (
                Choice(
                    f"add {ix.name}", (_set("entities", e.name, "indexes", "+", value=spec_ix),)
                ),
                _accept(text),
            ),
        )


def _mentioned_owner(e: Entity, components: Sequence[Component]) -> str | None:
    """The one component whose own text names entity `e` (by name or table), else None."""
    keys = {noun_key(e.name), noun_key(e.table)} - {""}
    owners = [c.name for c in components if keys & c.mentions]
    return owners[0] if len(owners) == 1 else None


class SpecPoints(NamedTuple):
    """The decision points known before the rules' findings are: `spec_points`.

    `weighed`: all of them as DecisionPoints, weighed as if no risk point joins (the usual
    case), with the category counts and the total category weight (`present`) that assumes;
    `assess` uses them when its own counts and total come out the same.
    """

    types_and_fks: list[_Raw]
    entities: list[_Raw] | None  # None: `assess` reads them off the findings
    queries: list[_Raw]
    migration: list[_Raw]
    weighed: tuple[DecisionPoint, ...] = ()
    counts: dict[Category, int] = {}
    present: float = 0


def _counts(raw: Iterable[_Raw]) -> dict[Category, int]:
    counts: dict[Category, int] = {}
    for r in raw:
        counts[r.category] = counts.get(r.category, 0) + 1
    return counts


def _weighed(
    raw: Sequence[_Raw], counts: dict[Category, int], present: float
) -> list[DecisionPoint]:
    # one share per category, computed once (the same expression, so the same floats)
    shares = {c: CATEGORY_WEIGHTS[c] * 100.0 / present / n for c, n in counts.items()}
    return [
        DecisionPoint(r[0], r[1], r[2], shares[r[1]], r[3], r[4], r[5], r[6], r[7], r[8])
        for r in raw
    ]


def spec_points(
    schema: Schema,
    all_plans: tuple[QueryPlan, ...] | None = None,
    components: Sequence[Component] = (),
    normalization: Sequence[Finding] | None = None,
) -> SpecPoints:
    """The points of `assess` that are known before all the findings are, for `assess(known=)`.

    A caller that runs rules elsewhere (another core) computes these meanwhile. `all_plans`:
    `analysis.plans(schema)` if the caller already has them. `normalization`: the final
    findings (suppressed, sorted) of the NORMALIZATION_RULES, when the caller has them all:
    then the entity points are known too, and every point is weighed here.
    """
    known = SpecPoints(
        [*_type_points(schema), *_fk_points(schema)],
        None if normalization is None else list(_entity_points(schema, components, normalization)),
        list(_query_points(schema, all_plans if all_plans is not None else plans(schema))),
        list(_migration_points(schema)),
    )
    if known.entities is None:
        return known
    head = [*known.types_and_fks, *known.entities, *known.queries, *known.migration]
    counts = _counts(head)
    present = sum(CATEGORY_WEIGHTS[c] for c in {**counts, Category.ERRORS: 1})  # always there
    return known._replace(
        weighed=tuple(_weighed(head, counts, present)), counts=counts, present=present
    )


@gc_paused()
def assess(
    schema: Schema,
    findings: Iterable[Finding],
    components: Sequence[Component] = (),
    all_plans: tuple[QueryPlan, ...] | None = None,
    *,
    known: SpecPoints | None = None,
) -> Certainty:
    """Score the design's decision points (docs/certainty.md explains the weights).

    Args:
        schema: the loaded spec.
        findings: the check findings; each error is an undecided point.
        components: ARCHITECTURE.md components (named in the component questions).
        all_plans: `analysis.plans(schema)` if the caller already has them.
        known: `spec_points(schema, …)` if the caller computed them already.
    """
    findings = list(findings)
    if known is None:
        known = spec_points(schema, all_plans)
    entities = known.entities
    if entities is None:
        entities = list(_entity_points(schema, components, findings))
    head = [*known.types_and_fks, *entities, *known.queries, *known.migration]
    tail = [*_error_points(schema, findings), *_risk_points(schema, findings)]
    counts = _counts(head)
    for c, n in _counts(tail).items():
        counts[c] = counts.get(c, 0) + n
    present = sum(CATEGORY_WEIGHTS[c] for c in counts)
    if (
        known.weighed
        and present == known.present
        and all(counts[c] == n for c, n in known.counts.items())
    ):  # the same counts and total: the same shares, so the points weighed already
        points = (*known.weighed, *_weighed(tail, counts, present))
    else:
        points = tuple(_weighed([*head, *tail], counts, present))
    # float sums of many shares land a hair off (79.99999…): round away the noise
    score = min(round(sum(p.weight for p in points if p.decided), 6), 100.0)
    return Certainty(score, points)


__all__ = [
    "CATEGORY_WEIGHTS",
    "THRESHOLD",
    "Category",
    "Certainty",
    "Choice",
    "DecisionPoint",
    "NORMALIZATION_RULES",
    "SpecPoints",
    "assess",
    "spec_points",
]
