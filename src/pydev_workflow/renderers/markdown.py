"""The seed's `## Data Models` section of ARCHITECTURE.md, rendered from the model."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pydev_workflow.analysis import plans
from pydev_workflow.model import (
    Cardinality,
    DefaultKind,
    Entity,
    Field,
    ForeignKey,
    Index,
    Relationship,
    Schema,
    StorageKind,
    snake_case,
)
from pydev_workflow.perf import gc_paused
from pydev_workflow.renderers import mermaid
from pydev_workflow.renderers.base import RenderOptions

SECTION_TITLE = "Data Models"
NONE = "none"


# -- Markdown tables --------------------------------------------------------------------------
def cell(text: str) -> str:
    """One table cell: one line, `|` escaped so it cannot split the row."""
    return " ".join(text.replace("|", "\\|").split())


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub table in the seed's layout: `| a | b |` and a rule of len(header)+2 dashes."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("-" * (len(h) + 2) for h in header) + "|",
    ]
    for row in rows:
        # an empty cell is `| |`, as the seed's `updated_at` row writes it
        cells = [cell(c) for c in row]
        lines.append("|" + "|".join(f" {c} " if c else " " for c in cells) + "|")
    return "\n".join(lines)


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
_REVERSE = {
    Cardinality.ONE_TO_MANY: "N:1",
    Cardinality.ONE_TO_ONE: "1:1",
    Cardinality.MANY_TO_MANY: "N:M",
}


def _phrase(left: str, label: str, right: str) -> str:
    return f"{left} {label.replace('_', ' ')} {right}" if label else f"{left} → {right}"


#: What a foreign key's role says the parent does: `shops.owner_id` -> a User owns many Shops.
ROLE_VERBS = {
    "owner": "owns",
    "author": "writes",
    "creator": "created",
    "created_by": "created",
    "sender": "sent",
    "recipient": "received",
    "buyer": "bought",
    "seller": "sells",
    "customer": "places",
    "assignee": "is assigned",
    "reviewer": "reviews",
    "uploader": "uploaded",
}


def singular(word: str) -> str:
    """architecture.singular, imported when first used."""
    from pydev_workflow.inflect import singular as one

    return one(word)


def plural_name(name: str) -> str:
    """`Category` -> `Categories`, `Address` -> `Addresses`, `Person` -> `People`."""
    from pydev_workflow.inflect import plural

    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name) or [name]
    last = words[-1]
    more = plural(last.lower())
    if last[:1].isupper():
        more = more[:1].upper() + more[1:]
    return name[: len(name) - len(last)] + more


def _article(word: str) -> str:
    w = word.lower()
    if w.startswith(("uni", "use", "usa", "usu", "ura", "uti", "ubi", "eu")):
        return "a"  # a User, a Unit, a Usage record; an Upload, an Update
    return "an" if w[:1] in "aeiou" else "a"


def _mechanical(schema: Schema, r: Relationship, fk: ForeignKey | None) -> bool:
    """True when a label is column or table names, not words: `owner_id`, `products_categories`."""
    label = r.label.strip().lower()
    if not label:
        return True
    if fk is not None and label in ("_".join(fk.fields).lower(), ", ".join(fk.fields).lower()):
        return True
    if label.endswith("_id") or label.endswith(" id"):
        return True
    if r.cardinality is Cardinality.MANY_TO_MANY:
        via = schema.entity(r.via) if r.via else None
        names = {snake_case(r.left), snake_case(r.right)}
        names |= {e.table for e in (schema.entity(r.left), schema.entity(r.right)) if e}
        joined = label.replace(" ", "_")
        if via is not None and joined in (via.table.lower(), snake_case(via.name)):
            return True
        if sum(1 for n in names if n and n in joined) >= 2:
            return True
    return False


def role_verb(schema: Schema, r: Relationship, fk: ForeignKey | None) -> str:
    """What the parent does, from the FK column's role: owner_id -> owns, user_id -> has."""
    if fk is None or len(fk.fields) != 1:
        return "has"
    parent = schema.entity(r.left)
    role = re.sub(r"_?id$", "", fk.fields[0].lower())
    same = {snake_case(r.left), parent.table if parent else "", ""}
    if role in same or (parent is not None and role == singular(parent.table)):
        return "has"
    return ROLE_VERBS.get(role, f"is the {role.replace('_', ' ')} of")


def erd_label(schema: Schema, r: Relationship, fk: ForeignKey | None) -> str:
    """The ERD label of `r`: its own words, else a phrase (`owns`, `via products_categories`)."""
    if r.cardinality is Cardinality.MANY_TO_MANY:
        if r.label and not _mechanical(schema, r, None):
            return r.label
        via = schema.entity(r.via) if r.via else None
        return f"via {via.table if via else r.via}" if r.via else (r.label or "has")
    if r.label and not _mechanical(schema, r, fk):
        return r.label
    return role_verb(schema, r, fk)


def relationship_sentence(schema: Schema, r: Relationship) -> str:
    """A relationship as a reviewer would write it, from its label or its foreign key.

    `a User creates many Posts (posts.user_id)`, `a User owns many Shops (shops.owner_id)`
    (the FK column's role when the label is only the column's name), `Posts tagged with Tags,
    many-to-many through post_tags`, `Products and Categories, many-to-many through
    products_categories`.
    """
    if r.cardinality is Cardinality.MANY_TO_MANY:
        via = schema.entity(r.via) if r.via else None
        through = f", many-to-many through {via.table if via else r.via}" if r.via else ""
        left, right = plural_name(r.left), plural_name(r.right)
        if _mechanical(schema, r, None):
            return f"{left} and {right}{through}" if through else f"{left} ↔ {right}"
        verb = _verb(r.label)
        return f"{_article(r.left)} {r.left} {verb} many {right}{through}"
    fk = schema.relationship_fk(r)
    child = schema.entity(r.right)
    where = ""
    if fk is not None and child is not None and child.storage_kind is StorageKind.RELATIONAL:
        where = f" ({child.table}.{', '.join(fk.fields)})"  # the column that realises it
    if not _mechanical(schema, r, fk):
        words = r.label.replace("_", " ").split()
        if words and singular(words[-1].lower()) == snake_case(r.right).replace("_", " "):
            words = words[:-1] or ["has"]  # houses_customer: an Address houses many Customers
        first = words[0] if words else ""
        if len(words) > 1 and words[-1] in _CHILD_SIDE and not first.endswith(("s", "ed")):
            # spoken_in reads from the child: many Films are spoken in a Language
            rest = " ".join(words)
            if r.cardinality is Cardinality.ONE_TO_ONE:
                return f"one {r.right} is {rest} {_article(r.left)} {r.left}{where}"
            return f"many {plural_name(r.right)} are {rest} {_article(r.left)} {r.left}{where}"
        verb = _verb("_".join(words))
    else:
        verb = role_verb(schema, r, fk)
    subject = f"{_article(r.left)} {r.left}"
    if r.cardinality is Cardinality.ONE_TO_ONE:
        if verb.startswith("has ") and verb != "has one":  # has_profile: has one profile, a …
            return f"{subject} has one {verb[4:]}, {_article(r.right)} {r.right}{where}"
        return f"{subject} {verb} one {r.right}{where}"
    return f"{subject} {verb} many {plural_name(r.right)}{where}"


_CHILD_SIDE = frozenset(("in", "of", "to", "from", "at", "on", "for"))
_PARTICIPLES = frozenset("sold made written held kept built bought paid sent known shown".split())


def _verb(label: str) -> str:
    """A label as a verb phrase: `tagged_with` -> `is tagged with`, `creates` stays."""
    words = label.replace("_", " ").split()
    if len(words) > 1 and (words[0].endswith("ed") or words[0] in _PARTICIPLES):
        words.insert(0, "is")  # a Post is tagged with many Tags
    return " ".join(words)


def relationship_table(schema: Schema) -> dict[str, list[tuple[str, str, str]]]:
    """Entity name -> (other entity, type, description) of every relationship it takes part in.

    Seen from an entity: the parent side reads 1:N, the child side N:1, and a junction entity
    lists the two ends it links. Foreign keys no declared relationship covers are listed too.
    Built in one pass over relationships and foreign keys (linear in the schema's size).
    """
    rows: dict[str, list[tuple[str, str, str]]] = {}

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
    for child, fk in mermaid.uncovered_fks(schema):
        parent = schema.entity(fk.ref_entity)
        pname = parent.name if parent else fk.ref_entity
        card = "1:1" if child.is_unique(fk.fields) else "1:N"
        text = f"{child.name}.{', '.join(fk.fields)} references {pname}"
        add(pname, (child.name, card, text))
        if pname != child.name:
            add(child.name, (pname, _REVERSE[Cardinality(card)], text))
    return rows


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


def served_by_index(schema: Schema) -> dict[str, list[str]]:
    """Entity name and index name (NUL-joined) -> the query patterns the index serves."""
    out: dict[str, list[str]] = {}
    if not schema.query_patterns:
        return out
    for p in plans(schema):
        if p.served and p.index not in ("PK", "-") and not p.index.startswith("UK("):
            out.setdefault(f"{p.entity.name}\0{p.index}", []).append(p.query.name)
    return out


def entity_section(
    schema: Schema,
    e: Entity,
    relationships: dict[str, list[tuple[str, str, str]]] | None = None,
    served: dict[str, list[str]] | None = None,
) -> list[str]:
    """`#### Name`, fields, relationships, storage, normalization, partitioning, indexes, `---`."""
    from pydev_workflow.renderers import document, keyvalue

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
def query_rows(schema: Schema, options: RenderOptions) -> list[tuple[str, str, str, str]]:
    """(query, frequency, complexity, index used) from the index analysis, in spec order."""
    rows = []
    for p in plans(schema):
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


# the last relational_part answer, by the identity of its inputs: a run asks for the part
# ahead (to compile its DDL on another core) and the renderer asks again for a copy of the
# schema that shares these tuples; the same tuples back make the two requests recognisable
_last_part: list[tuple[tuple[object, ...], Schema]] = []


def relational_part(schema: Schema) -> Schema:
    """The schema restricted to relational entities (and the references among them)."""
    inputs = (schema.entities, schema.relationships, schema.query_patterns)
    for known, part in _last_part:
        if all(a is b for a, b in zip(known, inputs, strict=True)):
            return replace(
                schema,
                entities=part.entities,
                relationships=part.relationships,
                query_patterns=part.query_patterns,
            )
    part = _relational_part(schema)
    _last_part[:] = [(inputs, part)]
    return part


def _relational_part(schema: Schema) -> Schema:
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


def sql_text(schema: Schema, options: RenderOptions) -> str:
    """The DDL of the relational entities, from the registered `sql` renderer."""
    from pydev_workflow.renderers import RENDERERS

    part = relational_part(schema)
    if not part.entities:
        return ""
    return RENDERERS.get("sql")(part, options)


@gc_paused()
def render(schema: Schema, options: RenderOptions) -> str:
    """The whole `## Data Models` section, in the seed's order, ending with a newline."""
    out = [f"## {SECTION_TITLE}", "", f"> Last updated: {options.date}", ""]
    diagram = mermaid.render(schema, replace(options, simplified=False))
    out += ["### Entity Relationship Diagram", "", "```mermaid", diagram.rstrip("\n"), "```", ""]
    out += ["### Entities", ""]
    relationships = relationship_table(schema)  # once: per-entity scans would be quadratic
    served = served_by_index(schema)
    for e in schema.entities:
        out += entity_section(schema, e, relationships, served)
    out += ["### Query Patterns", ""]
    rows = query_rows(schema, options)
    if rows:
        out += [table(("Query", "Frequency", "Complexity", "Index Used"), rows), ""]
    else:
        out += [f"No query patterns declared: {NONE}.", ""]
    out += ["### Migration Strategy", "", table(("Aspect", "Approach"), migration_rows(schema)), ""]
    out += ["### Database Schema (SQL)", ""]
    sql = sql_text(schema, options)
    if sql:
        out += ["```sql", sql.rstrip("\n"), "```"]
    else:
        out += ["No relational entities: no SQL schema."]
    return "\n".join(out) + "\n"


__all__ = [
    "cell",
    "constraints",
    "entity_section",
    "index_rows",
    "migration_rows",
    "query_rows",
    "relational_part",
    "relationship_rows",
    "relationship_sentence",
    "relationship_table",
    "render",
    "sql_text",
    "table",
]
