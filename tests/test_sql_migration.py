"""Alembic renderer: the revision upgrades and downgrades real databases through Alembic's API."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from golden import assert_golden
from pydev_workflow.dialects.metadata import build_metadata
from pydev_workflow.model import Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.renderers.migration import revision_id
from pydev_workflow.spec.load import load

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "blog": ROOT / "examples" / "blog" / "data-models.yaml",
    "chinook": ROOT / "tests" / "fixtures" / "specs" / "chinook.yaml",
    "sakila": ROOT / "tests" / "fixtures" / "specs" / "sakila.yaml",
    "storage-mix": ROOT / "tests" / "fixtures" / "specs" / "storage-mix.yaml",
}
OPTIONS = RenderOptions(date="2025-01-15")

ENV_PY = """
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
"""


def _spec(case: str) -> Schema:
    if not SPECS[case].exists():
        pytest.skip(f"{SPECS[case].name} is not there yet")
    return load(SPECS[case])


def _config(tmp_path: Path, schema: Schema, url: str) -> Config:
    """A temp Alembic script directory holding the rendered revision."""
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text(ENV_PY, encoding="utf-8")
    rev = revision_id(schema)
    text = render("alembic", schema, OPTIONS)
    (scripts / "versions" / f"{rev}_data_models.py").write_text(text, encoding="utf-8")
    cfg = Config()
    cfg.set_main_option("script_location", str(scripts))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    return names


def _round_trip(tmp_path: Path, schema: Schema, url: str, dialect: str) -> None:
    cfg = _config(tmp_path, schema, url)
    wanted = set(build_metadata(schema, dialect).tables)
    command.upgrade(cfg, "head")
    assert wanted <= _tables(url)
    command.downgrade(cfg, "base")
    assert _tables(url) == {"alembic_version"}


@pytest.mark.parametrize("case", sorted(SPECS))
def test_alembic_golden(case: str) -> None:
    assert_golden(case, "alembic.py.txt", render("alembic", _spec(case), OPTIONS))


def test_revision_id_follows_the_content() -> None:
    blog = _spec("blog")
    assert revision_id(blog) == revision_id(load(SPECS["blog"]))
    assert revision_id(blog) != revision_id(_spec("chinook"))
    assert f'revision = "{revision_id(blog)}"' in render("alembic", blog, OPTIONS)


@pytest.mark.parametrize("case", sorted(SPECS))
def test_upgrade_downgrade_sqlite(case: str, tmp_path: Path) -> None:
    """Tables appear on upgrade and vanish on downgrade (a temp SQLite file)."""
    _round_trip(tmp_path, _spec(case), f"sqlite:///{tmp_path / 'db.sqlite'}", "sqlite")


@contextmanager
def _pg_schema_url(url: str) -> Iterator[str]:
    name = "pydev_mig_" + uuid.uuid4().hex[:10]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        conn.commit()
    try:
        yield str(sa.make_url(url).update_query_dict({"options": f"-csearch_path={name}"}))
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            conn.commit()
        engine.dispose()


@contextmanager
def _maria_database_url(url: str) -> Iterator[str]:
    name = "pydev_mig_" + uuid.uuid4().hex[:10]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}`")
    try:
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
        engine.dispose()


@pytest.mark.parametrize("case", ["blog", "storage-mix"])
def test_upgrade_downgrade_postgresql(case: str, tmp_path: Path, postgresql_url: str) -> None:
    """Enum types, identity, JSONB/ARRAY variants, gin index and partitions on PostgreSQL."""
    with _pg_schema_url(postgresql_url) as url:
        _round_trip(tmp_path, _spec(case), url, "postgresql")


@pytest.mark.parametrize("case", ["blog", "sakila"])
def test_upgrade_downgrade_mariadb(case: str, tmp_path: Path, mariadb_url: str) -> None:
    with _maria_database_url(mariadb_url) as url:
        _round_trip(tmp_path, _spec(case), url, "mariadb")
