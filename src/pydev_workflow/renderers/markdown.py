"""The seed's `## Data Models` section of ARCHITECTURE.md, rendered from the model."""

from __future__ import annotations

import re
from dataclasses import replace

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.model import (
    DefaultKind,
    Entity,
    Field,
    ForeignKey,
    Index,
    Schema,
    StorageKind,
)
from pydev_workflow.perf import gc_paused
from pydev_workflow.renderers import RENDERERS, document, keyvalue, mermaid
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.context import (
    context_for,
    relational_part,
    relationship_table,
    served_by_index,
)
from pydev_workflow.renderers.phrases import (
    ROLE_VERBS,
    erd_label,
    plural_name,
    relationship_sentence,
    role_verb,
    singular,
)
from pydev_workflow.renderers.tables import cell, table

SECTION_TITLE = "Data Models"
NONE = "none"


# -- field constraints ------------------------------------------------------------------------
_QUOTED_KINDS_NOT = {"integer", "bigint", "smallint", "decimal", "float", "boolean"}


def _default(f: Field) -> str:
    d = f.default
    if d is None:
        return ""
    if d.kind is DefaultKind.NOW:
        return "DEFAULT NOW"  # the seed's spelling
    if d.kind is DefaultKind.UUID:
        return "DEFAULT gen_random_uuid()"
    if d.kind is DefaultKind.SQL:
        return f"DEFAULT {d.value}"
    value = d.value or ""
    if f.type.kind.value in _QUOTED_KINDS_NOT:
        return f"DEFAULT {value}"
    return "DEFAULT '" + value.replace("'", "''") + "'"


def _fk_text(schema: Schema, e: Entity, fk: ForeignKey) -> str:
    target = schema.entity(fk.ref_entity)
    table_name = target.table if target else fk.ref_entity
    if len(fk.fields) == 1:
        text = f"FK → {table_name}.{fk.ref_fields[0] if fk.ref_fields else '?'}"
    else:
        text = f"FK ({', '.join(fk.fields)}) → {table_name}({', '.join(fk.ref_fields)})"
    if fk.on_delete is not None:
        text += f" ON DELETE {fk.on_delete.sql}"
    if fk.on_update is not None:
        text += f" ON UPDATE {fk.on_update.sql}"
    return text


_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _table_checks(e: Entity) -> dict[str, list[str]]:
    """Table-level CHECKs attached to the first field they mention (the first field if none)."""
    out: dict[str, list[str]] = {}
    names = [f.name for f in e.fields]
    for c in e.checks:
        words = set(_WORD_RE.findall(c.expression))
        home = next((n for n in names if n in words), names[0] if names else "")
        out.setdefault(home, []).append(f"CHECK ({c.expression})")
    return out


def constraints(schema: Schema, e: Entity, f: Field) -> str:
    """The Constraints cell: PK, FK → table.col ON DELETE …, UNIQUE, NOT NULL, DEFAULT, CHECK."""
    parts: list[str] = []
    if e.is_pk(f.name):
        parts.append("PK")
    if f.identity:
        parts.append("IDENTITY")
    for fk in e.foreign_keys:
        if f.name in fk.fields:
            parts.append(_fk_text(schema, e, fk))
    if f.unique and not e.primary_key == (f.name,):
        parts.append("UNIQUE")
    for u in e.uniques:
        if f.name in u.fields:
            parts.append("UNIQUE" if len(u.fields) == 1 else f"UNIQUE ({', '.join(u.fields)})")
    if not f.nullable and not e.is_pk(f.name):  # a key is NOT NULL by definition
        parts.append("NOT NULL")
    if f.default is not None:
        parts.append(_default(f))
    if f.check:
        parts.append(f"CHECK ({f.check})")
    parts.extend(_table_checks(e).get(f.name, []))
    return ", ".join(parts)


# -- per-entity blocks ------------------------------------------------------------------------
def relationship_rows(schema: Schema, e: Entity) -> list[tuple[str, str, str]]:
    """(other entity, type, description) of every relationship `e` takes part in."""
    return relationship_table(schema).get(e.name, [])


def storage_text(e: Entity) -> str:
    """`PostgreSQL (relational)`, `Redis (key-value)`, or `not decided`."""
    if e.storage is None:
        return "not decided"
    if e.storage.engine:
        return f"{e.storage.engine} ({e.storage.kind.value})"
    return e.storage.kind.value


def normalization_text(e: Entity) -> str:
    """`normalized (3NF) — why`."""
    n = e.normalization
    if n is None:
        return ""
    text = n.level.value + (f" ({n.form})" if n.form else "")
    return text + (f" — {n.rationale}" if n.rationale else "")


def partitioning_text(e: Entity) -> str:
    """`range on (created_at) — why; partitions: p2024, p2025`."""
    p = e.partitioning
    if p is None:
        return ""
    text = f"{p.method.value} on ({', '.join(p.key)})"
    if p.purpose:
        text += f" — {p.purpose}"
    if p.partitions:
        text += "; partitions: " + ", ".join(part.name for part in p.partitions)
    return text


def index_rows(
    e: Entity, served: dict[str, list[str]] | None = None, schema: Schema | None = None
) -> list[tuple[str, str, str, str]]:
    """(name, fields, type, purpose) of every secondary index, as the seed's Indexes table.

    An index without a stated purpose gets one from what it does: the query patterns it serves
    (`served`: index name -> query names, from the analysis), else its shape (`unique: one
    Vote per user_id, post_id`; `FK lookup: comments.post_id → posts`).
    """
    rows = []
    for ix in e.indexes:
        fields = ", ".join(str(k) for k in ix.fields)
        if ix.where:
            fields += f" WHERE {ix.where}"
        kind = ("unique " if ix.unique else "") + ix.method.value
        purpose = ix.purpose or _derived_purpose(e, ix, served or {}, schema)
        rows.append((ix.name, fields, kind, purpose))
    return rows


def _derived_purpose(
    e: Entity, ix: Index, served: dict[str, list[str]], schema: Schema | None
) -> str:
    queries = served.get(f"{e.name}\0{ix.name}", [])
    if queries:
        return "serves: " + "; ".join(queries)
    names = ix.field_names
    if ix.unique and names:
        return f"unique: one {e.name} per {', '.join(names)}" + (
            f" where {ix.where}" if ix.where else ""
        )
    fk = next((fk for fk in e.foreign_keys if names[: len(fk.fields)] == fk.fields), None)
    if fk is not None:
        parent = schema.entity(fk.ref_entity) if schema is not None else None
        target = parent.table if parent is not None else fk.ref_entity
        return f"FK lookup: {e.table}.{', '.join(fk.fields)} → {target} (joins, parent deletes)"
    return ""


def entity_section(
    schema: Schema,
    e: Entity,
    relationships: dict[str, list[tuple[str, str, str]]] | None = None,
    served: dict[str, list[str]] | None = None,
) -> list[str]:
    """`#### Name`, fields, relationships, storage, normalization, partitioning, indexes, `---`."""
    out = [f"#### {e.name}", ""]
    if e.description:
        out += [cell(e.description), ""]
    fields = [
        (f.name, f.type.doc_name(), constraints(schema, e, f), f.description) for f in e.fields
    ]
    out.append(table(("Field", "Type", "Constraints", "Description"), fields))
    out.append("")
    rels = (relationships if relationships is not None else relationship_table(schema)).get(
        e.name, []
    )
    if rels:
        out += ["**Relationships**:", "", table(("Relationship", "Type", "Description"), rels), ""]
    else:
        out += [f"**Relationships**: {NONE}", ""]
    out += [f"**Storage**: {storage_text(e)}", ""]
    if e.normalization is not None:
        out += [f"**Normalization**: {normalization_text(e)}", ""]
    if e.partitioning is not None:
        out += [f"**Partitioning**: {partitioning_text(e)}", ""]
    ixs = index_rows(e, served if served is not None else served_by_index(schema), schema)
    if ixs:
        out += ["**Indexes**:", "", table(("Index Name", "Fields", "Type", "Purpose"), ixs), ""]
    else:
        out += [f"**Indexes**: {NONE}", ""]
    # non-relational entities get no SQL: their own physical layout is shown here instead
    if e.storage_kind is StorageKind.DOCUMENT:
        validator = document.dumps({"$jsonSchema": document.json_schema(e)})
        title = f"**JSON Schema** (`{document.collection(e)}`):"
        out += [title, "", "```json", validator, "```", ""]
    elif e.storage_kind is StorageKind.KEY_VALUE:
        out += ["**Keys**:", "", keyvalue.key_table(e), ""]
    out += ["---", ""]
    return out


# -- whole-schema blocks ----------------------------------------------------------------------
def query_rows(
    schema: Schema, options: RenderOptions, query_plans: tuple[QueryPlan, ...] | None = None
) -> list[tuple[str, str, str, str]]:
    """(query, frequency, complexity, index used) from the index analysis, in spec order."""
    rows = []
    for p in plans(schema) if query_plans is None else query_plans:
        complexity = p.complexity.value
        note = options.verified.get(p.query.name)
        if note:
            complexity += f" ({note})"
        rows.append((p.query.name, p.query.frequency.value.capitalize(), complexity, p.index))
    return rows


def migration_rows(schema: Schema) -> list[tuple[str, str]]:
    """The seed's four Migration Strategy aspects; a gap reads `not decided`."""
    m = schema.migration
    values = (m.tool, m.versioning, m.rollback, m.data_migrations) if m is not None else ("",) * 4
    aspects = ("Tool", "Versioning", "Rollback", "Data migrations")
    return [(a, v or "not decided") for a, v in zip(aspects, values, strict=True)]


def sql_text(schema: Schema, options: RenderOptions) -> str:
    """The DDL of the relational entities, from the registered `sql` renderer."""
    part = relational_part(schema)
    if not part.entities:
        return ""
    return RENDERERS.get("sql")(part, options)


@gc_paused()
def render(schema: Schema, options: RenderOptions) -> str:
    """The whole `## Data Models` section, in the seed's order, ending with a newline.

    Shared data (ERD lines, relationship rows, query plans, a DDL block compiled ahead) comes
    from `options.context` when it was computed for `schema`; otherwise it is computed here.
    """
    ctx = context_for(schema, options)
    options = replace(options, context=ctx, simplified=False)
    out = [f"## {SECTION_TITLE}", "", f"> Last updated: {options.date}", ""]
    diagram = mermaid.render(schema, options)
    out += ["### Entity Relationship Diagram", "", "```mermaid", diagram.rstrip("\n"), "```", ""]
    out += ["### Entities", ""]
    for e in schema.entities:  # one string per entity: a few thousand items, not 400,000
        out.append("\n".join(entity_section(schema, e, ctx.relationships, ctx.served)))
    out += ["### Query Patterns", ""]
    rows = query_rows(schema, options, ctx.plans)
    if rows:
        out += [table(("Query", "Frequency", "Complexity", "Index Used"), rows), ""]
    else:
        out += [f"No query patterns declared: {NONE}.", ""]
    out += ["### Migration Strategy", "", table(("Aspect", "Approach"), migration_rows(schema)), ""]
    out += ["### Database Schema (SQL)", ""]
    sql = ctx.sql_for(options.dialect)  # the DDL block last: it may still be a worker's future
    if sql is None:
        sql = sql_text(schema, options)
    if sql:
        out += ["```sql", sql.rstrip("\n"), "```"]
    else:
        out.append("No relational entities: no SQL schema.")
    out.append("")
    # one join: the section is megabytes, a second copy of it would be the run's peak
    return "\n".join(out)


__all__ = [
    "ROLE_VERBS",
    "cell",
    "constraints",
    "entity_section",
    "erd_label",
    "index_rows",
    "migration_rows",
    "plural_name",
    "query_rows",
    "relational_part",
    "relationship_rows",
    "relationship_sentence",
    "relationship_table",
    "render",
    "role_verb",
    "served_by_index",
    "singular",
    "sql_text",
    "table",
]
