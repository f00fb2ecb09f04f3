"""Mermaid `erDiagram` of a Schema, in the shape of the seed's Entity Relationship Diagram."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydev_workflow.model import (
    Cardinality,
    Entity,
    FieldType,
    ForeignKey,
    Relationship,
    Schema,
    TypeKind,
    snake_case,
)
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.phrases import erd_label

INDENT = "    "

# Mermaid's erDiagram lexer (erDiagram.jison, v10 and earlier) reads an attribute type or name
# as `[*A-Za-z_][A-Za-z0-9\-_\[\]\(\)]*`: no commas, spaces, dots or quotes. v11 tolerates
# `decimal(10,2)` but still not a space. Documents are viewed by whatever Mermaid the reader's
# site ships, so we emit what every version reads: `decimal(10,2)` -> `decimal(10-2)` (keeps
# both numbers, reads as "10 digits, 2 decimals"), spaces -> `_`, other characters dropped.
_ATTR_FIRST = re.compile(r"^[^A-Za-z_*]+")
_ATTR_BAD = re.compile(r"[^A-Za-z0-9\-_\[\]()]")
# Entity names: `[A-Za-z_][A-Za-z0-9\-_]*` (quoted names exist but are a late addition).
_ENTITY_BAD = re.compile(r"[^A-Za-z0-9_\-]")
# A relationship label is one word or a double-quoted string.
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def entity_name(name: str) -> str:
    """The diagram name of an entity: UPPER_SNAKE (`PostTag` -> `POST_TAG`)."""
    text = _ENTITY_BAD.sub("_", snake_case(name).upper())
    return text if text[:1].isalpha() or text[:1] == "_" else "_" + text


def _token(text: str) -> str:
    """`text` made acceptable as an ATTRIBUTE_WORD."""
    text = _ATTR_BAD.sub("", text.replace(",", "-").replace(" ", "_"))
    text = _ATTR_FIRST.sub("", text)
    return text or "unknown"


def type_token(t: FieldType) -> str:
    """The lower-case portable type as the seed writes it, made Mermaid-safe.

    `string(255)` stays, `decimal(10,2)` becomes `decimal(10-2)`, `timestamp(tz)` is drawn as
    `timestamp` (the seed's spelling; the entity table keeps TIMESTAMPTZ), `enum(a,b)` as `enum`
    (its values are in the entity table), `array(integer)` as `integer[]`, `native(x)` as `x`.
    """
    k = t.kind
    if k in (TypeKind.TIMESTAMP, TypeKind.TIME):
        return str(k.value)
    if k is TypeKind.ENUM:
        return "enum"
    if k is TypeKind.ARRAY:
        return (type_token(t.item) if t.item is not None else "array") + "[]"
    if k is TypeKind.NATIVE:
        return _token((t.native or "native").lower())
    return _token(str(t))


def _label(text: str) -> str:
    if _WORD.match(text):
        return text
    # a quoted label cannot contain a double quote: the lexer ends it there
    return '"' + text.replace('"', "'") + '"'


def _comment(text: str) -> str:
    # the lexer reads a comment as `"[^"]*"` with no escape; a single quote reads the same
    return '"' + " ".join(text.replace('"', "'").split()) + '"'


@dataclass(frozen=True, slots=True)
class Edge:
    """One relationship line of the diagram."""

    parent: str  # entity names (model spelling)
    child: str
    left: str  # crow's foot at the parent: `||`, `|o` or `}o` (N:M)
    right: str  # crow's foot at the child: `o{`, `o|` or `o{` (N:M)
    label: str

    def line(self, names: Mapping[str, str] | None = None) -> str:
        """`USER ||--o{ POST : creates`. `names`: entity_name of the entities, when known."""
        parent = names.get(self.parent) if names else None
        child = names.get(self.child) if names else None
        return (
            f"{parent or entity_name(self.parent)} {self.left}--{self.right} "
            f"{child or entity_name(self.child)} : {_label(self.label)}"
        )


def _feet(child: Entity, fk: ForeignKey | None, declared: Cardinality) -> tuple[str, str]:
    """Crow's feet from the model: nullability on the parent side, uniqueness on the child."""
    if fk is None:  # nothing to compute from: draw what was declared
        return "||", ("o|" if declared is Cardinality.ONE_TO_ONE else "o{")
    fields = [child.field(n) for n in fk.fields]
    optional = any(f is None or f.nullable for f in fields)
    return ("|o" if optional else "||"), ("o|" if child.is_unique(fk.fields) else "o{")


def junctions(schema: Schema) -> frozenset[str]:
    """Entities named as `via` of an N:M relationship: drawn as the N:M line, not as blocks."""
    return frozenset(
        e.name
        for r in schema.relationships
        if r.cardinality is Cardinality.MANY_TO_MANY and r.via
        for e in [schema.entity(r.via)]
        if e is not None
    )


def relationship_lines(
    schema: Schema,
) -> tuple[tuple[Edge, ...], tuple[tuple[Entity, ForeignKey], ...]]:
    """The diagram's relationship lines and the foreign keys no declared relationship covers.

    One pass over the relationships and foreign keys; RenderContext keeps the answer for the
    renderers of one run (see renderers/context.py).
    """
    hidden = junctions(schema)
    out: list[Edge] = []
    covered: set[tuple[str, int]] = set()  # (entity name, FK position) already drawn
    for rel in schema.relationships:
        out.extend(_declared(schema, rel, hidden, covered))
    uncovered = _uncovered(schema, hidden, covered)
    for e, fk in uncovered:
        parent = schema.entity(fk.ref_entity)
        left, right = _feet(e, fk, Cardinality.ONE_TO_MANY)
        out.append(
            Edge(parent.name if parent else fk.ref_entity, e.name, left, right, "_".join(fk.fields))
        )
    return tuple(out), uncovered


def edges(schema: Schema) -> tuple[Edge, ...]:
    """Every relationship line: declared relationships in spec order, then uncovered FKs."""
    return relationship_lines(schema)[0]


def uncovered_fks(schema: Schema) -> tuple[tuple[Entity, ForeignKey], ...]:
    """Foreign keys that no declared relationship realises (junctions of N:M excluded)."""
    return relationship_lines(schema)[1]


def _uncovered(
    schema: Schema, hidden: frozenset[str], covered: set[tuple[str, int]]
) -> tuple[tuple[Entity, ForeignKey], ...]:
    return tuple(
        (e, fk)
        for e in schema.entities
        if e.name not in hidden
        for i, fk in enumerate(e.foreign_keys)
        if (e.name, i) not in covered
    )


def _declared(
    schema: Schema, rel: Relationship, hidden: frozenset[str], covered: set[tuple[str, int]]
) -> list[Edge]:
    if rel.cardinality is Cardinality.MANY_TO_MANY:
        junction = schema.entity(rel.via) if rel.via else None
        if junction is not None:
            ends = {rel.left, rel.right}
            for i, jfk in enumerate(junction.foreign_keys):
                target = schema.entity(jfk.ref_entity)
                if target is not None and target.name in ends:
                    covered.add((junction.name, i))
        return [Edge(rel.left, rel.right, "}o", "o{", _phrase(schema, rel, None))]
    child = schema.entity(rel.right)
    fk = schema.relationship_fk(rel)
    if child is None:
        return [Edge(rel.left, rel.right, "||", "o{", rel.label or "has")]
    if fk is not None:
        covered.add((child.name, child.foreign_keys.index(fk)))
    left, right = _feet(child, fk, rel.cardinality)
    return [Edge(rel.left, rel.right, left, right, _phrase(schema, rel, fk))]


def _phrase(schema: Schema, rel: Relationship, fk: ForeignKey | None) -> str:
    """A label that reads as a phrase: the author's verb, else the FK's role or the junction."""
    return erd_label(schema, rel, fk)


def _keys(e: Entity, name: str, fk_fields: frozenset[str] | None = None) -> str:
    """`PK`, `FK`, `UK` of field `name` (`fk_fields`: the entity's FK columns, when known)."""
    keys = []
    pk = e.is_pk(name)
    if pk:
        keys.append("PK")
    if (
        name in fk_fields
        if fk_fields is not None
        else any(name in fk.fields for fk in e.foreign_keys)
    ):
        keys.append("FK")
    if not pk and e.is_unique((name,)):
        keys.append("UK")
    return ", ".join(keys)


def block(e: Entity, name: str = "") -> list[str]:
    """The attribute block of one entity (`name`: its entity_name, when known)."""
    lines = [f"{INDENT}{name or entity_name(e.name)} {{"]
    fk_fields = frozenset(c for fk in e.foreign_keys for c in fk.fields)
    for f in e.fields:
        parts = [type_token(f.type), _token(f.name)]
        keys = _keys(e, f.name, fk_fields)
        if keys:
            parts.append(keys)
        if f.description:
            parts.append(_comment(f.description))
        lines.append(INDENT * 2 + " ".join(parts))
    lines.append(INDENT + "}")
    return lines


def render(schema: Schema, options: RenderOptions) -> str:
    """The `erDiagram` text (no fence). `options.simplified`: relationship lines only.

    The lines come from `options.context` when it was computed for `schema`.
    """
    hidden = junctions(schema)
    ctx = options.context
    all_edges = ctx.edges if ctx is not None and ctx.schema is schema else edges(schema)
    # each entity's diagram name once (an entity is on several lines): entity_name is a
    # regex pass, and a big diagram has tens of thousands of line ends
    names = {e.name: entity_name(e.name) for e in schema.entities}
    lines = ["erDiagram"]
    lines.extend(INDENT + edge.line(names) for edge in all_edges)
    shown = [e for e in schema.entities if e.name not in hidden]
    if options.simplified:
        linked = {n for edge in all_edges for n in (edge.parent, edge.child)}
        lines.extend(INDENT + names[e.name] for e in shown if e.name not in linked)
        return "\n".join(lines) + "\n"
    for e in shown:
        lines.append("")
        lines.extend(block(e, names[e.name]))
    return "\n".join(lines) + "\n"


__all__ = [
    "Edge",
    "block",
    "edges",
    "entity_name",
    "junctions",
    "relationship_lines",
    "render",
    "type_token",
    "uncovered_fks",
]
