"""Query-pattern analysis: which index serves each query, at what cost, and what would serve it.

The same answer feeds the index checks, the certainty score, the Query Patterns table of the
Data Models section and the checkpoint, so it lives in one place. It reasons the way a
B-tree planner does (equality prefix, then one range, then the order), without a database;
`verify` measures the same queries on real engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pydev_workflow.ddlnames import generated_name
from pydev_workflow.model import (
    Entity,
    Filter,
    FilterOp,
    Index,
    IndexField,
    IndexMethod,
    QueryPattern,
    Schema,
)

PK = "PK"
SCAN = "-"


class Access(Enum):
    """How a query reaches its rows."""

    PK_LOOKUP = "primary key lookup"
    UNIQUE_LOOKUP = "unique lookup"
    HASH_LOOKUP = "hash lookup"
    INDEX_RANGE = "index range scan"
    INDEX_ORDER = "index scan in order"
    INDEX_SEARCH = "index search"
    SCAN = "full scan"


class Complexity(Enum):
    """The seed's complexity column."""

    CONSTANT = "O(1)"
    LOG = "O(log n)"
    LINEAR = "O(n)"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An access path of an entity: its PK, a unique field/constraint, or a declared index."""

    label: str  # "PK", "UK(email)" or the index name
    fields: tuple[IndexField, ...]
    method: IndexMethod = IndexMethod.BTREE
    unique: bool = False
    primary: bool = False
    partial: bool = False
    index: Index | None = None


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What serves one query pattern."""

    query: QueryPattern
    entity: Entity
    index: str  # "PK", "UK(…)", an index name, or "-" for a scan
    access: Access
    complexity: Complexity
    matched: tuple[str, ...] = ()  # filter/order fields the index handles
    sort_needed: bool = False
    residual: tuple[str, ...] = ()  # filters checked row by row after the index
    suggestion: Index | None = None  # an index that would serve the query better
    accepted_scan: bool = False  # the author wrote `index: "-"`: a scan is intended

    @property
    def served(self) -> bool:
        """True when an index (not a scan) reaches the rows."""
        return self.access is not Access.SCAN


def candidates(entity: Entity) -> tuple[Candidate, ...]:
    """Every access path of `entity`, in preference order."""
    out: list[Candidate] = []
    if entity.primary_key:
        out.append(
            Candidate(
                PK, tuple(IndexField(n) for n in entity.primary_key), unique=True, primary=True
            )
        )
    for f in entity.fields:
        if f.unique and not (entity.primary_key == (f.name,)):
            out.append(Candidate(f"UK({f.name})", (IndexField(f.name),), unique=True))
    for u in entity.uniques:
        label = u.name or f"UK({', '.join(u.fields)})"
        out.append(Candidate(label, tuple(IndexField(n) for n in u.fields), unique=True))
    for ix in entity.indexes:
        out.append(
            Candidate(
                ix.name,
                ix.fields,
                ix.method,
                unique=ix.unique,
                partial=ix.where is not None,
                index=ix,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Match:
    cand: Candidate
    matched: tuple[str, ...]
    full_equality: bool
    sort_needed: bool
    residual: tuple[str, ...]
    score: tuple[int, ...]
    access: Access


def _match(cand: Candidate, q: QueryPattern, filters: dict[str, Filter]) -> _Match | None:
    if cand.method is IndexMethod.HASH:
        return _hash_match(cand, q, filters)
    if cand.method in (IndexMethod.GIN, IndexMethod.GIST, IndexMethod.BRIN):
        return _search_match(cand, q, filters)
    return _btree_match(cand, q, filters)


def _hash_match(cand: Candidate, q: QueryPattern, filters: dict[str, Filter]) -> _Match | None:
    """A hash index serves equality on all of its fields, nothing else."""
    names = [k.name for k in cand.fields]
    if names and all(n in filters and filters[n].op.is_equality for n in names):
        residual = tuple(n for n in filters if n not in names)
        return _Match(
            cand,
            tuple(names),
            True,
            bool(q.order_by),
            residual,
            (len(names), 2, 0),
            Access.HASH_LOOKUP,
        )
    return None


def _search_match(cand: Candidate, q: QueryPattern, filters: dict[str, Filter]) -> _Match | None:
    """GIN (contains, equality), GiST (and ranges) and BRIN (ranges) serve a filter per field."""
    names = [k.name for k in cand.fields]
    ops = {FilterOp.CONTAINS, FilterOp.EQ} if cand.method is not IndexMethod.BRIN else set()
    ops |= {FilterOp.RANGE} if cand.method is not IndexMethod.GIN else set()
    hit = tuple(n for n in names if n in filters and filters[n].op in ops)
    if not hit:
        return None
    residual = tuple(n for n in filters if n not in hit)
    return _Match(
        cand, hit, False, bool(q.order_by), residual, (len(hit), 0, 0), Access.INDEX_SEARCH
    )


def _btree_prefix(cand: Candidate, filters: dict[str, Filter]) -> tuple[list[str], bool]:
    """The fields a btree serves: an equality prefix, then at most one range or prefix.

    Returns the matched fields and whether a range ended the match.
    """
    matched: list[str] = []
    for key in cand.fields:
        if key.expression:
            break
        f = filters.get(key.name)
        if f is None:
            break
        if f.op.is_equality or f.op is FilterOp.NOT_NULL:
            matched.append(key.name)
            continue
        if f.op in (FilterOp.RANGE, FilterOp.PREFIX):
            matched.append(key.name)
            return matched, True
        break
    return matched, False


def _btree_sorts(cand: Candidate, q: QueryPattern, matched: list[str]) -> bool:
    """True if the order keys follow the matched equality prefix (same or all reversed)."""
    rest = cand.fields[len(matched) :]
    if len(rest) < len(q.order_by):
        return False
    same = all(
        not o.expression and r.name == o.name for r, o in zip(rest, q.order_by, strict=False)
    )
    flips = {r.descending != o.descending for r, o in zip(rest, q.order_by, strict=False)}
    return same and len(flips) == 1  # all same direction, or all reversed (backward scan)


def _btree_match(cand: Candidate, q: QueryPattern, filters: dict[str, Filter]) -> _Match | None:
    # btree: an equality prefix, then at most one range or prefix, then nothing
    matched, stopped_by_range = _btree_prefix(cand, filters)
    full_equality = (
        not stopped_by_range
        and len(matched) == len(cand.fields)
        and all(filters[n].op is FilterOp.EQ for n in matched)
    )
    # ordering: the order keys must follow the matched equality prefix in the index
    sort_needed = bool(q.order_by)
    if q.order_by and not stopped_by_range and _btree_sorts(cand, q, matched):
        sort_needed = False
    # unique lookups return one row: nothing to sort
    if full_equality and cand.unique:
        sort_needed = False
    if not matched and (sort_needed or not q.order_by):
        return None
    residual = tuple(n for n in filters if n not in matched)
    if cand.primary and full_equality:
        access = Access.PK_LOOKUP
    elif cand.unique and full_equality:
        access = Access.UNIQUE_LOOKUP
    elif matched:
        access = Access.INDEX_RANGE
    else:
        access = Access.INDEX_ORDER
    score = (
        len(matched) + (0 if sort_needed else 1),
        2 if (full_equality and cand.unique) else 0,
        -len(residual),
        1 if cand.primary else 0,
    )
    return _Match(cand, tuple(matched), full_equality, sort_needed, residual, score, access)


def suggest_index(entity: Entity, q: QueryPattern) -> Index | None:
    """The index that would serve `q`: equality keys, then one range key, then the order."""
    contains = [f for f in q.filters if f.op is FilterOp.CONTAINS]
    if contains:
        name = generated_name("idx", entity.table, (contains[0].field,))
        return Index(
            name, (IndexField(contains[0].field),), IndexMethod.GIN, purpose=f"serves '{q.name}'"
        )
    eq = [f.field for f in q.filters if f.op.is_equality or f.op is FilterOp.NOT_NULL]
    rng = [f.field for f in q.filters if f.op in (FilterOp.RANGE, FilterOp.PREFIX)]
    keys: list[IndexField] = [IndexField(n) for n in eq]
    if rng:
        keys.append(IndexField(rng[0]))
    else:
        keys.extend(o for o in q.order_by if not o.expression and o.name not in eq)
    if not keys:
        keys = [IndexField(n) for n in q.group_by]
    if not keys:
        return None
    name = generated_name("idx", entity.table, [k.name for k in keys])
    return Index(name, tuple(keys), purpose=f"serves '{q.name}'")


def _complexity(access: Access, q: QueryPattern) -> Complexity:
    if q.aggregate or q.group_by:
        # an aggregate reads every row it covers: constant only for a single-row lookup
        if access in (Access.PK_LOOKUP, Access.UNIQUE_LOOKUP, Access.HASH_LOOKUP):
            return Complexity.CONSTANT
        return Complexity.LINEAR if access is Access.SCAN or not q.filters else Complexity.LOG
    if access in (Access.PK_LOOKUP, Access.HASH_LOOKUP):
        return Complexity.CONSTANT
    if access is Access.SCAN:
        return Complexity.LINEAR
    return Complexity.LOG


def plan(schema: Schema, q: QueryPattern, paths: tuple[Candidate, ...] | None = None) -> QueryPlan:
    """How `q` is served by the indexes of its entity.

    `paths`: `candidates(entity)` when the caller has them (plans() computes them once per
    entity for all of its query patterns).
    """
    entity = schema.entity(q.entity)
    if entity is None:
        raise KeyError(q.entity)
    best: _Match | None = None
    forced = q.index if q.index not in (None, SCAN) else None
    filters = {f.field: f for f in q.filters}
    for cand in candidates(entity) if paths is None else paths:
        m = _match(cand, q, filters)
        if m is None:
            continue
        if forced and cand.label == forced:
            best = m
            break
        if best is None or m.score > best.score:
            best = m
    accepted = q.index == SCAN
    if best is None:
        return QueryPlan(
            q,
            entity,
            SCAN,
            Access.SCAN,
            _complexity(Access.SCAN, q),
            sort_needed=bool(q.order_by),
            residual=tuple(f.field for f in q.filters),
            suggestion=None if accepted else suggest_index(entity, q),
            accepted_scan=accepted,
        )
    suggestion = None
    if best.sort_needed and q.frequency.value == "high":
        better = suggest_index(entity, q)
        if better is not None and better.fields != best.cand.fields:
            suggestion = better
    return QueryPlan(
        q,
        entity,
        best.cand.label,
        best.access,
        _complexity(best.access, q),
        matched=best.matched,
        sort_needed=best.sort_needed,
        residual=best.residual,
        suggestion=suggestion,
        accepted_scan=accepted,
    )


# the last answer of plans(), by the identity of the tuples it depends on: checks, certainty,
# the Query Patterns table and the checkpoint all ask for the same schema's plans in one run
# (a copy of the schema with more decisions shares both tuples, and so the answer)
_last_plans: list[tuple[tuple[Entity, ...], tuple[QueryPattern, ...], tuple[QueryPlan, ...]]] = []


def plans(schema: Schema) -> tuple[QueryPlan, ...]:
    """The plan of every query pattern whose entity exists, in spec order."""
    for entities, queries, done in _last_plans:
        if entities is schema.entities and queries is schema.query_patterns:
            return done
    paths: dict[str, tuple[Candidate, ...]] = {}  # by entity: several queries share them
    out = []
    for q in schema.query_patterns:
        entity = schema.entity(q.entity)
        if entity is None:
            continue
        cands = paths.get(entity.name)
        if cands is None:
            cands = paths[entity.name] = candidates(entity)
        out.append(plan(schema, q, cands))
    result = tuple(out)
    _last_plans[:] = [(schema.entities, schema.query_patterns, result)]
    return result


def used_indexes(
    schema: Schema, all_plans: tuple[QueryPlan, ...] | None = None
) -> set[tuple[str, str]]:
    """(entity name, index label) of every access path some query pattern uses."""
    used = {(p.entity.name, p.index) for p in (all_plans or plans(schema)) if p.served}
    for q in schema.query_patterns:
        if q.index and q.index != SCAN:
            used.add((q.entity, q.index))
    return used


def covers_fk(entity: Entity, fields: tuple[str, ...]) -> Candidate | None:
    """The access path whose leading keys are the FK `fields` (any order), if any."""
    wanted = set(fields)
    for cand in candidates(entity):
        if cand.method is not IndexMethod.BTREE and cand.method is not IndexMethod.HASH:
            continue
        lead = [k.name for k in cand.fields[: len(fields)] if not k.expression]
        if set(lead) == wanted:
            return cand
    return None


__all__ = [
    "PK",
    "SCAN",
    "Access",
    "Candidate",
    "Complexity",
    "QueryPlan",
    "candidates",
    "covers_fk",
    "plan",
    "plans",
    "suggest_index",
    "used_indexes",
]
