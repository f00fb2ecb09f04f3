"""What the renderers of one schema share, computed once and passed in (no module-level memos).

The Data Models section, its Relationships tables and the DEV_LOG diagram all need the same
derived data: the ERD lines, the foreign keys no relationship covers, the query plans and the
indexes they use, and the DDL of the relational entities. `render_context` computes it once;
the caller puts it in `RenderOptions.context` and every renderer reads it from there. A renderer
given no context (or one built for another schema object) computes what it needs itself, so
each renderer stays a pure function of its arguments.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, replace

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.model import Cardinality, Entity, ForeignKey, Schema, StorageKind
from pydev_workflow.renderers import mermaid
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.phrases import relationship_sentence

#: (other entity, type, description) rows of an entity's Relationships table.
RelationshipRows = dict[str, list[tuple[str, str, str]]]

_REVERSE = {
    Cardinality.ONE_TO_MANY: "N:1",
    Cardinality.ONE_TO_ONE: "1:1",
    Cardinality.MANY_TO_MANY: "N:M",
}


@dataclass(frozen=True)
class RenderContext:
    """The derived data of one schema that several renderers read, computed once per run."""

    schema: Schema  # the schema object this context was computed for
    edges: tuple[mermaid.Edge, ...]
    uncovered: tuple[tuple[Entity, ForeignKey], ...]
    relationships: RelationshipRows
    plans: tuple[QueryPlan, ...]
    served: dict[str, list[str]]
    # the Database Schema (SQL) block of the relational entities when the caller compiles it
    # itself, or a future of it (compiled on another core while the rest is rendered), and the
    # dialect it is compiled for
    sql: str | Future[str] | None = None
    sql_dialect: str = ""

    def sql_for(self, dialect: str) -> str | None:
        """The DDL block compiled for `dialect`, or None: none given, or its future failed.

        On None the renderer compiles the block itself, and raises what compiling raises.
        """
        if self.sql is None or self.sql_dialect != dialect:
            return None
        if isinstance(self.sql, Future):
            try:
                return self.sql.result()
            except Exception:
                return None
        return self.sql


def relationship_table(
    schema: Schema, uncovered: tuple[tuple[Entity, ForeignKey], ...] | None = None
) -> RelationshipRows:
    """Entity name -> (other entity, type, description) of every relationship it takes part in.

    Seen from an entity: the parent side reads 1:N, the child side N:1, and a junction entity
    lists the two ends it links. Foreign keys no declared relationship covers are listed too.
    Built in one pass over relationships and foreign keys (linear in the schema's size).
    """
    rows: RelationshipRows = {}

    def add(name: str, row: tuple[str, str, str]) -> None:
        rows.setdefault(name, []).append(row)

    for r in schema.relationships:
        text = r.description or relationship_sentence(schema, r)
        if r.left == r.right:
            add(r.left, (r.left, r.cardinality.value, text))
        else:
            add(r.left, (r.right, r.cardinality.value, text))
            add(r.right, (r.left, _REVERSE[r.cardinality], text))
        if r.via and r.cardinality is Cardinality.MANY_TO_MANY:
            for end in (r.left, r.right):
                add(r.via, (end, "N:1", f"junction of {text}"))
    for child, fk in mermaid.uncovered_fks(schema) if uncovered is None else uncovered:
        parent = schema.entity(fk.ref_entity)
        pname = parent.name if parent else fk.ref_entity
        card = "1:1" if child.is_unique(fk.fields) else "1:N"
        text = f"{child.name}.{', '.join(fk.fields)} references {pname}"
        add(pname, (child.name, card, text))
        if pname != child.name:
            add(child.name, (pname, _REVERSE[Cardinality(card)], text))
    return rows


def served_by_index(
    schema: Schema, all_plans: tuple[QueryPlan, ...] | None = None
) -> dict[str, list[str]]:
    """Entity name and index name (NUL-joined) -> the query patterns the index serves."""
    out: dict[str, list[str]] = {}
    if not schema.query_patterns:
        return out
    for p in plans(schema) if all_plans is None else all_plans:
        if p.served and p.index not in ("PK", "-") and not p.index.startswith("UK("):
            out.setdefault(f"{p.entity.name}\0{p.index}", []).append(p.query.name)
    return out


def render_context(
    schema: Schema,
    *,
    query_plans: tuple[QueryPlan, ...] | None = None,
    sql: str | Future[str] | None = None,
    sql_dialect: str = "",
    relations: RenderContext | None = None,
) -> RenderContext:
    """Compute the shared data of `schema` once.

    `query_plans`: the plans the checks already computed for the same entities and query
    patterns; `sql`/`sql_dialect`: the DDL block, or its future (see workflow.pipeline.Ddl);
    `relations`: a context computed earlier for a schema with these very entities and
    relationships (the model before decisions were added to it): its ERD lines and
    Relationships rows are taken (for another model they are computed).
    """
    if (
        relations is not None
        and relations.schema.entities is schema.entities
        and relations.schema.relationships is schema.relationships
    ):
        edges, uncovered, rows = relations.edges, relations.uncovered, relations.relationships
    else:
        edges, uncovered = mermaid.relationship_lines(schema)
        rows = relationship_table(schema, uncovered)
    all_plans = plans(schema) if query_plans is None else query_plans
    return RenderContext(
        schema=schema,
        edges=edges,
        uncovered=uncovered,
        relationships=rows,
        plans=all_plans,
        served=served_by_index(schema, all_plans),
        sql=sql,
        sql_dialect=sql_dialect,
    )


def context_for(schema: Schema, options: RenderOptions) -> RenderContext:
    """The context in `options` when it was computed for `schema`, else a fresh one."""
    ctx = options.context
    if ctx is not None and ctx.schema is schema:
        return ctx
    return render_context(schema)


def relational_part(schema: Schema) -> Schema:
    """The schema restricted to relational entities (and the references among them)."""
    keep = {e.name for e in schema.entities if e.storage_kind is StorageKind.RELATIONAL}
    entities = tuple(
        replace(e, foreign_keys=tuple(fk for fk in e.foreign_keys if fk.ref_entity in keep))
        for e in schema.entities
        if e.name in keep
    )
    return replace(
        schema,
        entities=entities,
        relationships=tuple(
            r
            for r in schema.relationships
            if r.left in keep and r.right in keep and (r.via is None or r.via in keep)
        ),
        query_patterns=tuple(q for q in schema.query_patterns if q.entity in keep),
    )


__all__ = [
    "RenderContext",
    "context_for",
    "relational_part",
    "relationship_table",
    "render_context",
    "served_by_index",
]
