"""The round-trip diff (verify/diff.py): per-dialect type equivalence and coded differences."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pydev_workflow.model import FieldType, TypeKind, parse_type
from pydev_workflow.spec import load
from pydev_workflow.verify.diff import diff, types_equivalent


@pytest.mark.parametrize(
    ("expected", "actual", "dialect", "same"),
    [
        ("uuid", FieldType(TypeKind.CHAR, length=32), "sqlite", True),
        ("uuid", FieldType(TypeKind.CHAR, length=36), "mariadb", True),
        ("uuid", FieldType(TypeKind.CHAR, length=36), "postgresql", False),
        ("boolean", FieldType(TypeKind.SMALLINT), "mariadb", True),
        ("json", FieldType(TypeKind.TEXT), "mariadb", True),
        ("json", FieldType(TypeKind.TEXT), "postgresql", False),
        ("enum(a,bb)", FieldType(TypeKind.STRING, length=2), "sqlite", True),
        (
            "enum(a,bb)",
            FieldType(TypeKind.ENUM, values=("a", "bb"), enum_name="x"),
            "postgresql",
            True,
        ),
        ("enum(a,bb)", FieldType(TypeKind.ENUM, values=("bb", "a")), "postgresql", False),
        ("timestamp(tz)", FieldType(TypeKind.TIMESTAMP), "mariadb", True),
        ("timestamp(tz)", FieldType(TypeKind.TIMESTAMP), "postgresql", False),
        ("string(255)", FieldType(TypeKind.STRING, length=255), "postgresql", True),
        ("string(255)", FieldType(TypeKind.STRING, length=100), "postgresql", False),
        ("decimal(10,2)", FieldType(TypeKind.DECIMAL, precision=10, scale=2), "sqlite", True),
    ],
)
def test_types_equivalent(expected: str, actual: FieldType, dialect: str, same: bool) -> None:
    assert types_equivalent(parse_type(expected), actual, dialect) is same


def test_same_model_has_no_differences(example_spec: Path) -> None:
    model = load(example_spec)
    assert diff(model, model, "postgresql") == []


def test_each_kind_of_change_has_its_code(example_spec: Path) -> None:
    model = load(example_spec)
    post = model.entity("Post")
    assert post is not None
    changed_fields = tuple(
        replace(f, type=parse_type("string(10)")) if f.name == "title" else f
        for f in post.fields
        if f.name != "content"
    )
    changed = replace(post, fields=changed_fields, indexes=post.indexes[:1])
    actual = replace(
        model, entities=tuple(changed if e.name == "Post" else e for e in model.entities)
    )
    found = {d.code: d for d in diff(model, actual, "postgresql")}
    assert set(found) == {"V111", "V113", "V161"}
    assert found["V111"].subject == "posts.content"
    assert found["V113"].message == "column posts.title is string(10), expected string(200)"
    assert found["V111"].loc.line > 0  # points at the spec line
