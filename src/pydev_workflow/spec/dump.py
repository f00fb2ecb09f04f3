"""Serialise the model back to spec YAML: `loads(dumps(m)) == m`, and the text is stable."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydev_workflow.model import (
    Default,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    ForeignKey,
    Index,
    IndexField,
    IndexMethod,
    Options,
    QueryPattern,
    Relationship,
    Schema,
    Sequence,
    Storage,
    TypeKind,
    snake_case,
)
from pydev_workflow.spec.refs import format_reference
from pydev_workflow.spec.yaml_writer import FlowMap, FlowSeq, Quoted, ruamel_write, write


def _quote(v: Any) -> Any:
    """Double-quote texts holding `:` or `?` (flow style).

    ruamel leaves `1:N` or `why?` plain in a flow mapping, where the loader cannot read them.
    """
    t = type(v)  # the common exact types first: this runs for every value of every field
    if t is str:
        return Quoted(v) if ":" in v or "?" in v else v
    if t is bool or t is int or v is None:
        return v
    if isinstance(v, str) and (":" in v or "?" in v):
        return Quoted(v)
    if isinstance(v, list):  # index keys such as `(lower((name)::text))`
        return [_quote(x) for x in v]
    if isinstance(v, dict):  # default: {sql: "… '01:00:00' …"}
        return {k: _quote(x) for k, x in v.items()}
    return v


def _flow(data: dict[str, Any]) -> FlowMap:
    return FlowMap({k: _quote(v) for k, v in data.items()})


#: Literal texts that the loader would read as a call: written as {value: …}
_CALL_LIKE = {
    "now()",
    "now",
    "current_timestamp",
    "current_timestamp()",
    "localtimestamp",
    "gen_random_uuid()",
    "uuid()",
    "uuid_generate_v4()",
    "uuid4",
}


def _default(d: Default, t: FieldType | None = None) -> Any:
    if d.kind is DefaultKind.SQL:
        return {"sql": d.value}
    if d.kind is DefaultKind.LITERAL:
        v = d.value or ""
        # a literal of the column's type: a string column's '007' stays the string '007'
        textual = t is not None and not (t.is_numeric or t.kind is TypeKind.BOOLEAN)
        if textual:
            return {"value": v} if v.strip().lower() in _CALL_LIKE else v
        if v in ("true", "false"):
            return v == "true"
        for cast in (int, float):
            try:
                number = cast(v)
            except ValueError:
                continue
            return number if repr(number) == v else v  # '1.50' stays as written
        return {"value": v} if v.strip().lower() in _CALL_LIKE else v
    return str(d)


def _options(o: Options) -> Any:
    return {engine: _flow(dict(items)) for engine, items in o.items}


def _storage(s: Storage) -> Any:
    if s.engine:
        return _flow({"kind": s.kind.value, "engine": s.engine})
    return s.kind.value


@lru_cache(maxsize=1 << 12)
def _type_text(t: FieldType) -> str:
    """`str(t)`, once per distinct type (a model repeats a few types over all its columns)."""
    return str(t)


def _field(e: Entity, f: Field) -> Any:
    out: dict[str, Any] = {"type": _type_text(f.type)}
    if f.type.enum_name:
        out["enum_name"] = f.type.enum_name
    if e.is_pk(f.name) and len(e.primary_key) == 1:
        out["pk"] = True
    if f.identity:
        out["identity"] = True
    if f.unique:
        out["unique"] = True
    if not f.nullable and not e.is_pk(f.name):  # primary keys are never null
        out["nullable"] = False
    if f.default is not None:
        out["default"] = _default(f.default, f.type)
    _field_extras(f, out)
    fk = e.fk_of(f.name)
    if fk is not None and fk.name is None:
        out["references"] = format_reference(fk.ref_entity, fk.ref_fields[:1])
        if fk.on_delete:
            out["on_delete"] = fk.on_delete.value
        if fk.on_update:
            out["on_update"] = fk.on_update.value
    if f.description:
        out["description"] = f.description
    if f.options:
        out["options"] = {engine: dict(items) for engine, items in f.options.items}
    if f.ignore:
        out["ignore"] = list(f.ignore)
    return _flow(out)


def _field_extras(f: Field, out: dict[str, Any]) -> None:
    """`check:` to `auto_update:`, in the documented key order."""
    if f.check:
        out["check"] = f.check
    if f.collation:
        out["collation"] = f.collation
    if f.sequence:
        out["sequence"] = f.sequence
    if f.generated is not None:
        out["generated"] = {"expression": f.generated.expression, "stored": f.generated.stored}
    if f.auto_update:
        out["auto_update"] = True


def _index_field(f: IndexField) -> Any:
    if f.expression and (f.length is not None or f.opclass):
        out: dict[str, Any] = {"expression": f.name}
        if f.length is not None:
            out["length"] = f.length
        if f.opclass:
            out["opclass"] = f.opclass
        if f.descending:
            out["order"] = "desc"
        return out
    if f.opclass and not f.opclass.endswith("_ops"):  # the shorthand reads only *_ops
        out = {"field": f.name, "opclass": f.opclass}
        if f.length is not None:
            out["length"] = f.length
        if f.descending:
            out["order"] = "desc"
        return out
    return str(f)


def _index(ix: Index) -> Any:
    out: dict[str, Any] = {"name": ix.name, "fields": [_index_field(f) for f in ix.fields]}
    if ix.method is not IndexMethod.BTREE:
        out["type"] = ix.method.value
    if ix.unique:
        out["unique"] = True
    if ix.where:
        out["where"] = ix.where
    if ix.purpose:
        out["purpose"] = ix.purpose
    if ix.options:
        out["options"] = {engine: dict(items) for engine, items in ix.options.items}
    return _flow(out)


def _fk_block(fk: ForeignKey) -> Any:
    out: dict[str, Any] = {
        "fields": list(fk.fields),
        "references": format_reference(fk.ref_entity, fk.ref_fields, listed=True),
    }
    if fk.on_delete:
        out["on_delete"] = fk.on_delete.value
    if fk.on_update:
        out["on_update"] = fk.on_update.value
    if fk.name:
        out["name"] = fk.name
    return _flow(out)


def _entity(e: Entity, default_storage: Storage | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if e.table != snake_case(e.name):
        out["table"] = e.table
    if e.schema:
        out["schema"] = e.schema
    if e.component:
        out["component"] = e.component
    if e.description:
        out["description"] = e.description
    if e.storage is not None and e.storage != default_storage:
        out["storage"] = _storage(e.storage)
    if e.key_pattern:
        out["key_pattern"] = e.key_pattern
    if e.normalization:
        out["normalization"] = _normalization(e)
    out["fields"] = {f.name: _field(e, f) for f in e.fields}
    _constraints(e, out)
    if e.indexes:
        out["indexes"] = [_index(ix) for ix in e.indexes]
    if e.partitioning:
        out["partitioning"] = _partitioning(e)
    if e.options:
        out["options"] = _options(e.options)
    if e.ignore:
        out["ignore"] = _flow_list(list(e.ignore))
    return out


def _normalization(e: Entity) -> FlowMap:
    n = e.normalization
    assert n is not None
    nd: dict[str, Any] = {"level": n.level.value}
    if n.form:
        nd["form"] = n.form
    if n.rationale:
        nd["rationale"] = n.rationale
    return _flow(nd)


def _constraints(e: Entity, out: dict[str, Any]) -> None:
    """`primary_key:` (when composite) to `foreign_keys:` (those not written on a field)."""
    if len(e.primary_key) > 1:
        out["primary_key"] = list(e.primary_key)
    if e.primary_key_name:
        out["primary_key_name"] = e.primary_key_name
    if e.uniques:
        out["unique"] = [
            _flow({"fields": list(u.fields), "name": u.name}) if u.name else list(u.fields)
            for u in e.uniques
        ]
    if e.checks:
        out["checks"] = [
            _flow({"expression": c.expression, "name": c.name}) if c.name else c.expression
            for c in e.checks
        ]
    # a column's second single-column key (`id` -> A.x and -> B.y) has no inline place
    block_fks = [
        fk
        for fk in e.foreign_keys
        if len(fk.fields) != 1 or fk.name is not None or e.fk_of(fk.fields[0]) is not fk
    ]
    if block_fks:
        out["foreign_keys"] = [_fk_block(fk) for fk in block_fks]


def _partitioning(e: Entity) -> dict[str, Any]:
    p = e.partitioning
    assert p is not None
    pd: dict[str, Any] = {"method": p.method.value, "key": list(p.key)}
    if p.purpose:
        pd["purpose"] = p.purpose
    listed = [x for x in p.partitions if p.default is None or x.name != p.default]
    if p.plan is not None:
        pd["partitions"] = int(p.plan) if p.plan.isdigit() else p.plan
    elif listed:
        pd["partitions"] = [_flow({"name": x.name, "bound": x.bound}) for x in listed]
    if p.default is not None:
        pd["default"] = True if p.default == f"{e.table}_default" else p.default
    return pd


def _relationship(r: Relationship) -> Any:
    out: dict[str, Any] = {"from": r.left, "to": r.right, "type": r.cardinality.value}
    if r.label:
        out["label"] = r.label
    if r.via:
        out["via"] = r.via
    if r.fk:
        out["fk"] = list(r.fk)
    if r.description:
        out["description"] = r.description
    return _flow(out)


def _query(q: QueryPattern) -> Any:
    out: dict[str, Any] = {"name": q.name, "entity": q.entity}
    if q.filters:
        out["filter"] = [str(f) for f in q.filters]
    if q.order_by:
        out["order_by"] = [str(o) for o in q.order_by]
    if q.group_by:
        out["group_by"] = list(q.group_by)
    if q.aggregate:
        out["aggregate"] = q.aggregate
    if q.limit:
        out["limit"] = q.limit
    out["frequency"] = q.frequency.value
    if q.description:
        out["description"] = q.description
    if q.index:
        out["index"] = q.index
    return _flow(out)


def _flow_list(items: list[str]) -> FlowSeq:
    return FlowSeq(Quoted(i) if ":" in i or "?" in i else i for i in items)


def _components(schema: Schema) -> list[Any]:
    """`components:` as names, or `{name: [nouns]}` for those the spec gave nouns."""
    nouns = dict(schema.component_nouns)
    return [{c: _flow_list(list(nouns[c]))} if c in nouns else c for c in schema.components]


def _conventions(c: Any) -> dict[str, Any]:
    """The `conventions:` block (model/conventions.py), keys in the documented order."""
    out: dict[str, Any] = {}
    if c.primary_key:
        out["primary_key"] = c.primary_key
    if c.required_fields:
        out["required_fields"] = _flow_list(list(c.required_fields))
    naming = {k: v for k, v in (("case", c.naming_case), ("tables", c.table_names)) if v}
    if naming:
        out["naming"] = _flow(naming)
    if c.money:
        out["money"] = c.money
    if c.soft_delete:
        out["soft_delete"] = c.soft_delete
    if c.timestamps:
        out["timestamps"] = c.timestamps
    if c.practices:
        out["practices"] = dict(c.practices)
    return out


def _sequence(q: Sequence) -> Any:
    out: dict[str, Any] = {"name": q.name}
    if q.schema:
        out["schema"] = q.schema
    out.update(q.settings())
    if q.cycle:
        out["cycle"] = True
    return _flow(out)


def to_data(schema: Schema) -> dict[str, Any]:
    """The spec as plain(ish) data, ready for YAML or JSON."""
    out: dict[str, Any] = {"version": 1}
    if schema.project:
        out["project"] = schema.project
    out["dialect"] = schema.dialect
    storages = {e.storage for e in schema.entities if e.storage is not None}
    common = max(
        storages, key=lambda s: sum(1 for e in schema.entities if e.storage == s), default=None
    )
    if any(e.storage is None for e in schema.entities):
        common = None  # a top-level storage would be inherited by the undecided entities
    if common is not None:
        out["storage"] = _storage(common)
    if schema.components:
        out["components"] = _components(schema)
    if schema.conventions is not None:
        out["conventions"] = _conventions(schema.conventions)
    if schema.not_entities:
        out["not_entities"] = _flow_list(list(schema.not_entities))
    out["entities"] = {e.name: _entity(e, common) for e in schema.entities}
    if schema.relationships:
        out["relationships"] = [_relationship(r) for r in schema.relationships]
    if schema.query_patterns:
        out["query_patterns"] = [_query(q) for q in schema.query_patterns]
    if schema.migration:
        m = schema.migration
        out["migration"] = {
            "tool": m.tool,
            "versioning": m.versioning,
            "rollback": m.rollback,
            "data_migrations": m.data_migrations,
        }
    if schema.sequences:
        out["sequences"] = [_sequence(q) for q in schema.sequences]
    if schema.decisions:
        out["decisions"] = [
            _flow({"decision": d.decision, "rationale": d.rationale}) for d in schema.decisions
        ]
    return out


def dumps(schema: Schema, header: str = "") -> str:
    """The spec YAML text of `schema`, with an optional comment header."""
    return _header(header) + write(to_data(schema))


def dumps_ruamel(schema: Schema, header: str = "") -> str:
    """`dumps` written by ruamel.yaml's emitter: the reference the fast writer is tested against."""
    return _header(header) + ruamel_write(to_data(schema))


def _header(header: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
