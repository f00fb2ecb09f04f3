"""The hand-translated corpus specs say what the corpus SQL says (tables, keys, indexes)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from pydev_workflow.model import Entity, FieldType, Schema, parse_type
from pydev_workflow.spec.load import load

SPECS = Path(__file__).resolve().parent / "fixtures" / "specs"

# (fixture spec, corpus file, sqlglot dialect)
CASES = {
    "chinook": ("postgresql/chinook-schema.sql", "postgres"),
    "sakila": ("sqlite/sakila-schema.sql", "sqlite"),
}

_ACTION = re.compile(r"ON (DELETE|UPDATE) (NO ACTION|CASCADE|SET NULL|SET DEFAULT|RESTRICT)", re.I)


def _statements(sql: str) -> list[str]:
    sql = re.sub(r"/\*.*?\*/", "", sql, flags=re.S)
    sql = re.sub(r"--[^\n]*", "", sql)
    # Firebird's `BLOB SUB_TYPE TEXT` survived into the SQLite port: it means a text blob
    sql = sql.replace("BLOB SUB_TYPE TEXT", "TEXT")
    wanted = re.compile(r"^(CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)|ALTER\s+TABLE)\b", re.I)
    return [s.strip() for s in sql.split(";") if wanted.match(s.strip())]


def _actions(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2).lower() for m in _ACTION.finditer(text)}


def _portable(sql_type: str) -> FieldType:
    # sqlglot spells SQLite's BLOB as VARBINARY when it writes the type back
    text = sql_type.lower()
    return parse_type("bytes" if text == "varbinary" else text)


def _fk_entry(fk: exp.ForeignKey) -> tuple[Any, ...]:
    ref = fk.args["reference"]
    schema = ref.this
    acts = _actions(fk.sql())
    return (
        tuple(c.name for c in fk.expressions),
        schema.this.name,
        tuple(c.name for c in schema.expressions),
        acts.get("delete"),
        acts.get("update"),
    )


def _table_entry(tree: exp.Create) -> dict[str, Any]:
    """{columns, pk, fks, indexes, defaults, checks} of one CREATE TABLE."""
    t: dict[str, Any] = {
        "columns": [],
        "pk": (),
        "fks": set(),
        "indexes": set(),
        "defaults": {},
        "checks": set(),
    }
    for item in tree.this.expressions:
        if isinstance(item, exp.ColumnDef):
            kinds = {type(c.kind).__name__: c.kind for c in item.constraints}
            t["columns"].append(
                (item.name, _portable(item.kind.sql()), "NotNullColumnConstraint" not in kinds)
            )
            default = kinds.get("DefaultColumnConstraint")
            if default is not None and not isinstance(default.this, exp.Null):
                value = default.this
                t["defaults"][item.name] = value.name if value.is_string else value.sql()
        elif isinstance(item, exp.PrimaryKey):
            t["pk"] = tuple(c.name for c in item.expressions)
        elif isinstance(item, exp.Constraint):
            inner = item.expressions[0]
            if isinstance(inner, exp.PrimaryKey):
                t["pk"] = tuple(c.name for c in inner.expressions)
            elif isinstance(inner, exp.ForeignKey):
                t["fks"].add(_fk_entry(inner))
            else:
                t["checks"].add(item.name)
    return t


def _from_sql(path: Path, dialect: str) -> dict[str, dict[str, Any]]:
    """Table -> {columns, pk, fks, indexes, defaults, checks} read from the corpus DDL."""
    tables: dict[str, dict[str, Any]] = {}
    for stmt in _statements(path.read_text(encoding="utf-8")):
        tree = sqlglot.parse_one(stmt, read=dialect)
        if isinstance(tree, exp.Create) and tree.kind == "TABLE":
            tables[tree.this.this.name] = _table_entry(tree)
        elif isinstance(tree, exp.Create) and tree.kind == "INDEX":
            index = tree.this
            table = index.args["table"].name
            cols = tuple(
                c.this.name if isinstance(c, exp.Ordered) else c.name
                for c in index.args["params"].args["columns"]
            )
            tables[table]["indexes"].add((index.name, cols, bool(tree.args.get("unique"))))
        elif isinstance(tree, exp.Alter):
            for action in tree.args["actions"]:
                fk = action.find(exp.ForeignKey)
                if fk is not None:
                    tables[tree.this.name]["fks"].add(_fk_entry(fk))
    return tables


def _from_spec(schema: Schema) -> dict[str, dict[str, Any]]:
    def table(e: Entity) -> dict[str, Any]:
        ref = {x.name: x.table for x in schema.entities}
        return {
            "columns": [(f.name, f.type, f.nullable) for f in e.fields],
            "pk": e.primary_key,
            "fks": {
                (
                    fk.fields,
                    ref[fk.ref_entity],
                    fk.ref_fields,
                    fk.on_delete.value if fk.on_delete else None,
                    fk.on_update.value if fk.on_update else None,
                )
                for fk in e.foreign_keys
            },
            "indexes": {(ix.name, ix.field_names, ix.unique) for ix in e.indexes},
            "defaults": {f.name: f.default.value for f in e.fields if f.default is not None},
            "checks": {c.name for c in e.checks},
        }

    return {e.table: table(e) for e in schema.entities}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fixture_spec_matches_corpus_ddl(case: str, corpus: Path) -> None:
    """Every table, column type, nullability, key, FK action, index and default carried over."""
    rel, dialect = CASES[case]
    expected = _from_sql(corpus / rel, dialect)
    actual = _from_spec(load(SPECS / f"{case}.yaml"))
    assert sorted(actual) == sorted(expected)
    for table, want in expected.items():
        got = actual[table]
        for key in ("columns", "pk", "fks", "indexes", "defaults", "checks"):
            assert got[key] == want[key], f"{case}: {table}.{key}"


def test_fixture_counts() -> None:
    """Chinook has all 11 tables, Sakila its 16 (views and triggers are not modelled)."""
    assert len(load(SPECS / "chinook.yaml").entities) == 11
    assert len(load(SPECS / "sakila.yaml").entities) == 16


def test_types_are_portable() -> None:
    """A spot check that the translation used portable spellings."""
    film = load(SPECS / "sakila.yaml").entity("Film")
    assert film is not None
    rate = film.field("rental_rate")
    assert rate is not None and rate.type == FieldType(parse_type("decimal(4,2)").kind, None, 4, 2)
