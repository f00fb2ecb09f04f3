"""The spec loader: line numbers, every problem at once, dump/load stability."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.model import Action, Cardinality, StorageKind, TypeKind
from pydev_workflow.spec import load, loads
from pydev_workflow.spec.dump import dumps


def test_example_loads(example_spec: Path) -> None:
    schema = load(example_spec)
    post = schema.entity("Post")
    assert post is not None and post.table == "posts"
    fk = post.fk_of("user_id")
    assert fk is not None and fk.ref_entity == "User" and fk.ref_fields == ("id",)
    assert fk.on_delete is Action.CASCADE
    assert schema.entity("Session").storage_kind is StorageKind.KEY_VALUE  # type: ignore[union-attr]
    assert schema.relationships[3].cardinality is Cardinality.MANY_TO_MANY
    status = post.field("status")
    assert status is not None and status.type.kind is TypeKind.ENUM


def test_dump_load_is_stable(example_spec: Path) -> None:
    schema = load(example_spec)
    text = dumps(schema)
    again = loads(text)
    assert again == schema
    assert dumps(again) == text


def _errors(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        loads(text, "spec.yaml")
    return [str(p) for p in info.value.problems]


def test_all_problems_reported_with_locations() -> None:
    errors = _errors(
        "entities:\n"
        "  User:\n"
        "    fields:\n"
        "      id: {type: uuid, pk: true}\n"
        "      email: {type: strng}\n"
        "      org_id: {type: uuid, references: Org.id}\n"
        "    indexs: []\n"
    )
    assert errors == [
        "spec.yaml:5:21: error: unknown type 'strng' (did you mean 'string'?); "
        "use a portable type or native(<engine type>)",
        "spec.yaml:6:40: error: references names unknown entity 'Org'",
        "spec.yaml:7:5: error: unknown key 'indexs' in entity 'User' (did you mean 'indexes'?)",
    ]


def test_malformed_yaml_names_line_and_column() -> None:
    (error,) = _errors("entities:\n  User: {fields: [\n")
    assert error.startswith("spec.yaml:3:1: error: invalid YAML")


def test_duplicate_keys_are_errors() -> None:
    errors = _errors(
        "entities:\n  A:\n    fields: {id: {type: uuid, pk: true}}\n"
        "  A:\n    fields: {id: {type: uuid, pk: true}}\n"
    )
    assert errors == [
        "spec.yaml:4:3: error: duplicate key 'A' (first at line 2) (remove or rename one of them)"
    ]
