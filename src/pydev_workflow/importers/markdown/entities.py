"""One entity from its parts: the SQL decides structure, the tables and the ERD add the rest."""

from __future__ import annotations

import re
from dataclasses import replace

from pydev_workflow.importers.markdown.cells import parse_doc_type
from pydev_workflow.importers.markdown.matching import Merge
from pydev_workflow.importers.markdown.parts import (
    DocEntity,
    DocField,
    DocIndex,
    ErdAttribute,
    ErdEntity,
    Section,
    erd_display_name,
)
from pydev_workflow.model import (
    Cardinality,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    TypeKind,
    snake_case,
)


def _doc_field_to_field(f: DocField, erd: ErdAttribute | None) -> Field:
    ftype = f.type
    if ftype is None and erd is not None:
        ftype = parse_doc_type(erd.type_text)
    return Field(
        name=f.name,
        type=ftype or FieldType(TypeKind.TEXT),
        nullable=not f.pk if f.nullable is None else f.nullable,
        unique=f.unique or (erd is not None and "UK" in erd.keys and not f.pk),
        default=f.default,
        check=f.check,
        description=f.description or (erd.comment if erd else ""),
        identity=f.identity,
        loc=f.loc,
    )


def entity_from_doc(d: DocEntity, sql: Entity | None, erd: ErdEntity | None, m: Merge) -> Entity:
    """The entity of a documented table, merged with its SQL table and ERD block."""
    erd_attrs = {a.name: a for a in erd.attributes} if erd else {}
    doc_fields = {f.name: f for f in d.fields}
    fields: list[Field] = []
    # the table's order first, then columns only the SQL (or only the ERD) has
    for f in d.fields:
        base = _doc_field_to_field(f, erd_attrs.get(f.name))
        s = sql.field(f.name) if sql else None
        if s is not None:
            base = replace(
                s,
                type=_merge_type(f.type, s.type),
                description=base.description or s.description,
                loc=f.loc,
            )
        fields.append(base)
    if sql is not None:
        fields.extend(s for s in sql.fields if s.name not in doc_fields)
    elif not d.fields and erd is not None:
        fields.extend(_erd_field(a) for a in erd.attributes)
    names = {f.name for f in fields}
    if sql is not None and sql.primary_key:
        pk = sql.primary_key
    else:
        pk = tuple(f.name for f in d.fields if f.pk) or tuple(
            a.name
            for a in erd_attrs.values()
            if "PK" in a.keys and a.name in names and not d.fields
        )
    fks: list[ForeignKey] = list(sql.foreign_keys) if sql else []
    covered = {fk.fields for fk in fks}
    for f in d.fields:
        if (f.fk or f.fk_target) and (f.name,) not in covered:
            fks.append(
                ForeignKey(
                    fields=(f.name,),
                    ref_entity=f.fk_target or "",
                    ref_fields=(f.fk_field,) if f.fk_field else (),
                    on_delete=f.on_delete,
                    on_update=f.on_update,
                    loc=f.loc,
                )
            )
    if sql is None and not d.fields and erd is not None:
        fks.extend(
            ForeignKey((a.name,), "", (), loc=a.loc) for a in erd.attributes if "FK" in a.keys
        )
    indexes = _merge_indexes(d, sql)
    table = d.table or (sql.table if sql else snake_case(d.name))
    return Entity(
        name=d.name,
        table=table,
        fields=tuple(fields),
        primary_key=tuple(pk),
        foreign_keys=tuple(fks),
        uniques=sql.uniques if sql else (),
        checks=sql.checks if sql else (),
        indexes=tuple(indexes),
        component=d.component,
        description=d.description or (sql.description if sql else ""),
        storage=d.storage,
        partitioning=(
            replace(sql.partitioning, purpose=d.partition_purpose or sql.partitioning.purpose)
            if sql is not None and sql.partitioning is not None
            else None
        ),
        normalization=d.normalization,
        schema=sql.schema if sql else None,
        key_pattern=d.key_pattern,
        loc=d.loc,
    )


def _merge_type(doc: FieldType | None, sql: FieldType) -> FieldType:
    """The SQL's type: it is what runs (a table that says otherwise is lint-doc's business)."""
    del doc
    return sql


def _merge_indexes(d: DocEntity, sql: Entity | None) -> list[Index]:
    doc_by_name = {ix.name: ix for ix in d.indexes}
    out: list[Index] = []
    seen: set[str] = set()
    if sql is not None:
        for ix in sql.indexes:
            doc = doc_by_name.get(ix.name)
            out.append(
                replace(
                    ix,
                    purpose=ix.purpose or (doc.purpose if doc else ""),
                    loc=doc.loc if doc else ix.loc,
                )
            )
            seen.add(ix.name)
    for dx in d.indexes:
        if dx.name in seen or dx.name.upper() == "PK" or dx.name.lower().startswith("pk"):
            continue
        if sql is not None and _is_constraint_index(dx, sql):
            continue
        out.append(
            Index(
                name=dx.name,
                fields=dx.fields,
                method=dx.method,
                unique=dx.unique,
                where=dx.where,
                purpose=dx.purpose,
                loc=dx.loc,
            )
        )
    return out


def _is_constraint_index(dx: DocIndex, sql: Entity) -> bool:
    """A documented unique index that the SQL states as a UNIQUE constraint or column."""
    names = tuple(f.name for f in dx.fields)
    if not dx.unique:
        return False
    if len(names) == 1 and (f := sql.field(names[0])) is not None and f.unique:
        return True
    return any(u.fields == names or u.name == dx.name for u in sql.uniques)


def _erd_field(a: ErdAttribute) -> Field:
    return Field(
        name=a.name,
        type=parse_doc_type(a.type_text),
        nullable="PK" not in a.keys,
        unique="UK" in a.keys and "PK" not in a.keys,
        description=a.comment,
        loc=a.loc,
    )


def entity_from_erd(ee: ErdEntity, m: Merge) -> Entity:
    """An entity only the erDiagram draws (an assumption the result reports)."""
    name = erd_display_name(ee.name)
    m.assumptions.append(f"{ee.loc}: entity {ee.name} only appears in the erDiagram")
    return Entity(
        name=name,
        table=snake_case(name),
        fields=tuple(_erd_field(a) for a in ee.attributes),
        primary_key=tuple(a.name for a in ee.attributes if "PK" in a.keys),
        foreign_keys=tuple(
            ForeignKey((a.name,), "", (), loc=a.loc) for a in ee.attributes if "FK" in a.keys
        ),
        loc=ee.loc,
    )


def resolve_fks(e: Entity, m: Merge) -> Entity:
    """Point FKs written as tables (`users.id`) or bare `FK` at entities."""
    out: list[ForeignKey] = []
    for fk in e.foreign_keys:
        target = m.find(fk.ref_entity)
        if target is None and not fk.ref_entity and len(fk.fields) == 1:
            stem = re.sub(r"_?(id|uuid|key|pk)$", "", fk.fields[0], flags=re.I)
            target = m.find(stem) if stem else None
            if target is None:
                target = _erd_parent_of(e, m)
            if target is None:
                m.unsupported.append(
                    f"{fk.loc}: {e.name}.{fk.fields[0]} is marked FK but names no target"
                )
                continue
            m.assumptions.append(
                f"{fk.loc}: {e.name}.{fk.fields[0]} references {target} (from its name)"
            )
        if target is None:
            m.unsupported.append(f"{fk.loc}: {e.name} references unknown {fk.ref_entity!r}")
            continue
        out.append(replace(fk, ref_entity=target))
    return replace(e, foreign_keys=tuple(out))


def table_hints(section: Section, entities: list[Entity], m: Merge) -> list[Entity]:
    """`FK → users.id` names the table of User when nothing else does (no SQL, no heading)."""
    explicit = {d.name for d in section.entities if d.table} | {
        e.name for e in section.sql_entities()
    }
    hints: dict[str, str] = {}
    for d in section.entities:
        for f in d.fields:
            target = m.find(f.fk_target)
            if target and f.fk_target and f.fk_target != target and target not in explicit:
                hints.setdefault(target, f.fk_target)
    return [
        replace(e, table=hints[e.name])
        if e.name in hints and e.table == snake_case(e.name) and e.name not in explicit
        else e
        for e in entities
    ]


def _erd_parent_of(e: Entity, m: Merge) -> str | None:
    parents = set()
    for r in m.section.erd_relations:
        if r.cardinality is Cardinality.ONE_TO_MANY:
            parent, child = r.parent_child
            if m.find(child) == e.name and m.find(parent):
                parents.add(m.find(parent))
    return parents.pop() if len(parents) == 1 else None
