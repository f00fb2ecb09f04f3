"""ORM and Alembic renderers: the generated code runs and creates the tables the DDL creates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

from golden import assert_golden
from pydev_workflow.dialects.metadata import build_metadata
from pydev_workflow.model import Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.spec.load import load

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "blog": ROOT / "examples" / "blog" / "data-models.yaml",
    "chinook": ROOT / "tests" / "fixtures" / "specs" / "chinook.yaml",
    "sakila": ROOT / "tests" / "fixtures" / "specs" / "sakila.yaml",
    "storage-mix": ROOT / "tests" / "fixtures" / "specs" / "storage-mix.yaml",
}
OPTIONS = RenderOptions(date="2025-01-15")


def _spec(case: str) -> Schema:
    if not SPECS[case].exists():
        pytest.skip(f"{SPECS[case].name} is not there yet")
    return load(SPECS[case])


def _import(path: Path, name: str) -> ModuleType:
    """Import a generated file as a real module (from a temp dir, removed from sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclass-like annotations resolve through sys.modules
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def _shape(md_or_inspector: Any, tables: list[str]) -> dict[str, Any]:
    """Table -> (columns with nullability, primary key) as the database reports it."""
    insp = md_or_inspector
    return {
        t: (
            [(c["name"], c["nullable"]) for c in insp.get_columns(t)],
            sorted(insp.get_pk_constraint(t)["constrained_columns"]),
            sorted(ix["name"] for ix in insp.get_indexes(t)),
            sorted(tuple(fk["constrained_columns"]) for fk in insp.get_foreign_keys(t)),
        )
        for t in tables
    }


def _created(md: sa.MetaData) -> dict[str, Any]:
    engine = sa.create_engine("sqlite://")
    md.create_all(engine)
    with engine.connect() as conn:
        shape = _shape(sa.inspect(conn), sorted(md.tables))
    engine.dispose()
    return shape


@pytest.mark.parametrize("case", sorted(SPECS))
def test_orm_golden(case: str) -> None:
    assert_golden(case, "orm.py.txt", render("sqlalchemy", _spec(case), OPTIONS))


@pytest.mark.parametrize("case", sorted(SPECS))
def test_orm_creates_the_same_tables(case: str, tmp_path: Path) -> None:
    """exec the models, create_all on SQLite, compare with the DDL's metadata."""
    schema = _spec(case)
    path = tmp_path / f"models_{case.replace('-', '_')}.py"
    path.write_text(render("sqlalchemy", schema, OPTIONS), encoding="utf-8")
    module = _import(path, path.stem)
    try:
        module.Base.registry.configure()  # every relationship and back_populates resolves
    finally:
        module.Base.registry.dispose()
    orm_md = module.Base.metadata
    assert sorted(orm_md.tables) == sorted(build_metadata(schema, "sqlite").tables)
    assert _created(orm_md) == _created(build_metadata(schema, "sqlite"))


def test_orm_relationships_of_the_example(tmp_path: Path) -> None:
    """1:N both ways, N:M through the junction with `secondary`, usable in a session."""
    path = tmp_path / "models_blog_rel.py"
    path.write_text(render("sqlalchemy", _spec("blog"), OPTIONS), encoding="utf-8")
    m = _import(path, path.stem)
    engine = sa.create_engine("sqlite://")
    m.Base.metadata.create_all(engine)
    with sa.orm.Session(engine) as session:
        user = m.User(email="a@example.com", name="A")
        post = m.Post(user=user, title="T", slug="t", content="c", status="draft")
        post.tags.append(m.Tag(name="python"))
        session.add(post)
        session.commit()
        assert [p.title for p in user.posts] == ["T"]
        tag = session.scalars(sa.select(m.Tag)).one()
        assert [p.slug for p in tag.posts] == ["t"]
    engine.dispose()
    m.Base.registry.dispose()
