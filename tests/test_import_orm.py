"""SQLAlchemy and SQLModel models, imported for real from fixture modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.importers import IMPORTERS, ImportOptions
from pydev_workflow.importers.sqlalchemy import import_sqlalchemy
from pydev_workflow.model import Cardinality, TypeKind
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads

ORM = Path(__file__).parent / "fixtures" / "orm"


@pytest.fixture
def in_orm_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the fixtures directory: the importer puts the working directory on sys.path."""
    monkeypatch.chdir(ORM)
    monkeypatch.syspath_prepend(str(ORM))  # restored afterwards, unlike the importer's insert
    return ORM


def test_registered() -> None:
    assert IMPORTERS.get("sqlalchemy") is import_sqlalchemy


@pytest.mark.parametrize(
    "source", ["orm_blog_models:Base", "orm_blog_models:Base.metadata", "orm_blog_models"]
)
def test_declarative_base_metadata_or_module(in_orm_dir: Path, source: str) -> None:
    s = import_sqlalchemy(source, ImportOptions()).schema
    assert dumps(loads(dumps(s))) == dumps(s)  # the spec has no place for enum type names
    # mapped classes keep their class names; the plain junction table gets one from its name
    assert sorted(e.name for e in s.entities) == ["Post", "PostTags", "Tag", "User"]
    post = s.entity("Post")
    assert post is not None and post.table == "posts"
    assert post.description == "An article written by one user"
    status = post.field("status")
    assert status is not None and status.type.kind is TypeKind.ENUM
    assert status.type.values == ("draft", "published")
    fk = post.fk_of("user_id")
    assert fk is not None and fk.ref_entity == "User" and fk.on_delete is not None
    ix = post.indexes[0]
    assert ix.name == "idx_posts_user_id_created_at" and ix.fields[1].descending
    user = s.entity("User")
    assert user is not None and user.field("email").description == "sign-in address"  # type: ignore[union-attr]
    rels = {(r.left, r.right): r for r in s.relationships}
    assert rels["Post", "Tag"].cardinality is Cardinality.MANY_TO_MANY
    assert rels["Post", "Tag"].via == "PostTags" and rels["Post", "Tag"].label == "tags"
    assert rels["User", "Post"].label == "posts"
    assert ("Post", "PostTags") not in rels and ("Tag", "PostTags") not in rels


@pytest.mark.parametrize("source", ["orm_sqlmodel_models:SQLModel", "orm_sqlmodel_models:Hero"])
def test_sqlmodel(in_orm_dir: Path, source: str) -> None:
    s = import_sqlalchemy(source, ImportOptions()).schema
    assert dumps(loads(dumps(s))) == dumps(s)  # the spec has no place for enum type names
    assert {"Hero", "Team", "Power", "HeroPowerLink"} <= {e.name for e in s.entities}
    team = s.entity("Team")
    assert team is not None
    name = team.field("name")
    # SQLModel's AutoString is unwrapped to the string it stands for
    assert name is not None and name.type.kind is TypeKind.STRING and name.type.length == 80
    rels = {(r.left, r.right): r for r in s.relationships}
    assert rels["Hero", "Power"].via == "HeroPowerLink"
    assert rels["Hero", "Power"].cardinality is Cardinality.MANY_TO_MANY
    assert rels["Team", "Hero"].label == "heroes"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("orm_broken_models:Base", "No module named 'orm_does_not_exist'"),
        ("orm_no_such_module:Base", "No module named 'orm_no_such_module'"),
        ("orm_blog_models:Bse", "did you mean 'Base'?"),
        ("orm_blog_models:Status", "not a declarative Base"),
        (":Base", "expected module:attr"),
    ],
)
def test_bad_sources_are_input_errors(in_orm_dir: Path, source: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        import_sqlalchemy(source, ImportOptions())
    assert message in str(info.value)
    assert "Traceback" not in str(info.value)


def test_cli_import_sqlalchemy(
    in_orm_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pydev_workflow.cli.app import run_cli

    out = tmp_path / "data-models.yaml"
    assert (
        run_cli(["data-models", "import", "sqlalchemy", "orm_blog_models:Base", "-o", str(out)])
        == 0
    ), capsys.readouterr().err
    assert "Post:" in out.read_text()
    assert (
        run_cli(
            [
                "data-models",
                "import",
                "sqlalchemy",
                "orm_broken_models:Base",
                "-o",
                str(tmp_path / "x.yaml"),
            ]
        )
        == 2
    )
    assert "orm_does_not_exist" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def test_unique_with_index_is_one_unique_index_as_sqlalchemy_makes_it() -> None:
    """Optuna's `Column(String(512), index=True, unique=True)`: create_all makes a unique index
    and no UNIQUE constraint; the spec must not add one (the DDL would hold both)."""
    import sqlalchemy as sa

    from pydev_workflow.importers.sqlalchemy_meta import from_metadata

    md = sa.MetaData()
    sa.Table(
        "studies",
        md,
        sa.Column("study_id", sa.Integer, primary_key=True),
        sa.Column("study_name", sa.String(512), index=True, unique=True, nullable=False),
        sa.Column("code", sa.String(8), unique=True),
    )
    e = from_metadata(md).schema.entities[0]
    assert not e.field("study_name").unique  # type: ignore[union-attr]
    assert [(ix.name, ix.unique) for ix in e.indexes] == [("ix_studies_study_name", True)]
    assert e.field("code").unique  # type: ignore[union-attr]


def test_a_column_sequence_is_the_applications_and_a_subclass_keeps_its_base_name(
    own_postgresql_url: str, tmp_path: Path
) -> None:
    """Celery's result tables: `Column(Integer, Sequence("task_id_sequence"), primary_key=True)`
    (create_all makes the sequence; the column has no default: SQLAlchemy fires nextval) and
    `class TaskExtended(Task)` on Task's table (the name came out either way, run to run)."""
    import sqlalchemy as sa
    from sqlalchemy.orm import DeclarativeBase

    from pydev_workflow.importers.database import import_database
    from pydev_workflow.importers.sqlalchemy import _orm
    from pydev_workflow.importers.sqlalchemy_meta import from_metadata

    class Base(DeclarativeBase):
        pass

    class Task(Base):
        __tablename__ = "celery_taskmeta"
        id = sa.Column(sa.Integer, sa.Sequence("task_id_sequence"), primary_key=True)
        task_id = sa.Column(sa.String(155), unique=True)

    class TaskExtended(Task):
        __tablename__ = "celery_taskmeta"
        __table_args__ = {"extend_existing": True}  # noqa: RUF012
        name = sa.Column(sa.String(155))

    result = from_metadata(Base.metadata, "postgresql")
    schema = _orm(result.schema, Base.metadata, [])
    assert [e.name for e in schema.entities] == ["Task"]
    assert not schema.entities[0].field("id").identity  # type: ignore[union-attr]
    assert [q.name for q in schema.sequences] == ["task_id_sequence"]
    assert result.assumptions == (
        "celery_taskmeta.id is numbered by the application from sequence task_id_sequence "
        "(SQLAlchemy fires nextval at INSERT; the column has no default)",
    )
    # the catalog create_all makes is the one our spec describes
    engine = sa.create_engine(own_postgresql_url)
    Base.metadata.create_all(engine)
    engine.dispose()
    held = import_database(own_postgresql_url, ImportOptions()).schema
    assert [q.name for q in held.sequences] == ["task_id_sequence"]
    assert held.sequences == schema.sequences
    assert held.entities[0].fields == schema.entities[0].fields
