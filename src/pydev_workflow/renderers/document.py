"""MongoDB `$jsonSchema` validators for document-storage entities (they get no SQL DDL)."""

from __future__ import annotations

import json
from typing import Any

from pydev_workflow.model import Entity, FieldType, Schema, StorageKind, TypeKind
from pydev_workflow.renderers.base import RenderOptions

# Portable type -> BSON type alias, as accepted by MongoDB's `$jsonSchema` `bsonType`
# (https://www.mongodb.com/docs/manual/reference/operator/query/type/#available-types).
_BSON: dict[TypeKind, str] = {
    TypeKind.UUID: "binData",  # UUIDs are BinData subtype 4 in MongoDB drivers
    TypeKind.STRING: "string",
    TypeKind.CHAR: "string",
    TypeKind.TEXT: "string",
    TypeKind.INTEGER: "int",
    TypeKind.SMALLINT: "int",
    TypeKind.TINYINT: "int",
    TypeKind.MEDIUMINT: "int",
    TypeKind.BIGINT: "long",
    TypeKind.BOOLEAN: "bool",
    TypeKind.DECIMAL: "decimal",
    TypeKind.FLOAT: "double",
    TypeKind.DATE: "date",
    TypeKind.TIMESTAMP: "date",
    TypeKind.TIME: "string",  # BSON has no time-of-day type
    TypeKind.INTERVAL: "string",
    TypeKind.JSON: "object",
    TypeKind.BYTES: "binData",
    TypeKind.BINARY: "binData",
    TypeKind.ENUM: "string",
    TypeKind.ARRAY: "array",
}


def _property(t: FieldType, description: str, nullable: bool) -> dict[str, Any]:
    prop: dict[str, Any] = {}
    if t.kind is TypeKind.NATIVE:
        bson: str | list[str] = "string"
    else:
        bson = _BSON[t.kind]
    if nullable:
        # a nullable field may hold null where present; `required` says whether it must be
        bson = [bson, "null"] if isinstance(bson, str) else bson
    prop["bsonType"] = bson
    if t.kind is TypeKind.ENUM:
        prop["enum"] = list(t.values) + ([None] if nullable else [])
    if t.kind in (TypeKind.STRING, TypeKind.CHAR) and t.length is not None:
        prop["maxLength"] = t.length
    if t.kind is TypeKind.CHAR and t.length is not None:
        prop["minLength"] = t.length
    if t.kind is TypeKind.ARRAY and t.item is not None:
        prop["items"] = _property(t.item, "", nullable=False)
    if description:
        prop["description"] = description
    return prop


def json_schema(entity: Entity) -> dict[str, Any]:
    """The `$jsonSchema` document of one entity.

    `required` lists the non-nullable fields; each property has the BSON type of its portable
    type (nullable ones also allow null), enum values, string lengths and the description.
    """
    schema: dict[str, Any] = {"bsonType": "object"}
    if entity.description:
        schema["title"] = entity.description
    required = [f.name for f in entity.fields if not f.nullable]
    if required:
        schema["required"] = required
    schema["properties"] = {
        f.name: _property(f.type, f.description, f.nullable) for f in entity.fields
    }
    return schema


def collection(entity: Entity) -> str:
    """The collection name of a document entity: its table name."""
    return entity.table


def document_entities(schema: Schema) -> tuple[Entity, ...]:
    """Entities stored in a document database, in spec order."""
    return tuple(e for e in schema.entities if e.storage_kind is StorageKind.DOCUMENT)


def dumps(value: object) -> str:
    """Stable JSON text: two-space indent, key order as built, non-ASCII kept."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def render(schema: Schema, options: RenderOptions) -> str:
    """All document entities as one JSON object: `{"collection": {"$jsonSchema": {…}}}`."""
    del options  # the validator does not depend on dialect or date
    out = {collection(e): {"$jsonSchema": json_schema(e)} for e in document_entities(schema)}
    return dumps(out) + "\n"


__all__ = ["collection", "document_entities", "dumps", "json_schema", "render"]
