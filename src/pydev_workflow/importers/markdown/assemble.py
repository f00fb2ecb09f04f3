"""The parts merged into one resolved model."""

from __future__ import annotations

from pydev_workflow.errors import InputError
from pydev_workflow.importers.base import ImportResult
from pydev_workflow.importers.markdown.entities import (
    entity_from_doc,
    entity_from_erd,
    resolve_fks,
    table_hints,
)
from pydev_workflow.importers.markdown.matching import Merge, match_erd, match_sql
from pydev_workflow.importers.markdown.parts import Section, name_key
from pydev_workflow.importers.markdown.queries import build_queries
from pydev_workflow.importers.markdown.relations import build_relationships
from pydev_workflow.model import Entity, Schema
from pydev_workflow.spec.resolve import resolve


def build_schema(section: Section) -> ImportResult:
    """Merge the parts of a parsed section into one resolved model."""
    m = Merge(section)
    entities = _entities(section, m)
    relationships = build_relationships(section, entities, m)
    queries = build_queries(section, entities, m)
    dialect = _sql_block_notes(section, m)
    schema = Schema(
        entities=tuple(entities),
        relationships=tuple(relationships),
        query_patterns=tuple(queries),
        migration=section.migration,
        decisions=section.decisions,
        project=section.project,
        dialect=dialect,
        source=section.path,
        loc=section.loc,
    )
    schema, problems = resolve(schema)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.loc.file, p.loc.line, p.loc.col)))
    return ImportResult(
        schema=schema,
        unsupported=tuple(m.unsupported),
        assumptions=tuple(m.assumptions),
        counts=tuple(
            (what, n)
            for what, n in (
                ("lines or tables not understood", len(section.notes)),
                ("queries left out", sum("left out" in u for u in m.unsupported)),
            )
            if n
        ),
    )


def _entities(section: Section, m: Merge) -> list[Entity]:
    """Every entity: documented ones merged with SQL and ERD, then those only one part has."""
    sql_of = match_sql(section)
    erd_of = match_erd(section)
    used_sql = {id(e) for e in sql_of.values()}
    used_erd = {e.name for e in erd_of.values()}
    drafts: list[Entity] = []
    for d in section.entities:
        drafts.append(entity_from_doc(d, sql_of.get(d.name), erd_of.get(d.name), m))
    for ee in section.erd_entities:
        if ee.name not in used_erd:
            drafts.append(entity_from_erd(ee, m))
    for se in section.sql_entities():
        if id(se) not in used_sql:
            drafts.append(se)
    for e in drafts:
        for k in (e.name, e.table):
            m.keys.setdefault(name_key(k), e.name)
    for ee in section.erd_entities:
        hit = m.find(ee.name)
        if hit:
            m.keys.setdefault(name_key(ee.name), hit)
    entities = table_hints(section, [resolve_fks(e, m) for e in drafts], m)
    m.keys.update({name_key(e.name): e.name for e in entities})
    return entities


def _sql_block_notes(section: Section, m: Merge) -> str:
    """Carry what the SQL blocks and the reader left out into `m`; the SQL's dialect."""
    for b in section.sql:
        if b.result is not None:
            m.unsupported.extend(b.result.unsupported)
            m.assumptions.extend(b.result.assumptions)
        for p in b.problems:
            m.unsupported.append(str(p))
    m.unsupported.extend(f"{p.loc}: {p.message}" for p in section.notes)
    dialect = "postgresql"
    for b in section.sql:
        if b.result is not None:
            dialect = b.result.schema.dialect
    return dialect
