"""The JSON Schema of data-models.yaml, for editors (`pydev-workflow data-models schema`).

The loader (spec/load.py) is the authority and reports problems with line numbers; this schema
describes the same format, and a test checks that the two agree on the bundled specs.
"""

from __future__ import annotations

from typing import Any

from pydev_workflow.model import (
    Action,
    Cardinality,
    Frequency,
    IndexMethod,
    NormalizationLevel,
    PartitionMethod,
    StorageKind,
)
from pydev_workflow.model.conventions import NAMING_CASES, TABLE_NAMES
from pydev_workflow.model.types import PORTABLE_TYPE_NAMES
from pydev_workflow.spec.load import (
    CONVENTIONS_KEYS,
    ENTITY_KEYS,
    FIELD_KEYS,
    FK_KEYS,
    GENERATED_KEYS,
    INDEX_FIELD_KEYS,
    INDEX_KEYS,
    MIGRATION_KEYS,
    NAMING_KEYS,
    NORMALIZATION_KEYS,
    PARTITION_KEYS,
    QUERY_KEYS,
    REL_KEYS,
    SEQUENCE_KEYS,
    STORAGE_KEYS,
    TOP_KEYS,
)

# one line of printable text, as the loader demands (spec/fragments.py: name_problem)
_ONE_LINE = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"
_NAME = {"type": "string", "minLength": 1, "pattern": _ONE_LINE}
_KEY_NAME = {"minLength": 1, "maxLength": 255, "pattern": _ONE_LINE}
_NAMES = {"oneOf": [_NAME, {"type": "array", "items": _NAME}]}
_TEXT = {"type": "string"}
_IGNORE = {
    "oneOf": [_TEXT, {"type": "array", "items": _TEXT}],
    "description": "rule codes or prefixes not reported here: [DM301, DM2]",
}
_OPTIONS = {
    "type": "object",
    "description": "engine-specific options by engine: {mysql: {engine: InnoDB, charset: utf8mb4}}",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": ["string", "number", "boolean"]},
    },
}


def _enum(values: list[str], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "enum": values}
    if description:
        out["description"] = description
    return out


def _components_schema() -> dict[str, Any]:
    """`components:`: names, or `{Component: [nouns it owns]}` items."""
    owns = {"type": "object", "additionalProperties": _NAMES, "minProperties": 1}
    return {"oneOf": [_NAME, {"type": "array", "items": {"oneOf": [_NAME, owns]}}]}


def _conventions_schema() -> dict[str, Any]:
    """`conventions:`: the project's practices that the DM6xx checks enforce."""
    keys = CONVENTIONS_KEYS[:-1]
    return {
        **_object(
            CONVENTIONS_KEYS,
            {
                "primary_key": {**_TEXT, "description": "type of every primary key: uuid, bigint"},
                "required_fields": {**_NAMES, "description": "columns every table has"},
                "naming": {
                    "oneOf": [
                        _enum(list(NAMING_CASES)),
                        _object(
                            NAMING_KEYS,
                            {"case": _enum(list(NAMING_CASES)), "tables": _enum(list(TABLE_NAMES))},
                        ),
                    ]
                },
                "money": {
                    **_TEXT,
                    "description": "integer-cents, or a decimal type: decimal(19,4)",
                },
                "soft_delete": {**_TEXT, "description": "the column marking a row deleted"},
                "timestamps": _enum(["tz"], "every timestamp carries its time zone"),
                "practices": _object(keys, {k: _TEXT for k in keys}),
            },
        ),
        "description": "the project's practices (CLAUDE.md), checked by DM6xx",
    }


def _object(
    keys: tuple[str, ...], props: dict[str, Any], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    assert set(props) == set(keys), set(props) ^ set(keys)  # keep loader and schema in step
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        out["required"] = list(required)
    return out


def spec_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the spec format."""
    actions = _enum([a.value for a in Action])
    type_text = {
        "type": "string",
        "description": "portable type: "
        + ", ".join(PORTABLE_TYPE_NAMES)
        + "; e.g. string(255), decimal(10,2), timestamp(tz), enum(a,b), array(integer), "
        "native(tsvector)",
        "pattern": r"^\s*[A-Za-z_][A-Za-z0-9_ ]*\s*(\(.*\))?\s*(\[\])?\s*$",
    }
    default = {
        "description": "a literal, now(), gen_random_uuid(), or {sql: expression}",
        "oneOf": [
            {"type": ["string", "number", "boolean"]},
            _object(("sql",), {"sql": _TEXT}, ("sql",)),
            _object(("value",), {"value": {"type": ["string", "number", "boolean"]}}, ("value",)),
        ],
    }
    field = {
        "oneOf": [
            type_text,
            _object(
                FIELD_KEYS,
                {
                    "type": type_text,
                    "pk": {"type": "boolean"},
                    "unique": {"type": "boolean"},
                    "nullable": {"type": "boolean", "description": "default: true (false for pk)"},
                    "default": default,
                    "check": _TEXT,
                    "description": _TEXT,
                    "references": {"type": "string", "description": "Entity.field or Entity"},
                    "on_delete": actions,
                    "on_update": actions,
                    "identity": {"type": "boolean", "description": "auto-increment / identity"},
                    "enum_name": {"type": "string", "description": "enum type name (PostgreSQL)"},
                    "collation": {"type": "string", "description": "the engine's collation"},
                    "sequence": {"type": "string", "description": "sequence of the identity"},
                    "generated": {
                        "oneOf": [
                            _TEXT,
                            _object(
                                GENERATED_KEYS,
                                {"expression": _TEXT, "stored": {"type": "boolean"}},
                                ("expression",),
                            ),
                        ]
                    },
                    "auto_update": {
                        "type": "boolean",
                        "description": "set to the current timestamp on every update",
                    },
                    "options": _OPTIONS,
                    "ignore": _IGNORE,
                },
                ("type",),
            ),
        ]
    }
    storage = {
        "oneOf": [
            _enum([s.value for s in StorageKind]),
            _object(
                STORAGE_KEYS,
                {"kind": _enum([s.value for s in StorageKind]), "engine": _TEXT},
                ("kind",),
            ),
        ]
    }
    index = _object(
        INDEX_KEYS,
        {
            "name": _NAME,
            "fields": {
                "oneOf": [
                    _NAME,
                    {
                        "type": "array",
                        "items": {
                            "oneOf": [
                                _NAME,
                                _object(
                                    INDEX_FIELD_KEYS,
                                    {
                                        "field": _NAME,
                                        "expression": _TEXT,
                                        "length": {"type": "integer", "minimum": 1},
                                        "opclass": _NAME,
                                        "order": _enum(["asc", "desc"]),
                                    },
                                ),
                            ]
                        },
                    },
                ]
            },
            "type": _enum([m.value for m in IndexMethod]),
            "unique": {"type": "boolean"},
            "where": {"type": "string", "description": "partial index predicate (SQL)"},
            "purpose": _TEXT,
            "options": _OPTIONS,
        },
        ("fields",),
    )
    entity = _object(
        ENTITY_KEYS,
        {
            "table": _NAME,
            "schema": _NAME,
            "component": _NAME,
            "description": _TEXT,
            "storage": storage,
            "fields": {
                "type": "object",
                "additionalProperties": field,
                "minProperties": 1,
                "propertyNames": _KEY_NAME,
            },
            "primary_key": _NAMES,
            "unique": {
                "type": "array",
                "items": {
                    "oneOf": [
                        _NAMES,
                        _object(("fields", "name"), {"fields": _NAMES, "name": _NAME}),
                    ]
                },
            },
            "checks": {
                "type": "array",
                "items": {
                    "oneOf": [
                        _TEXT,
                        _object(("expression", "name"), {"expression": _TEXT, "name": _NAME}),
                    ]
                },
            },
            "foreign_keys": {
                "type": "array",
                "items": _object(
                    FK_KEYS,
                    {
                        "fields": _NAMES,
                        "references": {"type": "string", "description": "Entity(a, b)"},
                        "on_delete": actions,
                        "on_update": actions,
                        "name": _NAME,
                    },
                    ("fields", "references"),
                ),
            },
            "indexes": {"type": "array", "items": index},
            "partitioning": _object(
                PARTITION_KEYS,
                {
                    "method": _enum([m.value for m in PartitionMethod]),
                    "key": _NAMES,
                    "purpose": _TEXT,
                    "partitions": {
                        "oneOf": [
                            {
                                "type": "array",
                                "items": _object(
                                    ("name", "bound"), {"name": _NAME, "bound": _TEXT}
                                ),
                            },
                            {
                                "type": "string",
                                "description": "a plan: `monthly from 2024-01 to 2026-12`",
                            },
                            {"type": "integer", "minimum": 1, "description": "hash partitions"},
                        ]
                    },
                    "default": {
                        "oneOf": [{"type": "boolean"}, _NAME],
                        "description": "a DEFAULT partition: true (<table>_default) or its name",
                    },
                },
                ("method", "key"),
            ),
            "normalization": {
                "oneOf": [
                    _enum([n.value for n in NormalizationLevel]),
                    _object(
                        NORMALIZATION_KEYS,
                        {
                            "level": _enum([n.value for n in NormalizationLevel]),
                            "form": _TEXT,
                            "rationale": _TEXT,
                        },
                        ("level",),
                    ),
                ]
            },
            "key_pattern": {
                "type": "string",
                "description": "key-value storage: e.g. session:{id}",
            },
            "options": _OPTIONS,
            "primary_key_name": _NAME,
            "ignore": _IGNORE,
        },
        ("fields",),
    )
    relationship = _object(
        REL_KEYS,
        {
            "from": _NAME,
            "to": _NAME,
            "type": _enum([c.value for c in Cardinality]),
            "label": _TEXT,
            "via": _NAME,
            "fk": _NAMES,
            "description": _TEXT,
        },
        ("from", "to", "type"),
    )
    query = _object(
        QUERY_KEYS,
        {
            "name": _NAME,
            "entity": _NAME,
            "filter": {
                "description": "field names, optionally with an operator: `created_at range`",
                "anyOf": [
                    _NAME,
                    {
                        "type": "array",
                        "items": {
                            "oneOf": [
                                _NAME,
                                _object(("field", "op"), {"field": _NAME, "op": _TEXT}),
                            ]
                        },
                    },
                ],
            },
            "order_by": _NAMES,
            "group_by": _NAMES,
            "aggregate": _TEXT,
            "limit": {"type": "integer", "minimum": 1},
            "frequency": _enum([f.value for f in Frequency]),
            "description": _TEXT,
            "index": {
                "type": "string",
                "description": 'the index that serves it, or "-" for a scan',
            },
        },
        ("name", "entity"),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pydev-workflow.invalid/data-models.schema.json",
        "title": "pydev-workflow data-models.yaml",
        "description": "Step 03 (Data Models) spec: entities, relationships, storage, indexes, "
        "query patterns, migration strategy and decisions.",
        **_object(
            TOP_KEYS,
            {
                "version": {"const": 1},
                "project": _TEXT,
                "dialect": _enum(["postgresql", "sqlite", "mysql", "mariadb"]),
                "storage": storage,
                "components": _components_schema(),
                "conventions": _conventions_schema(),
                "not_entities": {
                    **_NAMES,
                    "description": "architecture nouns that are not entities (no DM504 for them)",
                },
                "entities": {
                    "type": "object",
                    "additionalProperties": entity,
                    "propertyNames": _KEY_NAME,
                },
                "relationships": {"type": "array", "items": relationship},
                "query_patterns": {"type": "array", "items": query},
                "migration": _object(
                    MIGRATION_KEYS,
                    {k: _TEXT for k in MIGRATION_KEYS},
                ),
                "decisions": {
                    "type": "array",
                    "items": _object(
                        ("decision", "rationale"),
                        {"decision": _TEXT, "rationale": _TEXT},
                        ("decision", "rationale"),
                    ),
                },
                "sequences": {
                    "type": "array",
                    "items": _object(
                        SEQUENCE_KEYS,
                        {
                            "name": _NAME,
                            "schema": _NAME,
                            "start": {"type": "integer"},
                            "increment": {"type": "integer"},
                            "min": {"type": "integer"},
                            "max": {"type": "integer"},
                            "cache": {"type": "integer"},
                            "cycle": {"type": "boolean"},
                        },
                        ("name",),
                    ),
                },
            },
            ("entities",),
        ),
    }
