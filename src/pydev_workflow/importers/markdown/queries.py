"""The Query Patterns table: each row tied to its entity, filters and index."""

from __future__ import annotations

import re
from dataclasses import replace

from pydev_workflow.analysis import plan
from pydev_workflow.importers.markdown.matching import Merge
from pydev_workflow.importers.markdown.parts import DocQuery, Section, name_key
from pydev_workflow.model import Entity, Filter, QueryPattern, Schema, snake_case


def build_queries(section: Section, entities: list[Entity], m: Merge) -> list[QueryPattern]:
    """The Query Patterns rows as query patterns of the merged entities."""
    by_name = {e.name: e for e in entities}
    index_owner = {ix.name: e.name for e in entities for ix in e.indexes}
    out = []
    for q in section.queries:
        entity = m.find(q.entity) if q.entity else None
        idx = q.index if q.index not in ("", "—", "–") else None
        if entity is None and idx and idx in index_owner:
            entity = index_owner[idx]
        if entity is None:
            entity = _entity_in_words(q.name, by_name)
        uk = re.fullmatch(r"(?:UK|UNIQUE)\s*\(\s*(\w+)\s*\)", idx or "", re.I)
        if uk:  # `UK(email)`: the unique column serves it; not an index name
            idx = None
            if entity is None:
                owners = [e.name for e in entities if (f := e.field(uk.group(1))) and f.unique]
                entity = owners[0] if len(owners) == 1 else None
        filters = q.filters
        if entity and not q.has_filter_column and entity in by_name:
            filters = _guess_filters(q, by_name[entity], idx)
            if filters:
                m.assumptions.append(
                    f"{q.loc}: query {q.name!r} filters on {', '.join(map(str, filters))}"
                    " (read from its name / index)"
                )
        if not entity:
            # a query pattern without an entity cannot be analysed (nor written to a spec)
            m.unsupported.append(
                f"{q.loc}: query {q.name!r} left out: no entity named in it, its index or a column"
            )
            continue
        if idx and idx != "-" and idx.upper() != "PK":
            if not any(ix.name == idx for ix in by_name[entity].indexes):
                m.unsupported.append(
                    f"{q.loc}: query {q.name!r}: 'Index Used' {idx!r} is not an index of {entity}"
                )
                idx = None
        query = QueryPattern(
            name=q.name,
            entity=entity,
            filters=filters,
            order_by=q.order_by,
            frequency=q.frequency,
            index=idx,
            loc=q.loc,
        )
        out.append(_unless_planned(query, entities))
    return out


def _unless_planned(q: QueryPattern, entities: list[Entity]) -> QueryPattern:
    """Drop an `Index Used` the planner picks anyway: the model keeps only what it cannot derive.

    Our own renderer writes the planner's choice in that column; a hand-written index the
    planner would not choose, and `-` (a scan the author accepts), are kept.
    """
    if q.index is None or q.index == "-":
        return q
    try:
        chosen = plan(Schema(entities=tuple(entities)), replace(q, index=None)).index
    except (KeyError, ValueError):
        return q
    return replace(q, index=None) if chosen == q.index else q


def _entity_in_words(text: str, by_name: dict[str, Entity]) -> str | None:
    words = [name_key(w) for w in re.findall(r"[A-Za-z_]+", text)]
    keyed = {name_key(n): n for n in by_name}
    keyed.update({name_key(e.table): e.name for e in by_name.values()})
    # an entity all of whose name parts the words name (`Tracks of a playlist` ->
    # PlaylistTrack) is more specific than one that matches a single word (Track)
    present = set(words)
    best: tuple[int, str] | None = None
    for e in by_name.values():
        parts = [name_key(p) for p in snake_case(e.name).split("_") if p]
        if len(parts) > 1 and all(p in present for p in parts):
            if best is None or len(parts) > best[0]:
                best = (len(parts), e.name)
    if best is not None:
        return best[1]
    for w in words:
        if w in keyed:
            return keyed[w]
    return None


def _guess_filters(q: DocQuery, e: Entity, idx: str | None) -> tuple[Filter, ...]:
    """The index's leading field, else the field after "by", else the primary key."""
    ix = next((i for i in e.indexes if i.name == idx), None)
    if ix is not None and ix.field_names:
        return (Filter(ix.field_names[0]),)
    bm = re.search(r"\bby\s+([A-Za-z_]+)", q.name, re.I)
    if bm:
        word = bm.group(1).lower()
        for f in e.fields:
            if f.name.lower() == word or name_key(f.name) == name_key(word):
                return (Filter(f.name),)
    if idx and idx.upper() == "PK" and e.primary_key:
        return tuple(Filter(n) for n in e.primary_key)
    return ()
