"""Django apps, imported for real through django.setup() and the app registry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.importers import IMPORTERS, ImportOptions
from pydev_workflow.importers.django import import_django
from pydev_workflow.model import Action, Cardinality, TypeKind
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads

APP = Path(__file__).parent / "fixtures" / "django_app"


@pytest.fixture
def django_project(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test project as the working directory, with its settings module named."""
    monkeypatch.chdir(APP)
    monkeypatch.syspath_prepend(str(APP))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "djtest_settings")
    return APP


def test_registered() -> None:
    assert IMPORTERS.get("django") is import_django


def test_library_app(django_project: Path) -> None:
    result = import_django("library_app", ImportOptions())
    s = result.schema
    assert loads(dumps(s)) == s
    author = s.entity("Author")
    assert author is not None and author.table == "authors"  # Meta.db_table
    assert author.description == "A person who wrote at least one book."
    assert author.field("name").description == "as printed on the cover"  # type: ignore[union-attr]
    assert author.field("id").identity  # type: ignore[union-attr]
    genre = s.entity("Genre")
    assert genre is not None and genre.table == "library_app_genre"
    assert genre.field("name").description == "genre name"  # verbose_name  # type: ignore[union-attr]
    book = s.entity("Book")
    assert book is not None and book.description == "catalogue entry"
    assert book.field("id").type.kind is TypeKind.UUID  # type: ignore[union-attr]
    assert book.field("price").type.precision == 8  # type: ignore[union-attr]
    assert [ix.name for ix in book.indexes] == ["idx_books_title_pub"]
    assert book.indexes[0].fields[1].descending
    assert book.checks[0].name == "price_ok" and "price" in book.checks[0].expression
    # an automatic M2M table and an explicit through model are both junctions
    rels = {(r.left, r.right): r for r in s.relationships}
    assert rels["Book", "Author"].cardinality is Cardinality.MANY_TO_MANY
    assert rels["Book", "Author"].via == "BookAuthors"
    assert rels["Book", "Genre"].via == "BookGenre"
    assert s.entity("BookGenre").uniques[0].fields == ("book_id", "genre_id")  # type: ignore[union-attr]
    assert rels["Member", "MemberProfile"].cardinality is Cardinality.ONE_TO_ONE
    assert rels["Member", "Loan"].label == "loans"
    loan = s.entity("Loan")
    assert loan is not None
    assert loan.fk_of("book_id").on_delete is Action.SET_NULL  # type: ignore[union-attr]
    assert loan.field("book_id").type.kind is TypeKind.UUID  # type: ignore[union-attr]
    assert any(ix.field_names == ("due",) for ix in loan.indexes)  # db_index=True
    assert result.assumptions  # on_delete is Django's, said so


def test_settings_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    with pytest.raises(InputError, match="DJANGO_SETTINGS_MODULE is not set"):
        import_django("library_app", ImportOptions())


def test_unknown_app_gets_a_suggestion(django_project: Path) -> None:
    with pytest.raises(InputError, match="did you mean 'library_app'"):
        import_django("libary_app", ImportOptions())


def test_cli(django_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pydev_workflow.cli.app import run_cli

    out = tmp_path / "data-models.yaml"
    code = run_cli(["data-models", "import", "django", "library_app", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "BookGenre:" in out.read_text()


def test_djangos_own_apps_as_several_sources_keep_their_checks_and_names(
    django_project: Path,
) -> None:
    """django.contrib: every app label given is read (the second one was once ignored);
    PositiveSmallIntegerField keeps Django's CHECK, unique_together Django's index name."""
    s = import_django("auth", ImportOptions(extra_sources=("contenttypes", "admin"))).schema
    assert {e.table for e in s.entities} >= {"auth_user", "django_content_type", "django_admin_log"}
    log = s.entity("LogEntry")
    assert log is not None and log.field("action_flag").check == '"action_flag" >= 0'  # type: ignore[union-attr]
    ct = s.entity("ContentType")
    assert ct is not None
    assert ct.uniques[0].name == "django_content_type_app_label_model_76bd3d3b_uniq"
    assert ct.uniques[0].fields == ("app_label", "model")


@pytest.mark.parametrize("kind", ["db", "sqlalchemy", "markdown"])
def test_importers_that_read_one_source_refuse_a_second(kind: str) -> None:
    with pytest.raises(InputError, match="reads one source at a time"):
        IMPORTERS.get(kind)("first", ImportOptions(extra_sources=("postgresql://u:pw@h/db",)))


def test_conditional_constraints_and_indexes_are_partial_indexes(django_project: Path) -> None:
    """A UniqueConstraint or Index with a `condition` is the partial index Django creates for it
    (django-allauth's unique_primary_email was listed as not carried over)."""
    result = import_django("library_app", ImportOptions())
    loan = result.schema.entity("Loan")
    assert loan is not None
    partial = {ix.name: ix for ix in loan.indexes if ix.where}
    assert partial["uq_open"].unique and partial["uq_open"].field_names == ("member_id", "book_id")
    assert partial["uq_open"].where == '"book_id" IS NOT NULL'
    recent = partial["idx_loans_recent"]
    assert not recent.unique and recent.fields[0].descending
    assert recent.where == "\"due\" > '2020-01-01'"
    assert not [n for n in result.unsupported if "Loan" in n and "not carried" in n]
    assert loads(dumps(result.schema)) == result.schema


def test_a_default_computed_in_python_is_listed(django_project: Path) -> None:
    import django
    from django.db import models

    from pydev_workflow.importers.django import _default

    django.setup()
    notes: list[str] = []
    field = models.JSONField(default=dict)
    field.set_attributes_from_name("meta")
    assert _default(field, "app.Post.meta", notes) is None
    assert notes == [
        "app.Post.meta: default=dict is computed by Django in Python: not carried over"
    ]
    price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("1.50"))
    got = _default(price, "app.Post.price", notes)
    assert got is not None and got.value == "1.50" and len(notes) == 1
