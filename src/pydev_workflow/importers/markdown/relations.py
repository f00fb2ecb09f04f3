"""The relationships of a section: ERD lines and Relationships rows merged into one list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from pydev_workflow.importers.markdown.matching import Merge
from pydev_workflow.importers.markdown.parts import DocRelation, Section
from pydev_workflow.model import Cardinality, Entity, Relationship
from pydev_workflow.renderers.markdown import plural_name  # its sentences are read back


def build_relationships(section: Section, entities: list[Entity], m: Merge) -> list[Relationship]:
    """The ERD lines and the Relationships rows, merged into one list of relationships."""
    by_name = {e.name: e for e in entities}
    rels = _erd_relationships(section, by_name, m)
    # rows of the entities' Relationships tables: add descriptions, or new relationships
    for d in section.entities:
        for dr in d.relations:
            me, other = m.find(dr.entity), m.find(dr.other)
            if me is None or other is None or dr.cardinality is None:
                m.unsupported.append(f"{dr.loc}: relationship row not understood")
                continue
            parent, child = (other, me) if dr.reversed else (me, other)
            if dr.cardinality is not Cardinality.ONE_TO_MANY and _holds_fk(by_name[parent], child):
                parent, child = child, parent
            card = dr.cardinality
            if _generated_description(dr.description, parent, child, rels):
                dr = replace(dr, description="")
            i = _find_rel(rels, parent, child, dr)
            if i is None:
                rels.append(
                    Relationship(
                        parent,
                        child,
                        card,
                        dr.label,
                        description=dr.description,
                        loc=dr.loc,
                    )
                )
            elif not rels[i].description and dr.description and not dr.reversed:
                rels[i] = replace(rels[i], description=dr.description)
    out: list[Relationship] = []
    for rel in rels:
        if rel.cardinality is Cardinality.MANY_TO_MANY and rel.via is None:
            via = _junction(entities, rel.left, rel.right)
            if via:
                rel = replace(rel, via=via)
        out.append(rel)
    # an ERD that draws the junction (A ||--o{ A_B }o--|| B) as two unlabelled 1:N lines and a
    # table that says A N:M B describe one relationship: keep the N:M
    junction_legs = {(side, r.via) for r in out if r.via for side in (r.left, r.right)}
    return [
        r
        for r in out
        if not (
            r.cardinality is Cardinality.ONE_TO_MANY
            and not r.label
            and (r.left, r.right) in junction_legs
        )
        and not _undeclared_fk_line(r, by_name)
    ]


def _erd_relationships(
    section: Section, by_name: dict[str, Entity], m: Merge
) -> list[Relationship]:
    """The erDiagram's relationship lines between known entities (1:1: the FK holder is child)."""
    rels: list[Relationship] = []
    for r in section.erd_relations:
        left, right = r.parent_child
        lname, rname = m.find(left), m.find(right)
        if lname is None or rname is None:
            m.unsupported.append(f"{r.loc}: relationship names an unknown entity")
            continue
        card = r.cardinality
        if card is Cardinality.ONE_TO_ONE and _holds_fk(by_name[lname], rname):
            lname, rname = rname, lname  # the FK holder is the child
        rels.append(Relationship(lname, rname, card, r.label, loc=r.loc))
    return rels


def _undeclared_fk_line(r: Relationship, by_name: dict[str, Entity]) -> bool:
    """A line our renderer draws for a foreign key no relationship declares, not a declaration.

    It is labelled with the FK's fields and described `Child.fk references Parent`; the FK
    itself carries it, so reading it as a relationship would add one the spec never had.
    """
    child = by_name.get(r.right)
    if child is None or r.via is not None:
        return False
    return any(
        fk.ref_entity == r.left
        and r.label in ("", "_".join(fk.fields))
        and r.description == f"{r.right}.{', '.join(fk.fields)} references {r.left}"
        for fk in child.foreign_keys
    )


def _generated_description(text: str, parent: str, child: str, rels: list[Relationship]) -> bool:
    """`User creates Post` / `junction of Post tagged with Tag`: words our renderer derives."""
    if not text:
        return False
    words = text.removeprefix("junction of ").strip()
    for r in rels:
        phrase = f"{r.left} {r.label.replace('_', ' ')} {r.right}".strip()
        if _rendered_sentence(words, r) and {r.left, r.right} == {parent, child}:
            return True
        if words == phrase and (r.left, r.right) in (
            (parent, child),
            (child, parent),
            (r.left, r.right),
        ):
            return True
    return False


def _rendered_sentence(text: str, r: Relationship) -> bool:
    """Our renderer's sentence for `r` (renderers/markdown.relationship_sentence)."""
    left, right = re.escape(r.left), re.escape(r.right)
    lefts, rights = re.escape(plural_name(r.left)), re.escape(plural_name(r.right))
    return any(
        re.fullmatch(p, text)
        for p in (
            rf"an? {left} .+(?: many {rights}| one {right}|, an? {right})"
            rf"(?: \([^()]*\)|, many-to-many through \S+)?",
            rf"{lefts} .+ {rights}(?:, many-to-many through \S+)?",
            rf"{left} ↔ {right}",
            rf"(?:many {rights} are|one {right} is) .+ an? {left}(?: \([^()]*\))?",
        )
    )


def _find_rel(rels: list[Relationship], parent: str, child: str, dr: DocRelation) -> int | None:
    candidates = [
        i
        for i, r in enumerate(rels)
        if {r.left, r.right} == {parent, child} and (not dr.label or r.label == dr.label)
    ]
    return candidates[0] if candidates else None


def _holds_fk(e: Entity, target: str) -> bool:
    return any(fk.ref_entity == target for fk in e.foreign_keys)


def _junction(entities: Iterable[Entity], a: str, b: str) -> str | None:
    for e in entities:
        targets = {fk.ref_entity for fk in e.foreign_keys}
        if {a, b} <= targets and e.name not in (a, b):
            return e.name
    return None
